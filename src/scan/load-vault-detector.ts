/**
 * The vault-aware detector's code, loaded only when there is a vault: most
 * commits a hook sees are in repositories without one. In the scan bundle
 * (dist/scan.cjs) this module is dist/load-vault-detector.cjs, which imports
 * the ES module library: the bundle runs from V8's code cache, where a
 * dynamic import of its own has no loader to turn to.
 */
export function loadVaultDetector(): Promise<typeof import('./vault-detector.js')> {
  return import('./vault-detector.js');
}
