import type { ScanRule } from '../types.js';

// Azure: storage and Cosmos DB account keys are 64 bytes of base64 (88
// characters) after AccountKey= in a connection string; Service Bus and Event
// Hubs keys are 32 bytes after SharedAccessKey=; SAS URLs carry sv=<date> and a
// sig= signature; Entra ID client secrets have "Q~" after three characters and a digit.

/** Azure credentials. */
export const azureRules: ScanRule[] = [
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage or Cosmos DB account key in a connection string',
    keywords: ['accountkey='],
    pattern: '\\bAccountKey=([A-Za-z0-9+/]{86}==)',
    ignoreCase: true,
    secretGroup: 1,
    // The storage emulator's published development key (devstoreaccount1).
    examples: ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='],
  },
  {
    id: 'azure-shared-access-key',
    description: 'Azure Service Bus or Event Hubs shared access key',
    keywords: ['sharedaccesskey='],
    pattern: '\\bSharedAccessKey=([A-Za-z0-9+/]{43}=)',
    ignoreCase: true,
    secretGroup: 1,
  },
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature (the sig= of a SAS URL or token)',
    keywords: ['sig='],
    pattern: '\\bsv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\\s"\'<>]{0,400}?\\bsig=([A-Za-z0-9%+/]{40,}(?:=|%3D){0,2})',
    secretGroup: 1,
    minEntropy: 3,
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) application client secret',
    keywords: ['q~'],
    pattern: '(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])',
    minEntropy: 3,
  },
];
