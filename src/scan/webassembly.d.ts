// A WebAssembly text file imports as its compiled bytes (scripts/wat.mjs does the compiling).
declare module '*.wat' {
  const bytes: Uint8Array;
  export default bytes;
}

// The part of the WebAssembly JavaScript API the scanner uses. Node has it all;
// TypeScript declares it only in the DOM library, which this project does not load.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: unknown;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
