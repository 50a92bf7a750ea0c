import type { ScanRule } from '../types.js';

// Connection URLs with a password: scheme://user:password@host. The rules skip
// references (${VAR}, $VAR, %VAR%, {{ var }}, <password>), obvious placeholders,
// and a password equal to the user name (postgres:postgres, guest:guest), which
// are the defaults of local development images rather than leaked secrets.

const placeholder = '(?:passw|pwd|changeme|change_me|example|secret|dummy|redacted|placeholder|your[_-]|xxx|\\*\\*\\*|\\.\\.\\.)';

/** A rule for URLs of `scheme` (a regex alternative) with a password in their user info. */
function connectionUrlRule(id: string, description: string, keywords: string[], scheme: string): ScanRule {
  return {
    id,
    description,
    keywords,
    // Group 1 is the user; group 2, the password, may not start like a reference nor equal the user.
    pattern: `\\b(?:${scheme})://([^\\s:/@'"]*):(?!\\1@)(?![^\\s@/]*${placeholder})(?!(?:pass|test|root|admin|[x*.]+)@)([^\\s:/@'"$<{%*\\[][^\\s/@'"]{2,})@`,
    ignoreCase: true,
    secretGroup: 2,
    minEntropy: 2,
  };
}

/** Database and message-broker URLs with an embedded password. */
export const databaseRules: ScanRule[] = [
  connectionUrlRule('postgres-url-password', 'PostgreSQL connection URL with a password', ['postgres'], 'postgres(?:ql)?(?:\\+\\w+)?'),
  connectionUrlRule('mysql-url-password', 'MySQL or MariaDB connection URL with a password', ['mysql', 'mariadb'], '(?:mysql|mariadb)(?:\\+\\w+)?'),
  connectionUrlRule('mongodb-url-password', 'MongoDB connection URL with a password', ['mongodb'], 'mongodb(?:\\+srv)?'),
  connectionUrlRule('redis-url-password', 'Redis connection URL with a password', ['redis://', 'rediss://'], 'rediss?'),
  connectionUrlRule('amqp-url-password', 'AMQP (RabbitMQ) connection URL with a password', ['amqp://', 'amqps://'], 'amqps?'),
];
