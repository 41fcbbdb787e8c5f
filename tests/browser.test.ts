// In a real browser: the core bundled for the browser with no shims, and the citizen self-check page. Needs Debian's
// chromium (.ci/run installs it); without it these tests fail and say so.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadPolicy, toRecord } from '../src/index.js';
import example from '../examples/households/guangzhou-2023-prison.json' with { type: 'json' };
import { chromiumForTests, serve } from './helpers/browser.js';

const root = join(import.meta.dirname, '..');
const browser = chromiumForTests();

describe('in headless Chromium', () => {
  it('the core, bundled for the browser with no shims, decides and explains the Guangzhou example as Node does', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jiuzhu-core-page-'));
    const { bundleCorePage } = (await import(join(root, 'tests/browser/bundle-core-page.mjs'))) as { bundleCorePage(): Promise<Uint8Array> };
    writeFileSync(join(out, 'page.js'), await bundleCorePage());
    writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>');
    const server = await serve(out);
    try {
      const page = await browser().newPage();
      await page.goto(server.url);
      const result = await page.waitForFunction(() => (globalThis as { jiuzhuResult?: unknown }).jiuzhuResult).then((h) => h.jsonValue());
      const nodeDecision = await evaluate(await loadPolicy('guangdong'), example, { asOf: '2023-06-01' });
      expect(result).toMatchObject({
        dibao: '1952.00',
        sha256: nodeDecision.policy.sha256,
        recordVerifies: true,
        // The browser's sha256 (@noble/hashes) writes the very record Node writes.
        recordSha256: toRecord(nodeDecision, example).sha256,
      });
      expect((result as { explanation: string }).explanation).toContain('【最低生活保障】符合条件，每月 1952.00 元');
    } finally {
      await server.close();
    }
  });

  it('the self-check page: a citizen fills in the Guangzhou example and reads 低保 1952.00 off the page', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jiuzhu-self-check-'));
    const { buildSelfCheck } = (await import(join(root, 'examples/self-check/build.mjs'))) as { buildSelfCheck(out: string): Promise<{ file: string; gzip: number }[]> };
    const sizes = await buildSelfCheck(out);
    const gzip = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`self-check page: ${sizes.length} files, ${(gzip / 1024).toFixed(1)} KiB gzipped in all`);
    const server = await serve(out);
    try {
      const page = await browser().newPage({ viewport: { width: 900, height: 1400 } });
      await page.goto(server.url);
      await page.selectOption('#region', '440100');
      await page.selectOption('#area', 'urban');
      await page.fill('#asOf', '2023-06-01');
      await page.fill('#floorArea', '68');
      const people = [
        { relation: 'applicant', birthDate: '1975-04-12', employment: 'employed', wage: '3000' },
        { relation: 'spouse', birthDate: '1977-09-30', employment: 'unemployed', otherKind: 'preferentialTreatment', otherAmount: '500' },
        { relation: 'child', birthDate: '1998-02-14', employment: 'unemployed' },
        { relation: 'child', birthDate: '2000-06-01', employment: 'unemployed' },
        { relation: 'child', birthDate: '1996-11-20', employment: '', exclusion: 'prison' },
      ];
      for (const [i, person] of people.entries()) {
        if (i > 0) await page.click('#addMember');
        const row = page.locator('.member').nth(i);
        for (const [name, value] of Object.entries(person)) {
          const field = row.locator(`[name=${name}]`);
          if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
          else await field.fill(value);
        }
      }
      await page.click('#check');
      const amount = page.locator('.amount[data-program="dibao"]');
      await amount.waitFor();
      expect(await amount.textContent()).toBe('1952.00');
      expect(await page.locator('#programs').textContent()).toContain('最低生活保障：可能符合条件，估算 1952.00 元/月');
      expect(await page.locator('#notice').textContent()).toContain('以当地民政部门');
      mkdirSync(join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-results', 'self-check.png'), fullPage: true });
    } finally {
      await server.close();
    }
  });
});
