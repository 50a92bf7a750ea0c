import type { ScanRule } from '../types.js';

// Slack's token types (api.slack.com, "Token types"): xoxb- bot, xoxp- user,
// xapp- app-level, xoxe- rotating/refresh, older xoxa-/xoxo-/xoxs-/xoxr-; each is
// dash-separated numeric ids followed by a random part. Incoming webhooks are
// URLs under hooks.slack.com whose last segment is the secret.

/** Slack tokens and webhooks. */
export const slackRules: ScanRule[] = [
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    keywords: ['xoxb-'],
    pattern: '\\bxoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{20,40}\\b',
    minEntropy: 3,
  },
  {
    id: 'slack-user-token',
    description: 'Slack user token',
    keywords: ['xoxp-'],
    pattern: '\\bxoxp-(?:[0-9]{8,14}-){3}[A-Za-z0-9]{28,34}\\b',
    minEntropy: 3,
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token',
    keywords: ['xapp-'],
    pattern: '\\bxapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[A-Za-z0-9]{64}\\b',
    minEntropy: 3,
  },
  {
    id: 'slack-config-token',
    description: 'Slack rotating access or refresh token (xoxe)',
    keywords: ['xoxe'],
    pattern: '\\bxoxe(?:\\.xox[bp])?-[0-9]-[A-Za-z0-9]{100,}',
    minEntropy: 3,
  },
  {
    id: 'slack-legacy-token',
    description: 'Slack legacy workspace, OAuth or refresh token',
    keywords: ['xoxa-', 'xoxo-', 'xoxs-', 'xoxr-'],
    pattern: '\\bxox[aors]-(?=[A-Za-z0-9-]{30,})[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}',
    minEntropy: 3,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook or workflow trigger URL',
    keywords: ['hooks.slack.com'],
    pattern:
      'https://hooks\\.slack\\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}|(?:workflows|triggers)/T[A-Z0-9]{8,12}/A[A-Z0-9]{8,12}/[0-9]{15,20}/[A-Za-z0-9]{32})\\b',
    // Slack's own documentation uses this one.
    examples: ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  },
];
