import type { ScanRule } from '../types.js';

// Stripe's API keys (docs.stripe.com/keys): sk_ secret and rk_ restricted keys,
// each in a live_ or test_ mode, then base62; whsec_ is a webhook signing secret.
// Publishable keys (pk_) are meant to be public and have no rule.

/** Stripe keys. */
export const stripeRules: ScanRule[] = [
  {
    id: 'stripe-live-secret-key',
    description: 'Stripe live-mode secret key',
    keywords: ['sk_live_'],
    pattern: '\\bsk_live_[A-Za-z0-9]{20,247}\\b',
    minEntropy: 3,
  },
  {
    id: 'stripe-test-secret-key',
    description: 'Stripe test-mode secret key',
    keywords: ['sk_test_'],
    pattern: '\\bsk_test_[A-Za-z0-9]{20,247}\\b',
    minEntropy: 3,
    // The sample key Stripe's API reference shows to every reader.
    examples: ['sk_test_4eC39HqLyjWDarjtT1zdp7dc'],
  },
  {
    id: 'stripe-restricted-key',
    description: 'Stripe restricted API key',
    keywords: ['rk_live_', 'rk_test_'],
    pattern: '\\brk_(?:live|test)_[A-Za-z0-9]{20,247}\\b',
    minEntropy: 3,
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe (or Svix-style) webhook signing secret',
    keywords: ['whsec_'],
    pattern: '\\bwhsec_[A-Za-z0-9+/]{24,}={0,2}',
    minEntropy: 3,
  },
];
