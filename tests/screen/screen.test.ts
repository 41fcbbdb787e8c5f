import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHousehold, evaluateSync, loadPolicy, screen, screenFile, screenHousehold, screenStream, type FindingsTally, type Policy, type ScreenOutcome, type ScreenResult } from '../../src/node/index.js';
import { generateHouseholds } from '../../src/core/screen/generate.js';
import { Dec } from '../../src/core/money/decimal.js';

let guangdong: Policy;
beforeAll(async () => {
  guangdong = await loadPolicy('guangdong');
});

const AS_OF = '2025-03-01';
/** A Guangzhou household of `size` members with a monthly wage; the 2025 standard there is 1309.00. */
const household = (wage: string, size = 1, extra: Record<string, unknown> = {}) => ({
  id: 'h',
  region: '440100',
  area: 'urban',
  members: Array.from({ length: size }, (_, i) => ({
    id: `m${i + 1}`,
    relation: i === 0 ? 'applicant' : 'child',
    birthDate: '1980-01-01',
    incomes: i === 0 ? [{ kind: 'wage', amount: wage, period: 'month' }] : [],
  })),
  ...extra,
});
const ok = (outcome: ScreenOutcome) => {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome as ScreenResult;
};

/**
 * The special assistance a household in hardship may apply for in Guangdong beside these programs (no student, no one
 * unemployed or elderly), in the policy's order: the national programs, then Guangdong's judicial aid.
 */
const SPECIAL = (programs: string[]) => [...programs, 'special.housing', 'special.legalAid', 'special.medical', 'special.judicialAid'];

