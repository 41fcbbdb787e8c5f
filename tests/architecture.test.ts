import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, reachable } from './helpers/importGraph.js';

const src = join(import.meta.dirname, '..', 'src');
const graph = importGraph(src);

/** What the portable core may import from outside src/: packages that need no Node API. */
const PORTABLE_PACKAGES = ['zod', 'decimal.js', '@noble/hashes/sha2', '@noble/hashes/utils', 'fastest-levenshtein', 'pure-rand/distribution/uniformInt', 'pure-rand/generator/xoroshiro128plus'];

/** The entries that must run anywhere: `jiuzhu` and `jiuzhu/policies/<name>`. */
const PORTABLE_ENTRIES = ['index.ts', ...[...graph.keys()].filter((m) => m.startsWith('policies/'))];

describe('the architecture', () => {
  it('has no import cycle in src/ (what runs: type-only imports are erased)', () => {
    expect(cycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const looped = new Map([
      ['a.ts', { local: ['b.ts'], external: [] }],
      ['b.ts', { local: ['c.ts'], external: [] }],
      ['c.ts', { local: ['a.ts'], external: [] }],
    ]);
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('reaches no node: import, no Node built-in and no Node-only package from the portable entries', () => {
    const builtins = new Set(builtinModules);
    const offending: string[] = [];
    for (const [module, path] of reachable(graph, PORTABLE_ENTRIES)) {
      for (const specifier of graph.get(module)?.external ?? []) {
        const nodeOnly = specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!) || !PORTABLE_PACKAGES.includes(specifier);
        if (nodeOnly) offending.push(`${specifier} via ${path.join(' → ')}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps the core out of the Node side: nothing in src/core imports src/node or src/reference', () => {
    const crossing = [...graph].flatMap(([module, { local }]) =>
      module.startsWith('core/') ? local.filter((m) => !m.startsWith('core/') && !m.startsWith('policies/')).map((m) => `${module} → ${m}`) : [],
    );
    expect(crossing).toEqual([]);
  });
});
