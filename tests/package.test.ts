import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BUNDLED_POLICY_NAMES, type JiuzhuError, ENGINE_VERSION, bundledStoreDirectory, loadPolicy, readPolicyPack } from '../src/node/index.js';
import { jsonSchemas, schemaText } from '../src/core/schemas.js';
import { BUNDLED_POLICIES, canonicalJson, loadPolicy as loadPortablePolicy } from '../src/index.js';
import { bundledIdsText, policyModuleText } from '../scripts/policy-modules.js';
import { errorCodesDoc } from '../scripts/error-codes-doc.js';

const root = join(import.meta.dirname, '..');

describe('the package', () => {
  it('the declarations type-check for ES-module and CommonJS users (nodenext, full library checks) and promise only values that exist', async () => {
    const ts = (await import('typescript')).default;
    const consumers = ['esm.mts', 'cjs.cts'].map((file) => join(root, 'tests/consumers', file));
    const program = ts.createProgram(consumers, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(problems).toEqual([]);
    const checker = program.getTypeChecker();
    const declared = (file: string) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(join(root, 'dist', file))!)!;
      return checker
        .getExportsOfModule(module)
        .filter((s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0)
        .map((s) => s.name)
        .sort();
    };
    expect(declared('index.d.ts')).toEqual(Object.keys(await import(join(root, 'dist/index.js'))).sort());
    expect(declared('index.d.cts')).toEqual(Object.keys(createRequire(import.meta.url)(join(root, 'dist/index.cjs'))).sort());
  });

  it('schemas/ is up to date with the zod schemas (run `npm run schemas` when this fails)', () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      expect(readFileSync(join(root, 'schemas', name), 'utf8'), `schemas/${name} is stale`).toBe(schemaText(schema));
    }
  });

  it('docs/error-codes.md lists every error code with its messages (run `npm run docs` when this fails)', () => {
    expect(readFileSync(join(root, 'docs/error-codes.md'), 'utf8')).toBe(errorCodesDoc());
  });

  it('src/policies/ is up to date with rules/ (run `npm run policies` when this fails)', async () => {
    for (const name of BUNDLED_POLICY_NAMES) {
      expect(readFileSync(join(root, 'src/policies', `${name}.ts`), 'utf8'), `src/policies/${name}.ts is stale`).toBe(await policyModuleText(name));
    }
  });

  it('src/core/policy/bundledIds.ts names every program and reason code of the bundled rules (`npm run policies`)', async () => {
    expect(readFileSync(join(root, 'src/core/policy/bundledIds.ts'), 'utf8')).toBe(await bundledIdsText());
  });

  it('a bundled policy compiled in as data is the very policy its rule folder gives: same document, same sha256', async () => {
    for (const name of BUNDLED_POLICY_NAMES) {
      const fromFolder = await loadPolicy({ dir: join(root, 'rules', BUNDLED_POLICIES[name]) });
      const fromData = await loadPortablePolicy(name);
      expect(fromData.sha256).toBe(fromFolder.sha256);
      expect(canonicalJson(fromData.document)).toBe(canonicalJson(fromFolder.document));
    }
  });

  it('the portable loadPolicy says where a folder of rule files is read', async () => {
    await expect(loadPortablePolicy({ dir: 'rules/provinces/guangdong' } as never)).rejects.toMatchObject({
      kind: 'policy',
      issues: [{ code: 'POLICY_FOLDER_NEEDS_NODE', params: { dir: 'rules/provinces/guangdong' } }],
    });
  });

  it('store/ holds the pack of every bundled policy (run `npm run store` when this fails, and commit the new packs)', async () => {
    const packs = new Set(readdirSync(bundledStoreDirectory()));
    for (const name of BUNDLED_POLICY_NAMES) {
      const { sha256 } = await loadPolicy(name);
      expect(packs.has(`${sha256}.json`), `the rules of ${name} changed: store/ lacks ${sha256}.json`).toBe(true);
    }
  });

  it('every pack in store/ is intact: its content hashes to its name', async () => {
    for (const name of readdirSync(bundledStoreDirectory())) {
      expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
      await expect(readPolicyPack(join(bundledStoreDirectory(), name))).resolves.toMatchObject({ format: 'jiuzhu.policy/1' });
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

  it("an error from either build is instanceof the other's JiuzhuError (an app may load both)", async () => {
    const cjs = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
    const esm = await import(join(root, 'dist', 'index.js'));
    expect(cjs.JiuzhuError).not.toBe(esm.JiuzhuError);
    const fromCjs = await cjs.loadPolicy('guangxi').catch((e: unknown) => e);
    const fromEsm = await esm.loadPolicy('guangxi').catch((e: unknown) => e);
    expect([fromCjs instanceof esm.JiuzhuError, fromEsm instanceof cjs.JiuzhuError, fromCjs instanceof cjs.JiuzhuError]).toEqual([true, true, true]);
    expect([new Error('x') instanceof esm.JiuzhuError, ({}) instanceof esm.JiuzhuError]).toEqual([false, false]);
    const Base = esm.JiuzhuError as typeof JiuzhuError;
    class Narrower extends Base {}
    expect([fromEsm instanceof Narrower, new Narrower('input', []) instanceof Narrower]).toEqual([false, true]);
  });

  it('screens on worker threads from the CommonJS build too (the worker script sits beside it in dist/)', async () => {
    const required = createRequire(import.meta.url)(join(root, 'dist', 'node.cjs'));
    const policy = await required.loadPolicy('guangdong');
    const household = { id: 'a', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01' }] };
    const out = [];
    for await (const row of required.screen(policy, [household], { asOf: '2025-03-01', workers: 1 })) out.push(row);
    expect(out).toMatchObject([{ ok: true, householdId: 'a' }]);
    expect(out[0].missed[0]).toMatchObject({ program: 'dibao', amount: '1309.00' });
  });

  it('every rule-file kind and the household have a schema that rule files point at', () => {
    const names = Object.keys(jsonSchemas());
    for (const kind of ['policy', 'parameters', 'program', 'income', 'conditions', 'citations', 'circles', 'overlay', 'screening', 'household', 'decision', 'record', 'policy-pack']) {
      expect(names).toContain(`${kind}.schema.json`);
    }
  });
});
