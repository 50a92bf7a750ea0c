import type { ScanRule } from '../types.js';
import { aiRules } from './ai.js';
import { awsRules } from './aws.js';
import { azureRules } from './azure.js';
import { databaseRules } from './databases.js';
import { githubRules } from './github.js';
import { gitlabRules } from './gitlab.js';
import { googleRules } from './google.js';
import { hashicorpRules } from './hashicorp.js';
import { keyRules } from './keys.js';
import { packageRules } from './packages.js';
import { saasRules } from './saas.js';
import { slackRules } from './slack.js';
import { stripeRules } from './stripe.js';

/** Every built-in credential rule, one vendor family per file. */
export const credentialRules: ScanRule[] = [
  ...awsRules,
  ...githubRules,
  ...gitlabRules,
  ...slackRules,
  ...stripeRules,
  ...googleRules,
  ...azureRules,
  ...aiRules,
  ...packageRules,
  ...saasRules,
  ...hashicorpRules,
  ...keyRules,
  ...databaseRules,
];
