import type { ScanRule } from '../types.js';

// From the AWS IAM and STS documentation: access key ids are 20 upper-case
// characters behind a type prefix (AKIA long-term, ASIA temporary, ABIA and ACCA
// service-specific); secret access keys are 40 base64 characters with no prefix.

/** AWS credentials. */
export const awsRules: ScanRule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    keywordsMatchCase: true,
    pattern: '\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b',
    examples: ['AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'],
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key assigned to an aws_secret_access_key-like name',
    // A bare 40-character base64 string could be anything: only the name makes it an AWS secret.
    keywords: ['aws_secret', 'aws-secret', 'awssecret', 'secret_access', 'secret-access', 'secretaccess'],
    pattern: '(?:aws[_-]?secret(?:[_-]?access)?[_-]?key|secret[_-]?access[_-]?key)["\']?\\s*(?:=>|:=|[:=])\\s*["\']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])',
    ignoreCase: true,
    secretGroup: 1,
    // Random keys sit near 5 bits per character; a 40-digit hex hash stays under 4.
    minEntropy: 4.2,
    examples: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'],
  },
  {
    id: 'aws-session-token',
    description: 'AWS STS session token',
    // Session tokens are base64 of a structure whose first bytes are fixed; these are their encodings.
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdz', 'aqodyxdz'],
    pattern: '(?<![A-Za-z0-9/+])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9/+]{100,}={0,2}',
  },
  {
    id: 'aws-mws-auth-token',
    description: 'Amazon Marketplace Web Service auth token',
    keywords: ['amzn.mws.'],
    pattern: '\\bamzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b',
  },
];
