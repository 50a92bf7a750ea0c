import type { ScanRule } from '../types.js';

// AI platforms. OpenAI keys contain "T3BlbkFJ" (base64 of "OpenAI"); newer ones
// are sk-proj-, sk-svcacct- or sk-admin- and well over 100 characters. Anthropic
// keys are sk-ant-api03- (admin: sk-ant-admin01-) and about 95 URL-safe
// characters. Hugging Face user tokens are hf_ and 34 characters; Replicate r8_;
// Groq gsk_.

/** AI platform keys. */
export const aiRules: ScanRule[] = [
  {
    id: 'openai-api-key',
    description: 'OpenAI API key (user key format)',
    keywords: ['t3blbkfj'],
    pattern: '\\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\\b',
  },
  {
    id: 'openai-project-key',
    description: 'OpenAI project, service-account or admin key',
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    pattern: '\\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}',
    minEntropy: 3.5,
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    keywords: ['sk-ant-api'],
    pattern: '\\bsk-ant-api[0-9]{2}-[A-Za-z0-9_-]{80,120}',
    minEntropy: 3.5,
  },
  {
    id: 'anthropic-admin-key',
    description: 'Anthropic Admin API key',
    keywords: ['sk-ant-admin'],
    pattern: '\\bsk-ant-admin[0-9]{2}-[A-Za-z0-9_-]{80,120}',
    minEntropy: 3.5,
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face user access token',
    keywords: ['hf_'],
    pattern: '\\bhf_[A-Za-z0-9]{34}\\b',
    minEntropy: 3,
  },
  {
    id: 'huggingface-org-token',
    description: 'Hugging Face organization API token (deprecated)',
    keywords: ['api_org_'],
    pattern: '\\bapi_org_[A-Za-z0-9]{34}\\b',
    minEntropy: 3,
  },
  {
    id: 'replicate-api-token',
    description: 'Replicate API token',
    keywords: ['r8_'],
    keywordsMatchCase: true,
    pattern: '\\br8_[A-Za-z0-9]{37}\\b',
    minEntropy: 3,
  },
  {
    id: 'groq-api-key',
    description: 'Groq API key',
    keywords: ['gsk_'],
    pattern: '\\bgsk_[A-Za-z0-9]{52}\\b',
    minEntropy: 3,
  },
];
