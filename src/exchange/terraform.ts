import { VaultfileError } from '../errors.js';

// Terraform's `external` data source (registry.terraform.io/providers/hashicorp/external)
// sends the `query` argument as one JSON object of strings on standard input and
// expects one JSON object of strings on standard output.

/** One entry of a Terraform query: the result key and the secret path it asks for. */
export interface TerraformRequest {
  key: string;
  path: string;
}

/** Reads the query: every key is a result name, every value a secret path. INPUT_INVALID otherwise. */
export function parseTerraformQuery(text: string): TerraformRequest[] {
  let query: unknown;
  try {
    query = JSON.parse(text);
  } catch {
    throw invalid('the query on standard input is not valid JSON');
  }
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalid('the query must be a JSON object');
  const requests = Object.entries(query).map(([key, path]) => {
    if (typeof path !== 'string') throw invalid(`the query value for ${JSON.stringify(key)} must be a secret path string`);
    return { key, path };
  });
  if (requests.length === 0) throw invalid('the query names no secrets');
  return requests;
}

/** The result object Terraform reads: compact JSON of strings. */
export function formatTerraformResult(values: ReadonlyMap<string, string>): string {
  return `${JSON.stringify(Object.fromEntries(values))}\n`;
}

function invalid(message: string): VaultfileError {
  return new VaultfileError('INPUT_INVALID', message, { hint: 'query = { result_name = "secret/path", … } in the data "external" block; see docs/INTEGRATIONS.md' });
}
