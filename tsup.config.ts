import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    shims: true,
    target: 'node20',
    sourcemap: false,
  },
  {
    entry: { cli: 'src/node/cli/main.ts' },
    format: ['esm'],
    shims: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The screening worker thread: loaded by file name from dist/ (see src/node/screen/pool.ts). CommonJS, because piscina
    // loads it with require(): Node 20's require() of an ES module crashed V8 (IsGraphAsync) when many workers
    // started at once.
    entry: { 'screen-worker': 'src/node/screen/worker.ts' },
    format: ['cjs'],
    shims: true,
    target: 'node20',
  },
]);
