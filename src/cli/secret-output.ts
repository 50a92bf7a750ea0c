import type { SecretMetadata } from '../format/secret-file.js';

// ignoreBOM keeps a leading U+FEFF: it is part of the value, not a marker to strip.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A value for JSON output: UTF-8 text as is, anything else as base64. */
export function valueForJson(value: Uint8Array): { value: string; encoding: 'utf8' | 'base64' } {
  try {
    return { value: utf8.decode(value), encoding: 'utf8' };
  } catch {
    return { value: Buffer.from(value).toString('base64'), encoding: 'base64' };
  }
}

/** Metadata as `key: value` lines for people. */
export function metadataLines(metadata: SecretMetadata): string[] {
  const lines = [
    `path: ${metadata.path}`,
    `group: ${metadata.group}`,
    `version: ${metadata.version}`,
    `epoch: ${metadata.epoch}`,
    `created: ${metadata.created}`,
    `updated: ${metadata.updated}`,
  ];
  if (metadata.expires !== undefined) lines.push(`expires: ${metadata.expires}`);
  for (const [key, value] of Object.entries(metadata.custom)) lines.push(`${key}: ${value}`);
  return lines;
}
