import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../src/index.js';
import { jsonSchemas, schemaText } from '../src/schemas.js';

const root = join(import.meta.dirname, '..');

describe('the package', () => {
  it('schemas/ is up to date with the zod schemas (run `npm run schemas` when this fails)', () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      expect(readFileSync(join(root, 'schemas', name), 'utf8'), `schemas/${name} is stale`).toBe(schemaText(schema));
    }
  });

  it('writes its own version into decisions', () => {
    expect(ENGINE_VERSION).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('loads as CommonJS too', () => {
    const required = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
    expect(typeof required.loadPolicy).toBe('function');
    expect(typeof required.evaluate).toBe('function');
  });

  it('screens on worker threads from the CommonJS build too (the worker script sits beside it in dist/)', async () => {
    const required = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
    const policy = await required.loadPolicy('guangdong');
    const household = { id: 'a', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }] };
    const out = [];
    for await (const row of required.screen(policy, [household], { asOf: '2025-03-01', workers: 1 })) out.push(row);
    expect(out).toMatchObject([{ ok: true, householdId: 'a', missed: [{ program: 'dibao', amount: '1309.00' }] }]);
  });

  it('every rule-file kind and the household have a schema that rule files point at', () => {
    const names = Object.keys(jsonSchemas());
    for (const kind of ['policy', 'parameters', 'program', 'income', 'conditions', 'citations', 'circles', 'overlay', 'screening', 'household', 'decision']) {
      expect(names).toContain(`${kind}.schema.json`);
    }
  });
});
