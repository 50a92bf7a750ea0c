// WebAssembly text (.wat) files imported by the sources become modules whose
// default export is the compiled bytes. The bundler (scripts/build.mjs) and
// the test runner (vitest.config.ts) both use this, so tests run the same
// WebAssembly the bundle carries. wabt is the WebAssembly project's own
// assembler, built for JavaScript.
import { readFile } from 'node:fs/promises';
import initWabt from 'wabt';

let wabt;

/** The binary module for the text in `source`; `name` is for error messages. */
export async function assembleWat(source, name) {
  wabt ??= await initWabt();
  const module = wabt.parseWat(name, source);
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** JavaScript source of a module exporting `bytes`. */
function bytesModule(bytes) {
  return `export default Buffer.from(${JSON.stringify(Buffer.from(bytes).toString('base64'))}, 'base64');\n`;
}

/** esbuild: `import bytes from './x.wat'`. */
export const esbuildWat = {
  name: 'wat',
  setup(builder) {
    builder.onLoad({ filter: /\.wat$/ }, async ({ path }) => ({ contents: bytesModule(await assembleWat(await readFile(path, 'utf8'), path)), loader: 'js' }));
  },
};

/** Vite (vitest): `import bytes from './x.wat'`. */
export const viteWat = {
  name: 'wat',
  async load(id) {
    if (!id.endsWith('.wat')) return null;
    return bytesModule(await assembleWat(await readFile(id, 'utf8'), id));
  },
};
