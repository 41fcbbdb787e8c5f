// The HTML report of `jiuzhu compare --report`, in headless Chromium: it renders with nothing fetched, its totals are
// the --json totals, and it fits an A4 page. Needs Debian's chromium (.ci/run installs it).
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/node/index.js';
import { generateHouseholds } from '../src/core/screen/generate.js';
import { runCli } from '../src/node/cli/run.js';
import { chromiumForTests } from './helpers/browser.js';
import { copyRules, editJson } from './helpers/ruleCopy.js';

const root = join(import.meta.dirname, '..');
const browser = chromiumForTests();

/** The value at a dotted path of the JSON report, where arrays of places and programs are keyed by region and program. */
function at(report: Record<string, unknown>, path: string): unknown {
  const parts = path.split('.');
  let value: unknown = report;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(value)) {
      // programs and places are lists: find the item by its id (a program id may itself hold dots)
      const rest = parts.slice(i).join('.');
      const ids = (x: { program?: string; region?: string }) => String(x.program ?? x.region);
      // the longest id that opens the rest: `dibao.single.cost` is dibao.single's, not dibao's
      const item = value.filter((x) => rest.startsWith(`${ids(x)}.`)).sort((a, b) => ids(b).length - ids(a).length)[0];
      const id = ids(item);
      value = item;
      i += id.split('.').length - 1;
      continue;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

describe('compare --report in headless Chromium', () => {
  it('renders a self-contained page whose totals equal the --json totals, and that fits A4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-compare-report-'));
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'].push({ region: '440100', from: '2026-07-01', value: '1400.00', illustrative: true, note: { zh: '测试', en: 'test' } });
    });
    const population = join(dir, 'people.ndjson');
    const guangdong = await loadPolicy('guangdong');
    writeFileSync(population, [...generateHouseholds(guangdong, { households: 1200, seed: 3, asOf: '2026-07-01' })].map((h) => JSON.stringify(h)).join('\n'));
    const html = join(dir, 'report.html');
    const out: string[] = [];
    const code = await runCli(
      ['compare', population, '--policy', 'guangdong', '--against', join(rules, 'provinces/guangdong'), '--as-of', '2026-07-01', '--json', '--report', html, '--workers', '0'],
      { out: (t) => out.push(t), err: () => {} },
    );
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n'));

    const page = await browser().newPage({ viewport: { width: 794, height: 1123 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(html).href);
    // Nothing fetched but the page itself: no font, script, image or style from anywhere.
    expect(requests).toEqual([pathToFileURL(html).href]);
    expect(await page.locator('h1').textContent()).toBe('政策调整测算报告');
    expect(await page.locator('svg').count()).toBe(2);

    const totals = await page.locator('[data-total]').evaluateAll((cells) => cells.map((c) => [c.getAttribute('data-total')!, c.textContent!.trim()]));
    expect(totals.length).toBeGreaterThan(15);
    for (const [path, text] of totals) expect(text, path).toBe(String(at(report, path)));
    expect(totals.map(([path]) => path)).toEqual(expect.arrayContaining(['overall.monthly.change', 'overall.yearly.change', 'households.newlyEligible', 'overall.programs.dibao.cost.after']));

    mkdirSync(join(root, 'test-results'), { recursive: true });
    const screenshot = join(root, 'test-results', 'compare-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);

    // Printed: at A4's width less its margins (186 mm ≈ 703 px), nothing is wider than the page.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 703, height: 1000 });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The page is the report of the numbers it shows, whatever the language
    expect(readFileSync(html, 'utf8')).not.toMatch(/<script|<link|@import|url\(/);
  });
});
