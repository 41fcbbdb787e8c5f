import { describe, expect, it } from 'vitest';
import { JiuzhuError, checkHousehold, checkHouseholdText, evaluate, loadPolicy } from '../src/index.js';

const valid = () => ({
  id: 'h1',
  region: '440100',
  area: 'urban',
  members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '1000.00', period: 'month' }] }],
});

describe('household validation reports every problem, with paths and zh/en messages', () => {
  it('a negative amount, an unknown income kind and a bad date: all three at once', () => {
    const household = valid();
    household.members[0]!.birthDate = '1980-02-30';
    household.members[0]!.incomes = [
      { kind: 'wage', amount: '-100.00', period: 'month' },
      { kind: 'wages', amount: '10.00', period: 'month' },
    ];
    const result = checkHousehold(household);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.path.join('.')]).sort()).toEqual([
      ['INVALID_DATE', 'members.0.birthDate'],
      ['INVALID_OPTION', 'members.0.incomes.1.kind'],
      ['NEGATIVE_AMOUNT', 'members.0.incomes.0.amount'],
    ]);
    for (const issue of result.issues) {
      expect(issue.message.zh.length).toBeGreaterThan(0);
      expect(issue.message.en.length).toBeGreaterThan(0);
    }
    expect(result.issues.find((i) => i.code === 'INVALID_OPTION')?.params.didYouMean).toBe('wage');
  });

  it('is strict: an unknown key is an error with the key it probably meant', () => {
    const result = checkHousehold({ ...valid(), memebrs: [] });
    expect(!result.ok && result.issues.find((i) => i.code === 'UNKNOWN_KEY')).toMatchObject({ path: ['memebrs'], params: { didYouMean: 'members' } });
  });

  it('checks money precision, regions, duplicate ids and references to members', () => {
    const household = { ...valid(), region: '4401', enrolments: [{ program: 'dibao', since: '2020-01-01', memberIds: ['m9'] }] };
    household.members.push({ id: 'm1', relation: 'spouse', birthDate: '1982-01-01', incomes: [{ kind: 'wage', amount: '1.005', period: 'month' }] });
    const result = checkHousehold(household);
    expect(!result.ok && result.issues.map((i) => i.code).sort()).toEqual(['DUPLICATE_MEMBER_ID', 'INVALID_REGION', 'TOO_MANY_DECIMALS', 'UNKNOWN_MEMBER']);
  });

  it('reports JSON syntax errors as an issue with line and column, not an exception, in words for each cause', () => {
    const issue = (text: string) => {
      const result = checkHouseholdText(text);
      return result.ok ? undefined : result.issues[0];
    };
    expect(issue('{"id": ')).toMatchObject({ code: 'JSON_INCOMPLETE', params: { line: 1, column: 8 } });
    expect(issue('')).toMatchObject({ code: 'JSON_INCOMPLETE' });
    expect(issue('{\n  "id": "h1"，\n  "area": "urban"\n}')).toMatchObject({ code: 'JSON_FULL_WIDTH', params: { line: 2, column: 13, near: '，', ascii: ',' } });
    expect(issue('{\n  "id": "h1"，\n}')!.message.zh).toBe('不是有效的 JSON：第 2 行第 13 列的“，”是全角标点，JSON 只认半角的 ,');
    const wrong = issue('{"id": h1}')!;
    expect(wrong).toMatchObject({ code: 'JSON_TEXT_NOT_QUOTED', params: { line: 1, column: 8, near: 'h1' }, line: 1, column: 8 });
    expect(wrong.message.zh).toBe('不是有效的 JSON：第 1 行第 8 列的 h1 既不是数字，也不是 true、false 或 null：文字要写在双引号里（"h1"）');
    expect(issue('{"id": "h1"}}')).toMatchObject({ code: 'JSON_AFTER_END', params: { near: '}' } });
    expect(issue('{"id": "h1" ? }')).toMatchObject({ code: 'INVALID_JSON', params: { line: 1, column: 13, near: '?' } });
  });

  it('names the mistakes people make typing JSON by hand, and points where to mend each', () => {
    const mistake = (text: string) => {
      const result = checkHouseholdText(text);
      const found = result.ok ? undefined : result.issues[0];
      return found && [found.code, found.line, found.column];
    };
    // the comma after the last item: at the comma
    expect(mistake('{\n  "id": "h1",\n}')).toEqual(['JSON_TRAILING_COMMA', 2, 13]);
    expect(mistake('{"members": [1, 2, ]}')).toEqual(['JSON_TRAILING_COMMA', 1, 18]);
    // a comma left out: right after the item before it, where it belongs
    expect(mistake('{\n  "id": "h1"\n  "area": "urban"\n}')).toEqual(['JSON_MISSING_COMMA', 2, 13]);
    expect(mistake('{"id" "h1"}')).toEqual(['JSON_MISSING_COLON', 1, 7]);
    expect(mistake('{"id": , "area": "urban"}')).toEqual(['JSON_VALUE_MISSING', 1, 8]);
    // quotes: a key or a text without them, single quotes, one left open to the end of its line, one unpaired
    expect(mistake('{id: "h1"}')).toEqual(['JSON_KEY_NOT_QUOTED', 1, 2]);
    expect(mistake('{"area": urban}')).toEqual(['JSON_TEXT_NOT_QUOTED', 1, 10]);
    expect(mistake('{"amount": 1400元}')).toEqual(['JSON_TEXT_NOT_QUOTED', 1, 12]);
    expect(mistake("{'id': 'h1'}")).toEqual(['JSON_SINGLE_QUOTES', 1, 2]);
    expect(mistake('{\n  "id": "h1,\n  "area": "urban"\n}')).toEqual(['JSON_STRING_NOT_CLOSED', 2, 9]);
    expect(mistake('{"amount": 1400.00"}')).toEqual(['JSON_QUOTE_UNPAIRED', 1, 19]);
    expect(mistake('{"id": "C:\\data"}')).toEqual(['JSON_BAD_ESCAPE', 1, 11]);
    // what JSON does not have: comments, thousands separators
    expect(mistake('{\n  // 户主\n  "id": "h1"\n}')).toEqual(['JSON_COMMENT', 2, 3]);
    expect(mistake('{"amount": 1,400.00}')).toEqual(['JSON_THOUSANDS_SEPARATOR', 1, 12]);
    const separator = checkHouseholdText('{"amount": 1,400.00}');
    expect(!separator.ok && separator.issues[0]!.message.zh).toBe(
      '不是有效的 JSON：第 1 行第 12 列的数字 1,400.00 里有千位分隔逗号：请去掉逗号（金额写成带引号的文字，如 "1400.00"）',
    );
  });

  it('evaluate rejects a bad household or asOf with a JiuzhuError of kind input, and a birth after asOf', async () => {
    const policy = await loadPolicy('guangdong');
    await expect(evaluate(policy, valid(), { asOf: '2023-13-01' })).rejects.toMatchObject({ kind: 'input', issues: [{ code: 'INVALID_AS_OF' }] });
    const unborn = valid();
    unborn.members[0]!.birthDate = '2024-01-01';
    const error = await evaluate(policy, unborn, { asOf: '2023-06-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiuzhuError);
    expect((error as JiuzhuError).issues[0]).toMatchObject({ code: 'BIRTH_AFTER_AS_OF', path: ['members', 0, 'birthDate'] });
  });

  it('evaluate refuses a household the policy does not cover, as screening does: rules that do not apply decide nothing', async () => {
    const guangdong = await loadPolicy('guangdong');
    const inHunan = { ...valid(), region: '430100' };
    const error = await evaluate(guangdong, inHunan, { asOf: '2023-06-01' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'input', issues: [{ code: 'REGION_NOT_IN_POLICY', path: ['region'] }] });
    // Reported with the household's other problems, all at once.
    const both = await evaluate(guangdong, { ...inHunan, members: [{ ...inHunan.members[0]!, birthDate: '2024-01-01' }] }, { asOf: '2023-06-01' }).catch((e: unknown) => e);
    expect((both as JiuzhuError).issues.map((issue) => issue.code).sort()).toEqual(['BIRTH_AFTER_AS_OF', 'REGION_NOT_IN_POLICY']);
    await expect(evaluate(await loadPolicy('hunan'), inHunan, { asOf: '2023-06-01' })).resolves.toMatchObject({ asOf: '2023-06-01', policy: { id: 'hunan' } });
  });

  it('a missing field with a fixed list of values is REQUIRED, like any missing field', () => {
    const result = checkHousehold({ id: 'h1', region: '440100', members: [{ id: 'm1', birthDate: '1980-01-01' }] });
    expect(!result.ok && result.issues.map((i) => [i.code, i.path])).toEqual([
      ['REQUIRED', ['area']],
      ['REQUIRED', ['members', 0, 'relation']],
    ]);
  });

  it('a birth after asOf is reported with the other problems, not after they are mended', async () => {
    const policy = await loadPolicy('guangdong');
    const household = valid();
    household.members[0]!.birthDate = '2030-01-01';
    household.members.push({ id: 'm2', relation: 'x' as never, birthDate: '1980-01-01', incomes: [] });
    const error = (await evaluate(policy, household, { asOf: '2023-06-01' }).catch((e: unknown) => e)) as JiuzhuError;
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([
      ['INVALID_OPTION', ['members', 1, 'relation']],
      ['BIRTH_AFTER_AS_OF', ['members', 0, 'birthDate']],
    ]);
  });

  it('refuses a household made by a class (an ORM entity, a DTO with getters): what is hashed must be what was checked', async () => {
    const policy = await loadPolicy('guangdong');
    class Entity {
      readonly #region: string;
      constructor(region: string) {
        this.#region = region;
      }
      get id() {
        return 'h1';
      }
      get region() {
        return this.#region;
      }
      get area() {
        return 'urban';
      }
      get members() {
        return valid().members;
      }
    }
    const error = (await evaluate(policy, new Entity('440100'), { asOf: '2023-06-01' }).catch((e: unknown) => e)) as JiuzhuError;
    expect(error.issues.map((i) => [i.code, i.path, i.code === 'NOT_PLAIN_DATA' && i.params.kind])).toEqual([['NOT_PLAIN_DATA', [], 'Entity']]);
    const dated = { ...valid(), members: [{ ...valid().members[0]!, birthDate: new Date(0) as never }] };
    expect(checkHousehold(dated).ok).toBe(false);
    expect(checkHousehold(JSON.parse(JSON.stringify(valid()))).ok).toBe(true);
    expect(checkHousehold(Object.assign(Object.create(null), valid())).ok).toBe(true);
  });

  it('accepts plain data from another realm (a vm context); deep or cyclic junk is an unknown key, not a stack overflow', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('JSON.parse(text)', { text: JSON.stringify(valid()) });
    expect(checkHousehold(foreign).ok).toBe(true);
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const note of [deep, cyclic]) {
      const result = checkHousehold({ ...valid(), note });
      expect(!result.ok && result.issues.map((i) => i.code)).toEqual(['UNKNOWN_KEY']);
    }
    // Deep where a member should be: a type error, not a stack overflow while describing what was received.
    const text = `{"id":"a","region":"440100","area":"urban","members":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    const nested = checkHouseholdText(text);
    expect(!nested.ok && nested.issues.map((i) => [i.code, i.path])).toEqual([['INVALID_TYPE', ['members', 0]]]);
  });

  it('checks member references no further than the schema allows: 200,000 members are one problem, not 200,000', () => {
    const member = valid().members[0]!;
    const result = checkHousehold({ ...valid(), members: Array.from({ length: 200_000 }, () => member) });
    expect(!result.ok && result.issues.filter((i) => i.code === 'DUPLICATE_MEMBER_ID').length).toBe(49);
    expect(!result.ok && result.issues.some((i) => i.code === 'TOO_BIG')).toBe(true);
  });

  it('evaluate rejects a hardship event dated after asOf: 临时救助 is not paid for what has not happened', async () => {
    const policy = await loadPolicy('guangdong');
    const event = { id: 'e1', type: 'emergency', kind: 'fire', date: '2025-03-02', region: '440100', expense: '20000.00' };
    const error = await evaluate(policy, { ...valid(), events: [event] }, { asOf: '2025-03-01' }).catch((e: unknown) => e);
    expect((error as JiuzhuError).issues).toMatchObject([{ code: 'EVENT_AFTER_AS_OF', path: ['events', 0, 'date'], params: { date: '2025-03-02' } }]);
    expect((error as JiuzhuError).issues[0]!.message.zh).toContain('晚于评估日期');
    await expect(evaluate(policy, { ...valid(), events: [{ ...event, date: '2025-03-01' }] }, { asOf: '2025-03-01' })).resolves.toBeDefined();
  });

  it('an income recorded as over the line from a month after asOf has not gone over it yet: no 渐退期 as of asOf', async () => {
    const policy = await loadPolicy('guangdong');
    const enrolled = (month: string) => ({
      ...valid(),
      region: '440100',
      members: [{ id: 'm1', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '1400.00', period: 'month' }] }],
      enrolments: [{ program: 'dibao', since: '2022-01-01', monthlyAmount: '500.00', incomeFirstExceeded: month, exceededBecause: 'employment' }],
    });
    const gradualExit = async (month: string) =>
      (await evaluate(policy, enrolled(month), { asOf: '2025-03-01' })).programs.find((p) => p.program === 'dibao.gradualExit')!;
    expect((await gradualExit('2025-01')).eligible).toBe(true); // two months in: within the 渐退期
    expect((await gradualExit('2025-03')).eligible).toBe(true); // this month
    const later = await gradualExit('2030-12'); // was -69 months "since", and so inside the period
    expect(later.eligible).toBe(false);
    expect(later.reasons.find((r) => r.rule === 'dibao.gradualExit/within-period')).toMatchObject({ passed: false, factValue: null });
  });
});
