// jiuzhu/node bundled into one file by esbuild, as a serverless handler is: the bundled policy loads with no rules/
// folder, and screening runs on worker threads from the worker script bundled beside it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/node/index.js';

const root = join(import.meta.dirname, '..');

describe('a Node handler bundled with esbuild', () => {
  it('loads a bundled policy and screens on worker threads, with no node_modules and no rules/ beside it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jiuzhu-handler-'));
    const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'silent', absWorkingDir: root } as const;
    await build({ ...common, entryPoints: [join(root, 'tests/bundle/handler.ts')], format: 'esm', outfile: join(out, 'handler.mjs') });
    // The worker thread runs a script of its own: bundled beside the handler, where jiuzhu looks for it.
    await build({ ...common, entryPoints: ['jiuzhu/screen-worker'], format: 'cjs', outfile: join(out, 'screen-worker.cjs') });
    expect(readdirSync(out).sort()).toEqual(['handler.mjs', 'screen-worker.cjs']);
    const output = execFileSync(process.execPath, [join(out, 'handler.mjs')], { cwd: out, encoding: 'utf8', env: { PATH: process.env.PATH } });
    const result = JSON.parse(output) as { policy: string; sha256: string; rows: { id: string; missed: string[] }[] };
    expect(result.policy).toBe('guangdong');
    expect(result.sha256).toBe((await loadPolicy('guangdong')).sha256);
    expect(result.rows.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => `h${i}`));
    expect(result.rows[0]).toEqual({ id: 'h0', missed: expect.arrayContaining(['dibao 1309.00']) });
  });
});
