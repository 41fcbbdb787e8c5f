import { defineConfig } from 'tsup';
import { BUNDLED_POLICY_NAMES } from './src/core/policy/bundled.js';

/**
 * jsonc-parser (where in a rule file a problem is) is compiled into dist/ from its ES-module build, not imported at
 * run time: its package's `main` is a UMD build whose inner require() calls a bundler cannot follow, and esbuild for
 * Node picks `main` first — a service bundling jiuzhu/node (as the README shows) got "Dynamic require of
 * ./impl/format is not supported" on start. (So it is a devDependency: nothing imports it from dist/.)
 */
const inlined = {
  noExternal: ['jsonc-parser'],
  esbuildOptions(options: { mainFields?: string[] }) {
    options.mainFields = ['module', 'main'];
  },
};

export default defineConfig([
  {
    // The library's entries in one build, split into shared chunks: `jiuzhu/node` re-exports the core, and with
    // one copy of each module an application that imports both has one JiuzhuError, one policy cache. Each bundled
    // policy is an entry of its own (`jiuzhu/policies/<name>`), imported by loadPolicy only when asked for.
    entry: {
      index: 'src/index.ts',
      node: 'src/node/index.ts',
      reference: 'src/reference/index.ts',
      ...Object.fromEntries(BUNDLED_POLICY_NAMES.map((name) => [`policies/${name}`, `src/policies/${name}.ts`])),
    },
    format: ['esm', 'cjs'],
    splitting: true,
    dts: true,
    clean: false,
    shims: true,
    target: 'node20',
    sourcemap: false,
    ...inlined,
  },
  {
    // The command line: each command is a chunk of its own, loaded when it runs, so `jiuzhu --help` starts at once.
    entry: { cli: 'src/node/cli/main.ts' },
    format: ['esm'],
    splitting: true,
    shims: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    ...inlined,
  },
  {
    // The screening worker thread: loaded by file name from dist/ (see src/node/screen/pool.ts). CommonJS, because piscina
    // loads it with require(): Node 20's require() of an ES module crashed V8 (IsGraphAsync) when many workers
    // started at once.
    entry: { 'screen-worker': 'src/node/screen/worker.ts' },
    format: ['cjs'],
    shims: true,
    target: 'node20',
    ...inlined,
  },
]);
