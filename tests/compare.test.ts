import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  changeTotals,
  compare,
  compareFile,
  compareHousehold,
  comparePopulation,
  createChangeTally,
  evaluateSync,
  loadPolicy,
  mergeChangeTallies,
  parameterDifferences,
  programOutcomes,
  recordLine,
  tallyHousehold,
  toRecord,
  type HouseholdChange,
  type Policy,
  type ProgramOutcomes,
} from '../src/node/index.js';
import { generateHouseholds } from '../src/core/screen/generate.js';
import { Dec } from '../src/core/money/decimal.js';
import { changesCsv } from '../src/node/compare/changesCsv.js';
import { undeterminedLine } from '../src/core/compare/html.js';
import { renderTotals } from '../src/node/compare/render.js';
import { runCli } from '../src/node/cli/run.js';
import { copyRules, editJson } from './helpers/ruleCopy.js';

const AS_OF = '2026-07-01';
/** The README's Guangzhou family (4 counted, per-capita 750): 低保 (1309 − 750) × 4 = 2236.00 in 2026, (1400 − 750) × 4 = 2600.00 raised. */
const family = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'examples/households/guangzhou-2023-prison.json'), 'utf8'));

let today: Policy;
let raised: Policy;
let raisedDir: string;
let cityLayer: Policy;
beforeAll(async () => {
  today = await loadPolicy('guangdong');
  const rules = copyRules();
  editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
    json.values['dibao.standard'].push({ region: '440100', from: AS_OF, value: '1400.00', illustrative: true, note: { zh: '测试', en: 'test' } });
  });
  raisedDir = join(rules, 'provinces/guangdong');
  raised = await loadPolicy({ dir: raisedDir });
  // A city's own thin layer: the same raise, in a policy that covers Guangzhou only.
  const layer = join(rules, '..', 'guangzhou');
  mkdirSync(layer);
  writeFileSync(join(layer, 'policy.json'), JSON.stringify({ kind: 'policy', id: 'guangzhou', version: '2026.7.0', name: { zh: '广州', en: 'Guangzhou' }, region: '440100', extends: '../rules/provinces/guangdong' }));
  cityLayer = await loadPolicy({ dir: layer });
}, 60_000);

describe('compareHousehold', () => {
  it('decides a household under both policies, exactly as evaluate does', () => {
    const change = compareHousehold(today, raised, family, AS_OF) as HouseholdChange;
    expect(change.ok).toBe(true);
    expect(change.before.dibao).toEqual({ status: 'eligible', amount: '2236.00', persons: 4 });
    expect(change.after.dibao).toEqual({ status: 'eligible', amount: '2600.00', persons: 4 });
    expect(change.after).toEqual(programOutcomes(evaluateSync(raised, family, { asOf: AS_OF }).programs));
    expect(change.before).toEqual(programOutcomes(evaluateSync(today, family, { asOf: AS_OF }).programs));
  });

  it('a population generated for a city layer lies in that city, so all of it is compared', () => {
    const regions = new Set([...generateHouseholds(cityLayer, { households: 300, seed: 4, asOf: AS_OF })].map((h) => h.region.slice(0, 4)));
    expect([...regions]).toEqual(['4401']);
    expect(new Set([...generateHouseholds(today, { households: 300, seed: 4, asOf: AS_OF })].map((h) => h.region.slice(0, 4))).size).toBeGreaterThan(5);
  });

  it('a bad household is an error row with every problem; one outside a policy\'s region is counted apart', () => {
    const bad = compareHousehold(today, raised, { ...family, members: [] }, AS_OF, 7);
    expect(bad).toMatchObject({ ok: false, index: 7, householdId: family.id });
    const shenzhen = compareHousehold(today, cityLayer, { ...family, region: '440300' }, AS_OF);
    expect(shenzhen).toMatchObject({ ok: true, outside: 'after', before: {}, after: {} });
    const wuhan = compareHousehold(today, cityLayer, { ...family, region: '420100' }, AS_OF);
    expect(wuhan.ok).toBe(false);
  });
});