describe('screenHousehold', () => {
  it('finds a program missed: eligible for 低保, not enrolled, with the amount and the reasons', () => {
    const result = ok(screenHousehold(guangdong, household('309.00'), AS_OF));
    expect(result.missed.find((f) => f.program === 'dibao')).toEqual(
      expect.objectContaining({ program: 'dibao', amount: '1000.00', members: ['m1'], reasons: expect.arrayContaining(['dibao.incomeBelowStandard']) }),
    );
    // a 低保 family may also apply for medical and housing assistance and legal aid it does not receive (no student, no
    // one unemployed, no one elderly), and in Guangdong judicial aid
    expect(result.missed.map((f) => f.program)).toEqual(SPECIAL(['dibao']));
    expect(result.review).toEqual([]);
    expect(result.programs.dibao).toEqual({ status: 'eligible', amount: '1000.00' });
    // only the programs not ineligible are listed: here the five it qualifies for
    expect(Object.keys(result.programs)).toEqual(SPECIAL(['dibao']));
  });

  it('finds a person who qualifies for 特困 before the self-care assessment: missed, the amount pending (民发〔2021〕43号 arts. 5, 6, 8, 20–23)', () => {
    // 75, alone, a pension of 300.00 under the 1309.00 standard, no one obliged to support her: every test of arts.
    // 5–9 holds; only the care standard waits for the assessment of her six self-care items.
    const alone = { id: 'h', region: '440100', area: 'urban', members: [{ id: 'm1', relation: 'applicant', birthDate: '1950-01-01', maritalStatus: 'widowed', incomes: [{ kind: 'pension', amount: '300.00', period: 'month' }] }] };
    const result = ok(screenHousehold(guangdong, alone, AS_OF));
    expect(result.programs.tekun).toEqual({ status: 'undetermined', amount: '0.00' });
    const tekun = result.missed.find((f) => f.program === 'tekun');
    expect(tekun).toEqual(expect.objectContaining({ members: ['m1'], amount: '0.00', amountPending: ['missingFact:selfCareFailedItems'], reasons: expect.arrayContaining(['tekun.noWorkCapacity', 'tekun.ownIncome', 'tekun.supporters']) }));
    // Enrolled in 特困 (by name), she is neither missed nor to review.
    const enrolled = ok(screenHousehold(guangdong, { ...alone, enrolments: [{ program: 'tekun', since: '2024-01-01', memberIds: ['m1'] }] }, AS_OF));
    expect(enrolled.missed.find((f) => f.program === 'tekun')).toBeUndefined();
    expect(enrolled.review.find((f) => f.program === 'tekun')).toBeUndefined();
    // Assessed (all six items achieved), her amount is known: found with it, nothing pending.
    const selfCare = { eating: true, dressing: true, transferring: true, toileting: true, walkingIndoors: true, bathing: true };
    const assessed = ok(screenHousehold(guangdong, { ...alone, members: [{ ...alone.members[0]!, selfCare }] }, AS_OF));
    const found = assessed.missed.find((f) => f.program === 'tekun')!;
    expect(found.amountPending).toBeUndefined();
    expect(found.amount).toBe(assessed.programs.tekun!.amount);
    expect(found.amount).not.toBe('0.00');
  });

  it('an enrolled household still eligible is neither missed nor to review', () => {
    const enrolments = SPECIAL(['dibao']).map((program) => ({ program, since: '2024-01-01' }));
    const result = ok(screenHousehold(guangdong, household('309.00', 1, { enrolments }), AS_OF));
    expect(result.missed).toEqual([]);
    expect(result.review).toEqual([]);
  });

  it('an enrolment in a program the policy does not have (a misspelt id) is read as none, and said so', () => {
    const result = ok(screenHousehold(guangdong, household('309.00', 1, { enrolments: [{ program: '低保', since: '2024-01-01' }] }), AS_OF));
    expect(result.missed.map((f) => f.program)).toContain('dibao');
    expect(result.unknownEnrolments).toEqual(['低保']);
    expect(ok(screenHousehold(guangdong, household('309.00'), AS_OF))).not.toHaveProperty('unknownEnrolments');
  });

  it('an enrolment from after asOf does not count yet', () => {
    const result = ok(screenHousehold(guangdong, household('309.00', 1, { enrolments: [{ program: 'dibao', since: '2025-06-01' }] }), AS_OF));
    expect(result.missed.map((f) => f.program)).toContain('dibao');
  });

  it('a household receiving 低保 above the standard is to review, with the failed test as the reason', () => {
    const result = ok(screenHousehold(guangdong, household('2000.00', 1, { enrolments: [{ program: 'dibao', since: '2024-01-01' }] }), AS_OF));
    expect(result.review).toEqual([{ program: 'dibao', amount: '0.00', members: [], reasons: ['dibao.incomeBelowStandard'] }]);
  });

  it('a household in its 渐退期: review 低保, and the gradual exit it does not receive yet (as the README says)', () => {
    const enrolments = [{ program: 'dibao', since: '2022-01-01', monthlyAmount: '500.00', incomeFirstExceeded: '2025-01', exceededBecause: 'employment' }];
    const result = ok(screenHousehold(guangdong, household('1400.00', 1, { enrolments }), AS_OF));
    expect(result.review.map((f) => f.program)).toEqual(['dibao']);
    expect(result.missed.find((f) => f.program === 'dibao.gradualExit')).toEqual(
      expect.objectContaining({ program: 'dibao.gradualExit', amount: '500.00', reasons: expect.arrayContaining(['dibao.gradual.throughWork']) }),
    );
    // per-capita 1400 is below the marginal line 1963.50, but in its 渐退期 the family still receives 低保: not 低保边缘
    expect(result.missed.map((f) => f.program)).not.toContain('dibao.marginal');
  });

  it('warns in the band [standard, standard × 1.10] only, and says the band is illustrative', () => {
    const warned = (wage: string) => ok(screenHousehold(guangdong, household(wage), AS_OF)).warn;
    expect(warned('1308.99')).toEqual([]); // below the standard: eligible, not a warning
    expect(warned('1309.00')).toEqual([
      { id: 'dibao.nearStandard', program: 'dibao', fact: 'perCapitaIncome', value: '1309.00', line: '1309.00', upTo: '1439.90', illustrative: true },
    ]);
    expect(warned('1439.90')).toHaveLength(1);
    expect(warned('1439.91')).toEqual([]);
  });

  it('warns on the per-capita income 低保 itself reads: a member granted 特困 is left out of it', () => {
    // m2 is 90, severely disabled and needs full care, with no supporter: 特困, and so outside the 低保 household.
    const withTekunMember = (wage: string) =>
      household(wage, 1, {
        members: [
          { id: 'm1', relation: 'applicant', birthDate: '1985-01-01', employment: 'employed', incomes: [{ kind: 'wage', amount: wage, period: 'month' }] },
          {
            id: 'm2',
            relation: 'sibling',
            birthDate: '1935-01-01',
            disability: { grade: 1, category: 'physical' },
            selfCare: { eating: false, dressing: false, transferring: false, toileting: false, walkingIndoors: false, bathing: false },
          },
        ],
      });
    for (const wage of ['1400.00', '2700.00']) {
      const input = withTekunMember(wage);
      const decision = evaluateSync(guangdong, input, { asOf: AS_OF });
      expect(decision.programs.find((p) => p.program === 'tekun')?.members.find((m) => m.memberId === 'm2')?.eligible).toBe(true);
      const perCapita = decision.programs.find((p) => p.program === 'dibao')?.reasons.find((r) => r.fact === 'perCapitaIncome')?.factValue;
      expect(perCapita).toBe(wage); // m1 alone
      const warn = ok(screenHousehold(guangdong, input, AS_OF)).warn;
      // 1400.00 is in the band [1309.00, 1439.90]; 2700.00 is not (half of it, 1350.00, would have been)
      expect(warn).toEqual(wage === '1400.00' ? [expect.objectContaining({ program: 'dibao', value: '1400.00' })] : []);
    }
  });

  it('a bad household is an error in its place, with every problem in zh and en; so is a region the policy does not cover', () => {
    const bad = screenHousehold(guangdong, { ...household('1.00'), members: [] }, AS_OF, 4);
    expect(bad).toMatchObject({ ok: false, index: 4, householdId: 'h', issues: [{ code: 'TOO_SMALL', path: ['members'] }] });
    const beijing = screenHousehold(guangdong, { ...household('1.00'), region: '110100' }, AS_OF);
    expect(beijing).toMatchObject({ ok: false, issues: [{ code: 'REGION_NOT_IN_POLICY', path: ['region'] }] });
    expect(!beijing.ok && beijing.issues[0]!.message.zh).toContain('不在政策');
    expect(screenHousehold(guangdong, { ...household('1.00'), region: '990100' }, AS_OF)).toMatchObject({ ok: false });
  });
});

