import { describe, expect, it } from 'vitest';

// The examples import 'jiuzhu' as users do (the built package); `npm test` builds it first.
describe('examples/ run and do what they say', () => {
  it('01 evaluates the Guangzhou household: 1952.00 a month, explained in Chinese', async () => {
    const { main } = await import('../examples/01-evaluate-a-household.js');
    const result = await main();
    expect(result).toMatchObject({ status: 'eligible', amount: '1952.00' });
    expect(result.text).toContain('最低生活保障');
  });

  it('02 lists every problem of a bad household', async () => {
    const { main } = await import('../examples/02-invalid-input.js');
    expect((await main()).map((i) => i.code).sort()).toEqual(['INVALID_DATE', 'INVALID_OPTION', 'NEGATIVE_AMOUNT']);
  });

  it('03 a raised standard applies from its date only', async () => {
    const { main } = await import('../examples/03-change-a-standard.js');
    // before: (1309 − 750) × 4; after: (1400 − 750) × 4
    expect(await main()).toEqual({ before: '2236.00', after: '2600.00' });
  });

  it('04 decides many households concurrently', async () => {
    const { main } = await import('../examples/04-many-at-once.js');
    // urban (550): wages 0..546 below → i ≤ 182, even i → 92; rural (4300/12 = 358.33…): wage ≤ 358 → odd i ≤ 119 → 60
    expect(await main()).toEqual({ decided: 200, eligible: 152 });
  });

  it('05 logs a record, replays it identical, catches an altered one, and explains a later standard', async () => {
    const { main } = await import('../examples/05-record-and-replay.js');
    // 2025: (1309 − 750) × 4 = 2236, i.e. 284 more than 1952
    expect(await main()).toEqual({ replayed: ['line 2: identical'], tampered: 'RECORD_HASH_MISMATCH', change: { amountChange: '+284.00', causes: ['dibao.standard'] } });
  });

  it('06 screens a population: a program missed, an enrolment to review, an early warning, a bad row in its place', async () => {
    const { main } = await import('../examples/06-screen-a-population.js');
    expect(await main()).toEqual({
      // (1309 − 309) × 1; a 低保 family may also apply for medical and housing assistance, legal and judicial aid
      'poor-not-enrolled': ['missed dibao 1000.00', 'missed special.housing 0.00', 'missed special.legalAid 0.00', 'missed special.medical 0.00', 'missed special.judicialAid 0.00'],
      // enrolled since 2022 with no review recorded: the yearly review fell due on 2023-01-01
      'enrolled-but-richer': ['review dibao (dibao.incomeBelowStandard)', 'review due dibao on 2023-01-01 (every 12 months)'],
      // 1350 is above 1309 but below the marginal line 1.5 × 1309 = 1963.50, and within 10% of the standard (1439.90)
      'just-above-the-line': ['missed dibao.marginal 0.00', 'missed special.housing 0.00', 'missed special.legalAid 0.00', 'missed special.medical 0.00', 'missed special.judicialAid 0.00', 'warn dibao.nearStandard 1350.00 ≤ 1439.90'],
      '#3': ['error TOO_SMALL: 数量或数值过小：最少 1'],
      // (1309 − 100) × 1 = 1209.00 against 1100.00 recorded; reviewed 2024-02-15, so due 12 months on
      'enrolled-and-eligible': [
        'missed special.housing 0.00',
        'missed special.legalAid 0.00',
        'missed special.medical 0.00',
        'missed special.judicialAid 0.00',
        'increase dibao 1100.00 → 1209.00',
        'review due dibao on 2025-02-15 (every 12 months)',
      ],
      // a death on 2025-01-20, not re-checked since (last review 2024-10-01): within 3 months (民发〔2022〕83号)
      'recipient-died': [
        'missed special.housing 0.00',
        'missed special.legalAid 0.00',
        'missed special.medical 0.00',
        'missed special.judicialAid 0.00',
        '最低生活保障：低保对象死亡。m2 于 2025-01-20 死亡，应重新核查家庭，并于 2025-04-20 前办理增发、减发或停发。',
      ],
    });
  });

  it('07 screens an Excel CSV export: a byte-order mark, a stray quote costing its own row only, the findings per program', async () => {
    const { main } = await import('../examples/07-screen-an-excel-export.js');
    expect(await main()).toEqual({
      counted: '4 rows = 3 results + 1 errors',
      screened: [
        'line 2 gz-001: dibao special.housing special.legalAid special.medical special.judicialAid',
        'line 3 gz-002: —', // enrolled in 低保 at 2500.00 a month: to review, nothing missed
        'line 5 gz-004: dibao.marginal special.housing special.legalAid special.medical special.judicialAid',
      ],
      errors: ['line 4: CSV_QUOTE_NOT_CLOSED'],
      // (1309 − 309) a month for gz-001; gz-002's yearly review is due
      dibao: { missed: 1, review: 1, warn: 1, undetermined: 0, missedAmount: '1000.00', missedAmountPending: 0, missedAmountPendingOn: {}, increase: 0, decrease: 0, increaseAmount: '0.00', decreaseAmount: '0.00', reviewDue: 1, deceased: 0 },
    });
  });

  it('08 for auditors: a line deleted from a chained log is named in the replay report, beside every other record and the totals', async () => {
    const { main } = await import('../examples/08-audit-a-log.js');
    const { records, findings, report } = await main();
    // Wages 3000, 3600, 4200 (and 500 of 优抚) for four counted members: (1238 × 4) − income, a month
    expect(records).toEqual([
      'line 2 穗民-2023-101 2023-06-01: identical, 低保 1952.00/月',
      'line 3 穗民-2023-102 2023-06-01: identical, 低保 1352.00/月',
      'line 4 穗民-2023-104 2023-06-01: identical, 低保 752.00/月',
    ]);
    expect(findings).toEqual(['line 4 LOG_RECORD_MISSING: 1 record(s) missing before line 4 (record 3 of the chain, after line 3): deleted from the log']);
    expect(report.missing).toContain('LOG_RECORD_MISSING');
    expect(report.dibao).toContain('3 households granted, 4056.00 yuan a month in all');
  });

  it('09 an officer prices a raise of the standard: init, validate (a mistyped year pointed out), test (fails until updated), compare 100,000 households', async () => {
    const { main } = await import('../examples/09-price-a-change.js');
    const result = await main(100_000);
    expect(result.init).toBe(0);
    // A standard from 2062: advice (exit 0), naming the likely typo; gone once the year is 2026
    expect(result.mistyped).toEqual({ exit: 0, warnings: ['[STANDARD_FAR_FUTURE]'] });
    expect(result.validate.exit).toBe(0);
    expect(result.validate.warnings).not.toContain('[STANDARD_FAR_FUTURE]');
    // (1400 − 750) × 4 = 2600 from 2026-07-01; the case init wrote expects (1309 − 750) × 4 under the standard before
    expect(result.firstTest).toEqual({
      exit: 8,
      failed: ['【最低生活保障】金额：期望 2236.00，实际 2600.00（$.expect.programs.dibao.amount）', '参数 dibao.standard：期望 1309.00，实际 1400.00（$.expect.parameters["dibao.standard"]）'],
    });
    expect(result.secondTest).toEqual({ exit: 0, summary: '测试用例 1 个：通过 1，未通过 0，无法运行 0' });
    expect(result.generate).toBe(0);
    expect(result.compare).toMatchObject({
      exit: 0,
      households: expect.stringMatching(/^家庭：比较 100000 户（不在某一政策地区内 0 户，出错 0 行）；决定有变化 \d+ 户；新获救助 \d+ 户/),
      yearly: expect.stringMatching(/^每年合计：现行 [\d.]+ 元 → 调整后 [\d.]+ 元（\+[\d.]+）$/),
    });
    expect(result.compare.reportBytes).toBeGreaterThan(5000);
  }, 300_000);
});
