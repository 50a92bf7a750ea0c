import type { ScanRule } from '../types.js';

// Hosted services whose documentation gives their keys a recognisable shape.
// Services without a prefix (Twilio auth tokens, Mailgun's newer keys) are
// matched only next to their name.

/** Keys of hosted services. */
export const saasRules: ScanRule[] = [
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    keywords: ['sg.'],
    pattern: '\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])',
    minEntropy: 3,
  },
  {
    id: 'twilio-auth-token',
    description: 'Twilio auth token or API key secret assigned to a twilio-named setting',
    keywords: ['twilio'],
    pattern: 'twilio[\\w.-]{0,30}?(?:auth[_-]?token|secret)["\']?\\s*(?:=>|:=|[:=])\\s*["\']?([a-f0-9]{32})\\b',
    ignoreCase: true,
    secretGroup: 1,
    minEntropy: 3,
  },
  {
    id: 'shopify-access-token',
    description: 'Shopify Admin API, custom app or private app access token',
    keywords: ['shpat_', 'shpca_', 'shppa_'],
    pattern: '\\bshp(?:at|ca|pa)_[a-fA-F0-9]{32}\\b',
    minEntropy: 3,
  },
  {
    id: 'shopify-shared-secret',
    description: 'Shopify app shared secret',
    keywords: ['shpss_'],
    pattern: '\\bshpss_[a-fA-F0-9]{32}\\b',
    minEntropy: 3,
  },
  {
    id: 'digitalocean-personal-access-token',
    description: 'DigitalOcean personal access token',
    keywords: ['dop_v1_'],
    pattern: '\\bdop_v1_[a-f0-9]{64}\\b',
    minEntropy: 3,
  },
  {
    id: 'digitalocean-oauth-token',
    description: 'DigitalOcean OAuth access or refresh token',
    keywords: ['doo_v1_', 'dor_v1_'],
    pattern: '\\bdo[or]_v1_[a-f0-9]{64}\\b',
    minEntropy: 3,
  },
  {
    id: 'linear-api-key',
    description: 'Linear personal API key',
    keywords: ['lin_api_'],
    pattern: '\\blin_api_[A-Za-z0-9]{40}\\b',
    minEntropy: 3,
  },
  {
    id: 'postman-api-key',
    description: 'Postman API key',
    keywords: ['pmak-'],
    pattern: '\\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\\b',
    minEntropy: 3,
  },
  {
    id: 'newrelic-user-api-key',
    description: 'New Relic user API key',
    keywords: ['nrak-'],
    pattern: '\\bNRAK-[A-Z0-9]{27}\\b',
    minEntropy: 3,
  },
  {
    id: 'newrelic-license-key',
    description: 'New Relic ingest license key',
    keywords: ['nral'],
    pattern: '\\b[a-f0-9]{36}NRAL\\b',
    minEntropy: 3,
  },
  {
    id: 'grafana-cloud-token',
    description: 'Grafana Cloud access policy token',
    keywords: ['glc_'],
    pattern: '\\bglc_[A-Za-z0-9+/]{32,400}={0,2}',
    minEntropy: 3,
  },
  {
    id: 'grafana-service-account-token',
    description: 'Grafana service account token',
    keywords: ['glsa_'],
    pattern: '\\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\\b',
    minEntropy: 3,
  },
  {
    id: 'grafana-api-key',
    description: 'Grafana legacy API key (base64 JSON starting {"k":)',
    keywords: ['eyjrijoi'],
    // A JWT also starts eyJ but goes on with a dot; refuse those.
    pattern: '\\beyJrIjoi[A-Za-z0-9+/]{50,}={0,2}(?![A-Za-z0-9+/=.])',
  },
  {
    id: 'mailgun-api-key',
    description: 'Mailgun private API key (key- format)',
    // `key-` and a hex digit: `key-` alone is in every other file.
    keywords: Array.from('0123456789abcdef', (digit) => `key-${digit}`),
    pattern: '\\bkey-[a-f0-9]{32}\\b',
    minEntropy: 3,
  },
  {
    id: 'mailgun-signing-key',
    description: 'Mailgun API or webhook signing key assigned to a mailgun-named setting',
    keywords: ['mailgun'],
    pattern: 'mailgun[\\w.-]{0,30}?(?:key|secret)["\']?\\s*(?:=>|:=|[:=])\\s*["\']?([a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})\\b',
    ignoreCase: true,
    secretGroup: 1,
    minEntropy: 3,
  },
  {
    id: 'databricks-token',
    description: 'Databricks personal access token',
    keywords: ['dapi'],
    pattern: '\\bdapi[a-f0-9]{32}(?:-[0-9])?\\b',
    minEntropy: 3,
  },
  {
    id: 'atlassian-api-token',
    description: 'Atlassian (Jira, Confluence) API token',
    keywords: ['atatt3'],
    pattern: '\\bATATT3[A-Za-z0-9_=-]{150,}',
    minEntropy: 3,
  },
  {
    id: 'sentry-auth-token',
    description: 'Sentry organization or user auth token',
    keywords: ['sntrys_', 'sntryu_'],
    pattern: '\\bsntry[su]_[A-Za-z0-9+/=_]{40,}',
    minEntropy: 3,
  },
  {
    id: 'doppler-token',
    description: 'Doppler personal, service, CLI or service-account token',
    keywords: ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'],
    pattern: '\\bdp\\.(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}\\b',
    minEntropy: 3,
  },
  {
    id: 'pulumi-access-token',
    description: 'Pulumi access token',
    keywords: ['pul-'],
    pattern: '\\bpul-[a-f0-9]{40}\\b',
    minEntropy: 3,
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram bot token',
    keywords: [':aa'],
    pattern: '\\b[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])',
    minEntropy: 3,
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    keywords: ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
    pattern: 'https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}',
  },
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp API key',
    // `-us` and a digit, not `-us` alone: `en-US` and `--use` are in every other file.
    keywords: Array.from({ length: 10 }, (_, digit) => `-us${digit}`),
    // The key is 32 hex digits; `-usN` names its data centre. Finding `-us` first and then looking
    // back for the digits is several times faster than trying 32 hex digits at every position.
    pattern: '-us(?<=\\b([a-f0-9]{32})-us)[0-9]{1,2}\\b',
    secretGroup: 1,
    minEntropy: 3,
  },
  {
    id: 'square-access-token',
    description: 'Square access token',
    keywords: ['eaaa', 'sq0atp-'],
    pattern: '\\b(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])',
    minEntropy: 3,
  },
  {
    id: 'square-oauth-secret',
    description: 'Square OAuth application secret',
    keywords: ['sq0csp-'],
    pattern: '\\bsq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])',
    minEntropy: 3,
  },
  {
    id: 'supabase-access-token',
    description: 'Supabase personal access token',
    keywords: ['sbp_'],
    pattern: '\\bsbp_[a-f0-9]{40}\\b',
    minEntropy: 3,
  },
  {
    id: 'planetscale-token',
    description: 'PlanetScale service token, OAuth token or database password',
    keywords: ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
    pattern: '\\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}',
    minEntropy: 3,
  },
  {
    id: 'notion-integration-token',
    description: 'Notion integration token',
    keywords: ['ntn_'],
    pattern: '\\bntn_[A-Za-z0-9]{40,50}\\b',
    minEntropy: 3,
  },
];