describe('screen on worker threads', () => {
  it('gives the same outcomes in the same order as on the calling thread, bad rows included', async () => {
    const inputs: unknown[] = [...generateHouseholds(guangdong, { households: 1500, seed: 3, asOf: AS_OF })];
    inputs[10] = { id: 'broken' };
    inputs[1200] = 'not a household';
    async function* slowly() {
      for (const input of inputs) yield input; // an async source, as a database cursor would be
    }
    const collect = async (workers: number) => {
      const out: ScreenOutcome[] = [];
      for await (const outcome of screen(guangdong, slowly(), { asOf: AS_OF, workers, batchSize: 100 })) out.push(outcome);
      return out;
    };
    const [inline, threaded] = [await collect(0), await collect(2)];
    expect(threaded).toHaveLength(1500);
    expect(threaded.map((o) => o.index)).toEqual(inputs.map((_, i) => i));
    expect(threaded).toEqual(inline);
    expect(threaded.filter((o) => !o.ok).map((o) => o.index)).toEqual([10, 1200]);
  });

  it('refuses bad options up front, all at once: asOf, workers and batchSize whole numbers, households a list', async () => {
    await expect(screen(guangdong, [], { asOf: '2025-02-30' }).next()).rejects.toMatchObject({ kind: 'input' });
    const refused = screen(guangdong, [], { asOf: '2025-02-30', workers: Number.NaN, batchSize: 0 }).next();
    await expect(refused).rejects.toMatchObject({
      issues: [
        { code: 'INVALID_AS_OF', path: ['asOf'] },
        { code: 'OPTION_NOT_WHOLE_NUMBER', path: ['workers'] },
        { code: 'OPTION_NOT_WHOLE_NUMBER', path: ['batchSize'] },
      ],
    });
    await expect(screen(guangdong, [], { asOf: AS_OF, workers: '2' as unknown as number }).next()).rejects.toMatchObject({ issues: [{ path: ['workers'] }] });
    // a string is iterable by characters, a byte stream by chunks: neither is a list of households
    await expect(screen(guangdong, JSON.stringify(household('1.00')) as unknown as unknown[], { asOf: AS_OF }).next()).rejects.toMatchObject({
      issues: [{ code: 'HOUSEHOLDS_NOT_A_LIST' }],
    });
    const bytes = new PassThrough(); // as a file or standard input is read: chunks of bytes
    bytes.end('{}\n');
    await expect(screen(guangdong, bytes, { asOf: AS_OF }).next()).rejects.toMatchObject({ issues: [{ code: 'HOUSEHOLDS_NOT_A_LIST' }] });
  });

  it('a household that cannot be read or copied to a worker is a bad row in its place; the rows around it are screened, on any number of workers', async () => {
    const throwing = { ...household('1.00'), id: 'getter' };
    Object.defineProperty(throwing, 'members', { enumerable: true, get: () => { throw new Error('boom'); } });
    const inputs = [household('309.00'), { ...household('309.00'), id: 'with-function', members: () => 1 }, throwing, Symbol('s'), household('309.00')];
    const collect = async (workers: number) => {
      const out: ScreenOutcome[] = [];
      for await (const outcome of screen(guangdong, inputs, { asOf: AS_OF, workers, batchSize: 2 })) out.push(outcome);
      return out;
    };
    const inline = await collect(0);
    expect(inline.map((o) => o.ok)).toEqual([true, false, false, false, true]);
    expect(inline[2]).toMatchObject({ ok: false, householdId: 'getter', issues: [{ code: 'INPUT_UNREADABLE', message: { en: expect.stringContaining('boom') } }] });
    expect(await collect(2)).toEqual(inline);
  });

  it('a plain list of promises is read as for await reads it: each household awaited', async () => {
    const outcomes: ScreenOutcome[] = [];
    for await (const outcome of screen(guangdong, [Promise.resolve(household('309.00')), household('309.00')], { asOf: AS_OF, workers: 0 })) outcomes.push(outcome);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
  });

  it('a caller that stops early closes the source at once, also while the source is still waiting for its next row', async () => {
    for (const workers of [0, 2]) {
      let closed = false;
      let reads = 0;
      // a database cursor: two rows, then a read that waits for rows that never come
      const cursor: AsyncIterableIterator<unknown> = {
        [Symbol.asyncIterator]: () => cursor,
        next: () => (++reads <= 2 ? Promise.resolve({ done: false, value: { ...household('309.00'), id: `c${reads}` } }) : new Promise(() => {})),
        return: () => {
          closed = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      };
      for await (const outcome of screen(guangdong, cursor, { asOf: AS_OF, workers, batchSize: 1 })) {
        expect(outcome).toMatchObject({ ok: true, householdId: 'c1' });
        break;
      }
      expect(closed).toBe(true);
    }
  });

  it('when the source fails part-way, every household it gave is still screened and yielded, then its error', async () => {
    function* failing() {
      for (let i = 0; i < 7; i++) yield { ...household('309.00'), id: `h${i}` };
      throw new Error('source failed');
    }
    for (const workers of [0, 2]) {
      const seen: string[] = [];
      const run = async () => {
        for await (const outcome of screen(guangdong, failing(), { asOf: AS_OF, workers, batchSize: 5 })) seen.push(outcome.ok ? outcome.householdId : '?');
      };
      await expect(run()).rejects.toThrow('source failed');
      expect(seen).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
    }
  });
});

describe('screenFile', () => {
  it('cuts batches by size as well as by rows, so a few huge rows never make a huge batch; every row still counted', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-batches-')), 'huge.ndjson');
    const huge = (i: number) => JSON.stringify({ ...household('309.00'), id: `h${i}`, padding: 'x'.repeat(1_500_000) });
    const rows = [JSON.stringify(household('309.00')), ...Array.from({ length: 9 }, (_, i) => huge(i))];
    writeFileSync(file, `${rows.join('\n')}\n`);
    const results: string[] = [];
    const errors: string[] = [];
    const out = new PassThrough().on('data', (d) => results.push(String(d)));
    const errorsOut = new PassThrough().on('data', (d) => errors.push(String(d)));
    let batches = 0;
    const counts = await screenFile(guangdong, file, { asOf: AS_OF, out, errors: errorsOut, batchSize: 1000, onProgress: () => batches++ });
    expect(counts).toMatchObject({ rows: 10, results: 1, errors: 9 });
    // 1.5 million characters a row; a batch closes at the row that takes it past 4 million: 4 + 3 + 3 rows.
    expect(batches).toBe(3);
    const errorLines = errors.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(errorLines.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(errorLines[0].problems[0].code).toBe('UNKNOWN_KEY');
  });
});

describe('screenFile reading NDJSON', () => {
  it('numbers lines across batches and read chunks: blank lines, CR LF, a last line without newline, characters split between chunks', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-lines-')), 'lines.ndjson');
    // ids of 150 Chinese characters (450 bytes): the 1 MiB read chunks end inside some of them
    const id = (i: number) => `${'户'.repeat(150)}${i}`;
    const row = (i: number) => JSON.stringify({ ...household('309.00'), id: id(i) });
    const body: string[] = [];
    for (let i = 1; i <= 3000; i++) body.push(i % 500 === 0 ? '' : i % 700 === 0 ? '  \r' : i % 900 === 0 ? '{"id": ' : i % 2 === 0 ? `${row(i)}\r` : row(i));
    // a first line of 0–2 spaces (blank, not a row) puts the first chunk's end inside a three-byte character
    let text = '';
    for (let pad = 0; pad < 3; pad++) {
      text = `${' '.repeat(pad)}\n${body.join('\n')}`;
      if ((Buffer.from(text)[1 << 20]! & 0xc0) === 0x80) break;
    }
    expect(Buffer.from(text)[1 << 20]! & 0xc0).toBe(0x80);
    writeFileSync(file, text); // no newline after the last line
    const results: string[] = [];
    const errors: string[] = [];
    const out = new PassThrough().on('data', (d) => results.push(String(d)));
    const errorsOut = new PassThrough().on('data', (d) => errors.push(String(d)));
    const counts = await screenFile(guangdong, file, { asOf: AS_OF, out, errors: errorsOut, batchSize: 7 });
    const blank = (i: number) => i % 500 === 0 || (i % 700 === 0 && i % 900 !== 0 && i % 500 !== 0);
    const bad = (i: number) => i % 900 === 0 && i % 500 !== 0;
    const expected = Array.from({ length: 3000 }, (_, k) => k + 1).filter((i) => !blank(i));
    expect(counts.rows).toBe(expected.length);
    const resultLines = results.join('').trim().split('\n').map((l) => JSON.parse(l));
    // line numbers count the first (blank) line; every id comes back whole
    expect(resultLines.map((r) => [r.line, r.id])).toEqual(expected.filter((i) => !bad(i)).map((i) => [i + 1, id(i)]));
    const errorLines = errors.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(errorLines.map((e) => [e.line, e.problems[0].code])).toEqual(expected.filter(bad).map((i) => [i + 1, 'JSON_INCOMPLETE']));
    expect(counts.rows).toBe(counts.results + counts.errors);
    // on worker threads, to which the batches' bytes are handed over: the same output
    const threaded: string[] = [];
    const threadedOut = new PassThrough().on('data', (d) => threaded.push(String(d)));
    await screenFile(guangdong, file, { asOf: AS_OF, out: threadedOut, errors: threadedOut, batchSize: 7, workers: 2 });
    expect(threaded.join('').split('\n').sort()).toEqual([...results, ...errors].join('').split('\n').sort());
  });
});