describe('the totals (one module for compare and replay --against)', () => {
  const side = (amount: string, status: 'eligible' | 'undetermined' = 'eligible', persons = 1) => ({ status, amount, persons });
  const periods = [
    { id: 'dibao', period: 'month' as const },
    { id: 'temporary', period: 'once' as const },
    { id: 'yearly', period: 'year' as const },
  ];

  it('counts newly eligible, no longer eligible, amounts up and down; a year is 12 × a month exactly, one-off apart', () => {
    const tally = createChangeTally(periods);
    tallyHousehold(tally, '440106', {}, { dibao: side('100.10', 'eligible', 2) });
    tallyHousehold(tally, '440106', { dibao: side('200.00') }, {});
    tallyHousehold(tally, '440303', { dibao: side('300.00') }, { dibao: side('300.05') });
    tallyHousehold(tally, '440303', { dibao: side('0.10'), temporary: side('5000.00') }, { dibao: side('0.01'), temporary: side('4000.00') });
    tallyHousehold(tally, '440303', { yearly: side('1200.00') }, { yearly: side('1200.00'), dibao: side('0.00', 'undetermined') });
    const names = periods.map((p) => ({ ...p, name: { zh: p.id, en: p.id } }));
    const { overall, cities, counties } = changeTotals(tally, names);
    const dibao = overall.programs.find((p) => p.program === 'dibao')!;
    expect(dibao).toMatchObject({
      before: { households: 3, persons: 3, undetermined: 0, amount: '500.10' },
      after: { households: 3, persons: 4, undetermined: 1, amount: '400.16' },
      newlyEligible: 1,
      newlyIneligible: 1,
      amountUp: 1,
      amountDown: 1,
      monthly: { before: '500.10', after: '400.16', change: '-99.94' },
      yearly: { before: '6001.20', after: '4801.92', change: '-1199.28' },
    });
    expect(overall.monthly).toEqual({ before: '500.10', after: '400.16', change: '-99.94' });
    // 12 × the monthly programs, plus the yearly one; the one-off payments are not in the year
    expect(overall.yearly).toEqual({ before: '7201.20', after: '6001.92', change: '-1199.28' });
    expect(overall.once).toEqual({ before: '5000.00', after: '4000.00', change: '-1000.00' });
    expect(overall).toMatchObject({ households: 5, changed: 5, newlyEligible: 1, newlyIneligible: 1 });
    expect(cities.map((c) => [c.region, c.households])).toEqual([['440100', 2], ['440300', 3]]);
    expect(counties.map((c) => c.region)).toEqual(['440106', '440303']);
    // The table counts households granted; the households a program could not decide are listed apart.
    expect(undeterminedLine(overall, 'zh')).toBe('无法确定（缺少信息，待补充）的户数，现行 → 调整后：dibao 0 → 1');
    expect(undeterminedLine(overall, 'en')).toBe('households undetermined (information missing), before → after: dibao 0 → 1');
    expect(renderTotals(overall, 'en')).toContain('households undetermined (information missing), before → after: dibao 0 → 1');
    const settled = changeTotals(createChangeTally(periods), names).overall;
    expect(undeterminedLine(settled, 'zh')).toBeUndefined();
  });

  it('a household moving between programs (低保边缘 → 低保) is still assisted: counted per program, not as newly assisted or no longer', () => {
    const tally = createChangeTally([...periods, { id: 'dibao.marginal', period: 'month' as const }]);
    tallyHousehold(tally, '440106', { 'dibao.marginal': side('0.00', 'eligible', 3) }, { dibao: side('300.00', 'eligible', 3) });
    tallyHousehold(tally, '440106', {}, { 'dibao.marginal': side('0.00', 'eligible', 2) });
    tallyHousehold(tally, '440106', { dibao: side('10.00') }, { dibao: side('0.00', 'undetermined') });
    const { overall } = changeTotals(tally, [...periods, { id: 'dibao.marginal', period: 'month' as const }].map((p) => ({ ...p, name: { zh: p.id, en: p.id } })));
    expect(overall).toMatchObject({ households: 3, changed: 3, newlyEligible: 1, newlyIneligible: 1 });
    expect(overall.programs.find((p) => p.program === 'dibao')).toMatchObject({ newlyEligible: 1, newlyIneligible: 1 });
    expect(overall.programs.find((p) => p.program === 'dibao.marginal')).toMatchObject({ newlyEligible: 1, newlyIneligible: 1 });
  });

  it('property: totals are the exact sums of the households, however the population is split into batches', () => {
    const money = fc.integer({ min: 0, max: 10_000_000 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
    const outcomes = fc.dictionary(fc.constantFrom('dibao', 'temporary', 'yearly'), fc.record({ status: fc.constantFrom('eligible' as const, 'undetermined' as const), amount: money, persons: fc.nat(6) })) as fc.Arbitrary<ProgramOutcomes>;
    const household = fc.record({ region: fc.constantFrom('440106', '440100', '440303'), before: outcomes, after: outcomes });
    fc.assert(
      fc.property(fc.array(household, { maxLength: 40 }), fc.nat(40), (households, cut) => {
        const whole = createChangeTally(periods);
        const [a, b] = [createChangeTally(periods), createChangeTally(periods)];
        households.forEach((h, i) => {
          tallyHousehold(whole, h.region, h.before, h.after);
          tallyHousehold(i < cut ? a : b, h.region, h.before, h.after);
        });
        mergeChangeTallies(a, b);
        const names = periods.map((p) => ({ ...p, name: { zh: p.id, en: p.id } }));
        expect(changeTotals(a, names)).toEqual(changeTotals(whole, names));
        // The monthly total after the change, summed independently in Decimal
        const expected = households.reduce((sum, h) => (h.after.dibao?.status === 'eligible' ? sum.plus(h.after.dibao.amount) : sum), new Dec(0));
        expect(changeTotals(whole, names).overall.monthly.after).toBe(expected.toFixed(2));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parameterDifferences', () => {
  it('lists the value only the changed policy has, in force on the date compared', () => {
    expect(parameterDifferences(today, raised, AS_OF)).toEqual([
      { name: 'dibao.standard', region: '440100', area: 'all', from: AS_OF, after: { value: '1400.00', illustrative: true }, inForce: true },
    ]);
    expect(parameterDifferences(today, raised, '2026-06-30')[0]!.inForce).toBe(false);
    expect(parameterDifferences(today, today, AS_OF)).toEqual([]);
  });
});

describe('comparing a population', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-compare-'));
  const population = join(dir, 'people.ndjson');
  let households: unknown[];
  beforeAll(() => {
    households = [...generateHouseholds(today, { households: 1500, seed: 7, asOf: AS_OF })];
    // A bad row in the middle, and a household id a spreadsheet would run as a formula.
    const lines = households.map((h) => JSON.stringify(h));
    lines.splice(700, 0, '{"id":"broken",');
    const changed = (h: unknown) => {
      const change = compareHousehold(today, raised, h, AS_OF) as HouseholdChange;
      return JSON.stringify(change.before) !== JSON.stringify(change.after);
    };
    const first = households.findIndex(changed);
    lines[first] = JSON.stringify({ ...(households[first] as object), id: '=HYPERLINK("http://x")' });
    writeFileSync(population, `${lines.join('\n')}\n`);
  });

  it('the file on worker threads, the generator on the calling thread and the population API agree to the fen', async () => {
    const errors = new PassThrough();
    const errorText: string[] = [];
    errors.on('data', (chunk) => errorText.push(String(chunk)));
    const changes = new PassThrough();
    const changeText: string[] = [];
    changes.on('data', (chunk) => changeText.push(String(chunk)));
    const { report, counts } = await compareFile(today, raised, population, { asOf: AS_OF, workers: 2, batchSize: 200, errors, out: changes });
    expect(counts.rows).toBe(1501);
    expect(report.households).toMatchObject({ compared: 1500, outside: 0, errors: 1 });
    expect(errorText.join('')).toContain('"line":701');
    expect(changeText.join('').trim().split('\n')).toHaveLength(report.households.changed);
    expect(report.households.changed).toBeGreaterThan(0);
    // The same households as objects (the bad row left out), on the calling thread
    const parsed = readFileSync(population, 'utf8').trim().split('\n').filter((_, i) => i !== 700).map((line) => JSON.parse(line));
    const fromObjects = await comparePopulation(today, raised, parsed, { asOf: AS_OF });
    expect({ ...fromObjects, households: { ...fromObjects.households, errors: 1 } }).toEqual(report);
    // Streaming: each household in input order
    let index = 0;
    for await (const change of compare(today, raised, parsed.slice(0, 50), { asOf: AS_OF, workers: 2, batchSize: 7 })) expect(change.index).toBe(index++);
    expect(index).toBe(50);
    // The raise: Guangzhou's 低保 costs more, nowhere else changes
    const dibao = report.overall.programs.find((p) => p.program === 'dibao')!;
    expect(dibao.monthly!.change.startsWith('+')).toBe(true);
    expect(report.cities.filter((c) => c.monthly.change !== '+0.00').map((c) => c.region)).toEqual(['440100']);
    expect(report.parameters.map((p) => p.name)).toEqual(['dibao.standard']);
  });

  it('a city layer compares its own households and counts the others as outside, not as errors', async () => {
    const { report } = await compareFile(today, cityLayer, population, { asOf: AS_OF, workers: 0, errors: new PassThrough().resume() });
    expect(report.households.outside).toBeGreaterThan(1000);
    expect(report.households.compared + report.households.outside).toBe(1500);
    expect(report.cities.map((c) => c.region)).toEqual(['440100']);
  });

  it('jiuzhu compare: the table, --json, --out changes.csv (formulas neutralised, money as numbers), exit 3 for the bad row', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const csv = join(dir, 'changes.csv');
    const code = await runCli(['compare', population, '--policy', 'guangdong', '--against', raisedDir, '--as-of', AS_OF, '--out', csv, '--errors', join(dir, 'bad.ndjson'), '--json', '--workers', '2'], io);
    expect(code).toBe(3);
    const report = JSON.parse(out.join('\n'));
    expect(report.households.errors).toBe(1);
    expect(err.join('\n')).toContain('读入 1501 行 = 比较 1500 + 不在政策地区内 0 + 错误 1');
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('line,id,region,monthlyBefore,monthlyAfter,monthlyChange,onceBefore,onceAfter,newlyEligible,newlyIneligible,changes');
    expect(rows).toHaveLength(report.households.changed + 1);
    expect(rows.some((row) => row.includes(`"'=HYPERLINK(""http://x"")"`))).toBe(true);
    expect(rows.some((row) => /,-\d+\.\d\d,/.test(row))).toBe(report.overall.programs.some((p: { amountDown: number }) => p.amountDown > 0));
    const text: string[] = [];
    expect(await runCli(['compare', population, '--policy', 'guangdong', '--against', raisedDir, '--as-of', AS_OF, '--workers', '0', '--errors', join(dir, 'bad2.ndjson')], { out: (t) => text.push(t), err: () => {} })).toBe(3);
    expect(text.join('\n')).toContain(`新获救助 ${report.households.newlyEligible} 户`);
    expect(text.join('\n')).toContain(`每年合计：现行 ${report.overall.yearly.before} 元 → 调整后 ${report.overall.yearly.after} 元（${report.overall.yearly.change}）`);
    expect(text.join('\n')).toContain('dibao.standard  440100 城乡  2026-07-01 起：（无） → 1400.00（示意值）  [评估日生效]');
    expect(await runCli(['compare', population, '--policy', 'guangdong', '--as-of', AS_OF], { out: () => {}, err: () => {} })).toBe(2);
  });

  it('replay --against a log of decisions made under today\'s rules gets the very totals compare gets for their households', async () => {
    const sample = households.slice(0, 60);
    const log = join(dir, 'decisions.ndjson');
    writeFileSync(log, sample.map((h) => recordLine(toRecord(evaluateSync(today, h, { asOf: AS_OF }), h))).join(''));
    const people = join(dir, 'sample.ndjson');
    writeFileSync(people, sample.map((h) => JSON.stringify(h)).join('\n'));
    const out: string[] = [];
    expect(await runCli(['replay', log, '--against', raisedDir, '--json'], { out: (t) => out.push(t), err: () => {} })).toBe(0);
    const replayed = JSON.parse(out.join('\n')).totals;
    const { report } = await compareFile(today, raised, people, { asOf: AS_OF, workers: 0, errors: new PassThrough().resume() });
    expect(replayed).toEqual({ overall: report.overall, cities: report.cities, counties: report.counties });
    expect(report.households.changed).toBeGreaterThan(0);
    const text: string[] = [];
    await runCli(['replay', log, '--against', raisedDir], { out: (t) => text.push(t), err: () => {} });
    expect(text.join('\n')).toContain(`每年合计：现行 ${report.overall.yearly.before} 元 → 调整后 ${report.overall.yearly.after} 元（${report.overall.yearly.change}）`);
  });

  it('changesCsv: a household\'s monthly totals before and after, what became eligible or not, each program that changed', () => {
    const line = JSON.stringify({
      line: 3,
      id: 'h1',
      region: '440106',
      before: { dibao: { status: 'eligible', amount: '1952.00', persons: 4 }, temporary: { status: 'eligible', amount: '500.00', persons: 0 } },
      after: { tekun: { status: 'eligible', amount: '100.00', persons: 1 }, temporary: { status: 'eligible', amount: '500.00', persons: 0 } },
    });
    expect(changesCsv(`${line}\n`, { dibao: 'month', tekun: 'month', temporary: 'once' }, false)).toBe(
      '3,h1,440106,1952.00,100.00,-1852.00,500.00,500.00,tekun,dibao,dibao eligible 1952.00 → ineligible; tekun ineligible → eligible 100.00\n',
    );
  });
});