describe('screenStream', () => {
  it('reads a stream of bytes or of text (setEncoding, Readable.from of strings) alike', async () => {
    const text = [...generateHouseholds(guangdong, { households: 50, seed: 3, asOf: AS_OF })].map((h) => `${JSON.stringify(h)}\n`);
    const screened = async (input: Readable) => {
      const lines: string[] = [];
      const out = new PassThrough().on('data', (d) => lines.push(String(d)));
      const counts = await screenStream(guangdong, input, { asOf: AS_OF, out, errors: out });
      return { counts: counts.rows, text: lines.join('') };
    };
    const asBytes = await screened(Readable.from(text.map((t) => Buffer.from(t))));
    expect(asBytes.counts).toBe(50);
    expect(await screened(Readable.from(text))).toEqual(asBytes);
  });
});

describe('screenFile counts what it found', () => {
  it('per program, the households missed, to review, warned, undetermined, to adjust, due for review and with a death: the same as counted from the result lines, on any number of workers', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-found-')), 'people.ndjson');
    writeFileSync(file, [...generateHouseholds(guangdong, { households: 1500, seed: 21, asOf: AS_OF })].map((h) => JSON.stringify(h)).join('\n'));
    for (const workers of [0, 2]) {
      const text: string[] = [];
      const out = new PassThrough().on('data', (d) => text.push(String(d)));
      const counts = await screenFile(guangdong, file, { asOf: AS_OF, out, errors: new PassThrough().resume(), workers, batchSize: 100 });
      // Counted again here, from what was written: a household once per program and kind.
      const expected: FindingsTally = {};
      const entry = (program: string) =>
        (expected[program] ??= { missed: 0, review: 0, warn: 0, undetermined: 0, missedAmountPending: 0, missedAmountPendingOn: {}, missedAmount: '0.00', increase: 0, decrease: 0, increaseAmount: '0.00', decreaseAmount: '0.00', reviewDue: 0, deceased: 0 });
      const add = (a: string, b: string) => new Dec(a).plus(b).toFixed(2);
      for (const line of text.join('').trim().split('\n')) {
        const result = JSON.parse(line) as ScreenResult;
        for (const kind of ['missed', 'review', 'warn', 'reviewDue', 'deceased'] as const) {
          for (const program of new Set(result[kind].map((f) => f.program))) entry(program)[kind] += 1;
        }
        for (const direction of ['increase', 'decrease'] as const) {
          const adjusted = result.adjust.filter((a) => a.direction === direction);
          for (const program of new Set(adjusted.map((a) => a.program))) entry(program)[direction] += 1;
          for (const a of adjusted) entry(a.program)[`${direction}Amount`] = add(entry(a.program)[`${direction}Amount`], a.difference);
        }
        for (const f of result.missed) entry(f.program).missedAmount = add(entry(f.program).missedAmount, f.amount);
        for (const f of result.missed) {
          if (!f.amountPending) continue;
          entry(f.program).missedAmountPending += 1;
          for (const on of f.amountPending) entry(f.program).missedAmountPendingOn[on] = (entry(f.program).missedAmountPendingOn[on] ?? 0) + 1;
        }
        for (const [program, decided] of Object.entries(result.programs)) {
          if (decided!.status === 'undetermined' && !result.missed.some((f) => f.program === program)) entry(program).undetermined += 1;
        }
      }
      expect(counts.findings).toEqual(expected);
      // the sample is large enough for every kind to be found
      const kinds = ['review', 'warn', 'undetermined', 'missedAmountPending', 'increase', 'decrease', 'reviewDue', 'deceased'] as const;
      expect(kinds.filter((kind) => !Object.values(expected).some((f) => f[kind] > 0))).toEqual([]);
    }
  });
});

describe('screenFile with a corrupted file', () => {
  it('a "line" longer than any household (a lost newline, binary data) is skipped unread as an error row; the run goes on', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-long-')), 'long.ndjson');
    const good = JSON.stringify(household('309.00'));
    const garbage = 'x'.repeat(17_000_000);
    // the last over-long line has no newline: the file ends inside it
    writeFileSync(file, `${good}\n${garbage}\n${good}\n${garbage}`);
    const results: string[] = [];
    const errors: string[] = [];
    const out = new PassThrough().on('data', (d) => results.push(String(d)));
    const errorsOut = new PassThrough().on('data', (d) => errors.push(String(d)));
    const counts = await screenFile(guangdong, file, { asOf: AS_OF, out, errors: errorsOut });
    expect(counts).toMatchObject({ rows: 4, results: 2, errors: 2 });
    expect(results.join('').trim().split('\n').map((l) => JSON.parse(l).line)).toEqual([1, 3]);
    const errorLines = errors.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(errorLines.map((e) => [e.line, e.problems[0].code])).toEqual([
      [2, 'ROW_TOO_LONG'],
      [4, 'ROW_TOO_LONG'],
    ]);
    expect(errorLines[0].problems[0].message.en).toContain('17000000 bytes');
  });

  it('a UTF-16 file (Notepad\'s "Unicode") stops the run once, with what it is, rather than an error on every line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-utf16-')), 'unicode.ndjson');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${JSON.stringify(household('309.00'))}\n`, 'utf16le')]));
    for (const format of ['ndjson', 'csv'] as const) {
      await expect(screenFile(guangdong, file, { asOf: AS_OF, format, out: new PassThrough(), errors: new PassThrough() })).rejects.toMatchObject({
        issues: [{ code: 'FILE_UTF16' }],
      });
    }
  });

  it('a byte-order mark opening the file is dropped, as evaluate and CSV drop it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-bom-')), 'bom.ndjson');
    writeFileSync(file, `\uFEFF${JSON.stringify({ ...household('309.00'), id: 'first' })}\n${JSON.stringify({ ...household('309.00'), id: 'second' })}\n`);
    for (const workers of [0, 2]) {
      const text: string[] = [];
      const out = new PassThrough().on('data', (d) => text.push(String(d)));
      const counts = await screenFile(guangdong, file, { asOf: AS_OF, out, errors: out, workers });
      expect(counts).toMatchObject({ rows: 2, results: 2, errors: 0 });
      expect(text.join('').trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['first', 'second']);
    }
  });

  it('a line that is not UTF-8 (a GBK name, a flipped byte) is an error row, not read with replacement characters', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiuzhu-utf8-')), 'mixed.ndjson');
    const good = (name: string) => Buffer.from(`${JSON.stringify({ ...household('309.00'), id: name })}\n`);
    const gbk = Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xd5, 0xc5]), Buffer.from('"}\n')]); // 张 in GBK
    writeFileSync(file, Buffer.concat([good('张三'), gbk, good('李四'), Buffer.from([0xff, 0x0a]), good('王五')]));
    for (const workers of [0, 2]) {
      const results: string[] = [];
      const errors: string[] = [];
      const out = new PassThrough().on('data', (d) => results.push(String(d)));
      const errorsOut = new PassThrough().on('data', (d) => errors.push(String(d)));
      const counts = await screenFile(guangdong, file, { asOf: AS_OF, out, errors: errorsOut, workers });
      expect(counts).toMatchObject({ rows: 5, results: 3, errors: 2 });
      expect(results.join('').trim().split('\n').map((l) => [JSON.parse(l).line, JSON.parse(l).id])).toEqual([[1, '张三'], [3, '李四'], [5, '王五']]);
      const errorLines = errors.join('').trim().split('\n').map((l) => JSON.parse(l));
      expect(errorLines.map((e) => [e.line, e.problems[0].code])).toEqual([[2, 'ROW_NOT_UTF8'], [4, 'ROW_NOT_UTF8']]);
    }
  });
});

describe('generateHouseholds', () => {
  it('is deterministic from the seed, and every household is valid and decidable by evaluate', () => {
    const a = [...generateHouseholds(guangdong, { households: 400, seed: 11 })];
    const b = [...generateHouseholds(guangdong, { households: 400, seed: 11 })];
    const c = [...generateHouseholds(guangdong, { households: 400, seed: 12 })];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    for (const h of a) expect(checkHousehold(h).ok).toBe(true);
    const statuses = a.map((h) => evaluateSync(guangdong, h, { asOf: AS_OF }).programs.find((p) => p.program === 'dibao')!.status);
    // Spread around the line: both sides well represented, sizes 1 to 6, some enrolled.
    expect(statuses.filter((s) => s === 'eligible').length).toBeGreaterThan(60);
    expect(statuses.filter((s) => s === 'ineligible').length).toBeGreaterThan(150);
    expect(new Set(a.map((h) => h.members.length))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(a.filter((h) => (h.enrolments ?? []).length > 0).length).toBeGreaterThan(50);
  });
});
