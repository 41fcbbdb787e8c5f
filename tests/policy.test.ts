import { mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JiuzhuError, canonicalJson, evaluateSync, lintPolicy, loadPolicy, validatePolicy, type Issue } from '../src/node/index.js';
import { AS_OF, REGIONS, householdArb } from './helpers/arbitraries.js';
import { copyRules, editJson, textAt } from './helpers/ruleCopy.js';
import { repeatedKeys } from '../src/core/text/repeatedKeys.js';
import example from '../examples/households/guangzhou-2023-prison.json' with { type: 'json' };

async function policyIssues(dir: string): Promise<Issue[]> {
  try {
    await loadPolicy({ dir });
  } catch (error) {
    expect(error).toBeInstanceOf(JiuzhuError);
    expect((error as JiuzhuError).kind).toBe('policy');
    // Every problem in a file says where in it: file:line:column (each test below checks the place is right).
    for (const issue of (error as JiuzhuError).issues) if (issue.file !== undefined) expect([issue.code, issue.line, issue.column]).toEqual([issue.code, expect.any(Number), expect.any(Number)]);
    return [...(error as JiuzhuError).issues];
  }
  throw new Error('expected the policy to be rejected');
}

describe('loading policies', () => {
  it('two decisions share only frozen objects, so editing one decision cannot change the next', async () => {
    const policy = await loadPolicy('guangdong');
    const first = evaluateSync(policy, example, { asOf: '2023-06-01' });
    const second = evaluateSync(policy, { ...example, id: 'other' }, { asOf: '2023-06-01' });
    const objects = (value: unknown, into = new Set<object>()): Set<object> => {
      if (value === null || typeof value !== 'object' || into.has(value)) return into;
      into.add(value);
      for (const item of Object.values(value)) objects(item, into);
      return into;
    };
    const inSecond = objects(second);
    const shared = [...objects(first)].filter((o) => inSecond.has(o));
    expect(shared.length).toBeGreaterThan(50); // labels, citations, messages, rounding, parameters…
    expect(shared.filter((o) => !Object.isFrozen(o))).toEqual([]);
    const dibao = first.programs.find((p) => p.program === 'dibao')!;
    expect(() => {
      dibao.rounding!.places = 0;
    }).toThrow(TypeError);
  });

  it('loads every bundled policy, each with its own content hash', async () => {
    const hashes = new Set<string>();
    for (const name of ['national', 'guangdong', 'hunan', 'hubei'] as const) {
      const policy = await loadPolicy(name);
      expect(policy.id).toBe(name);
      expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
      hashes.add(policy.sha256);
    }
    expect(hashes.size).toBe(4);
  });

  it('hashes content, not location: a copy of the rules has the same sha256', async () => {
    const rules = copyRules();
    const copy = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    expect(copy.sha256).toBe((await loadPolicy('guangdong')).sha256);
  });

  it('an unknown bundled name lists the known ones', async () => {
    await expect(loadPolicy('guangxi' as never)).rejects.toMatchObject({ issues: [{ code: 'UNKNOWN_POLICY', params: { name: 'guangxi' } }] });
  });
});

describe('rule-file errors point at file, path and the right name', () => {
  it('a misspelt key: file + JSON path + the key it probably meant', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      json.eligibilty = json.eligibility;
      delete json.eligibility;
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    const unknown = issues.find((i) => i.code === 'UNKNOWN_KEY');
    expect(unknown).toMatchObject({ file: 'national/programs/dibao.json', path: ['eligibilty'], params: { key: 'eligibilty', didYouMean: 'eligibility' } });
    expect(unknown!.message.zh).toContain('是否想写“eligibility”');
    expect(unknown!.message.en).toContain('did you mean "eligibility"');
    expect(textAt(rules, unknown!)).toMatch(/^"eligibilty": \{/);
  });

  it('saved by Windows Notepad: a byte-order mark is read; a file saved as ANSI (GBK) is named, not read garbled', async () => {
    const rules = copyRules();
    const parameters = join(rules, 'provinces/guangdong/parameters.json');
    writeFileSync(parameters, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(parameters)]));
    expect((await loadPolicy({ dir: join(rules, 'provinces/guangdong') })).sha256).toBe((await loadPolicy('guangdong')).sha256);
    const citations = join(rules, 'provinces/guangdong/citations.json');
    // as ANSI: the first 广东 in GBK bytes (B9E3 B6AB), which are not UTF-8
    const [before, ...after] = readFileSync(citations, 'utf8').split('广东');
    expect(after.length).toBeGreaterThan(0);
    writeFileSync(citations, Buffer.concat([Buffer.from(before!), Buffer.from([0xb9, 0xe3, 0xb6, 0xab]), Buffer.from(after.join('广东'))]));
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues.map((i) => [i.code, i.file])).toContainEqual(['FILE_NOT_UTF8', 'provinces/guangdong/citations.json']);
    // the place is the first character that is not UTF-8: where 广东 was typed
    const lineBefore = before!.split('\n');
    expect(issues.find((i) => i.code === 'FILE_NOT_UTF8')).toMatchObject({ line: lineBefore.length, column: lineBefore.at(-1)!.length + 1 });
    // the province's own policy.json as ANSI, a national file as Notepad's "Unicode": every layer is still read,
    // and each file's problem reported at once
    const manifest = join(rules, 'provinces/guangdong/policy.json');
    const [head, ...tail] = readFileSync(manifest, 'utf8').split('广东');
    expect(tail.length).toBeGreaterThan(0);
    writeFileSync(manifest, Buffer.concat([Buffer.from(head!), Buffer.from([0xb9, 0xe3, 0xb6, 0xab]), Buffer.from(tail.join('广东'))]));
    const national = join(rules, 'national/circles.json');
    writeFileSync(national, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(national, 'utf8'), 'utf16le')]));
    const all = (await policyIssues(join(rules, 'provinces/guangdong'))).map((i) => [i.code, i.file]);
    expect(all).toContainEqual(['FILE_NOT_UTF8', 'provinces/guangdong/policy.json']);
    expect(all).toContainEqual(['FILE_UTF16', 'national/circles.json']);
    expect(all).toContainEqual(['FILE_NOT_UTF8', 'provinces/guangdong/citations.json']);
  });

  it('every problem in every file at once: unknown fact, parameter, operator and citation with suggestions', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      const income = json.eligibility.all[0];
      income.fact = 'perCapitaIncom';
      income.value = { param: 'dibao.standrd' };
      income.operator = 'lessthan';
      income.citation = 'mz2021-57.art31';
    });
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'][0].value = '1087,00';
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    const byCode = (code: string) => issues.find((i) => i.code === code);
    expect(byCode('UNKNOWN_FACT')).toMatchObject({ path: ['eligibility', 'all', 0, 'fact'], params: { didYouMean: 'perCapitaIncome' } });
    expect(byCode('UNKNOWN_PARAMETER')).toMatchObject({ params: { name: 'dibao.standrd', didYouMean: 'dibao.standard' } });
    expect(byCode('UNKNOWN_OPERATOR')).toMatchObject({ params: { name: 'lessthan', didYouMean: 'lessThan' } });
    expect(byCode('UNKNOWN_CITATION')).toMatchObject({ params: { name: 'mz2021-57.art31' } });
    expect(byCode('PARAMETER_VALUE_TYPE')).toMatchObject({ file: 'provinces/guangdong/parameters.json', params: { received: '1087,00' } });
    expect(['UNKNOWN_FACT', 'UNKNOWN_PARAMETER', 'UNKNOWN_OPERATOR', 'UNKNOWN_CITATION', 'PARAMETER_VALUE_TYPE'].map((code) => textAt(rules, byCode(code)!))).toEqual([
      '"perCapitaIncom",',
      '"dibao.standrd"',
      '"lessthan",',
      '"mz2021-57.art31"',
      '"1087,00",',
    ]);
  });

  it('a threshold that the fact can never equal is refused, not read as "false for everyone"', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      json.eligibility.all[0].value = '1,400.00';
    });
    editJson(join(rules, 'national/conditions.json'), (json) => {
      json.conditions.severelyDisabled.all[0].value = '一级';
      const grade3 = json.conditions.severelyDisabledOrGrade3IntellectualMental.any[1].all;
      grade3[1].value = ['intellectual', 'mentl'];
      grade3[0].operator = 'in';
    });
    const issues = (await policyIssues(join(rules, 'provinces/guangdong'))).filter((i) => i.code === 'CONDITION_VALUE_TYPE');
    expect(issues.map((i) => [i.file, i.path, i.params.received])).toEqual([
      ['national/conditions.json', ['conditions', 'severelyDisabled', 'all', 0, 'value'], '"一级"'],
      ['national/conditions.json', ['conditions', 'severelyDisabledOrGrade3IntellectualMental', 'any', 1, 'all', 0, 'value'], '3'],
      ['national/conditions.json', ['conditions', 'severelyDisabledOrGrade3IntellectualMental', 'any', 1, 'all', 1, 'value', 1], '"mentl"'],
      ['national/programs/dibao.json', ['eligibility', 'all', 0, 'value'], '"1,400.00"'],
    ]);
    expect(issues[2]!.message.en).toBe(
      'value "mentl" cannot be compared with fact "disabilityCategory" (write it like ["none", "visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"])',
    );
    expect(issues[3]!.message.zh).toBe('取值 "1,400.00" 无法与事实“perCapitaIncome”比较（应写作如 "1238.00"）');
    expect(issues.map((i) => textAt(rules, i))).toEqual(['"一级"', '3', '"mentl"', '"1,400.00",']);
  });

  it('an operator the fact can never satisfy is refused, and "3" is still read as 3 where the comparison orders numbers', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      json.amount.beneficiaries.value = '3'; // refusedJobOffers lessThan "3": exact, as before
      json.eligibility.all.push(
        { fact: 'perCapitaIncome', operator: 'contains', value: '1400.00' },
        { fact: 'area', operator: 'lessThan', value: 'urban' },
        { fact: 'area', operator: 'in', value: [] },
        { fact: 'countedMembers', operator: 'equal', value: '3' },
      );
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    const n = (await loadPolicy('guangdong')).programs.find((p) => p.id === 'dibao')!.source.eligibility.all!.length;
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['OPERATOR_NOT_FOR_FACT', ['eligibility', 'all', n, 'operator']],
      ['OPERATOR_NOT_FOR_FACT', ['eligibility', 'all', n + 1, 'operator']],
      ['CONDITION_VALUE_TYPE', ['eligibility', 'all', n + 2, 'value']],
      ['CONDITION_VALUE_TYPE', ['eligibility', 'all', n + 3, 'value']],
    ]);
    expect(issues.map((i) => textAt(rules, i))).toEqual(['"contains",', '"lessThan",', '"value": []', '"3"']);
  });

  it('a key written twice in one object is refused with its line, not silently dropped', async () => {
    const rules = copyRules();
    const file = join(rules, 'provinces/guangdong/parameters.json');
    // A new year's values pasted as a second "dibao.standard" block: JSON.parse would keep only the second.
    const text = readFileSync(file, 'utf8').replace('"values": {', '"values": {\n    "dibao.standard": [],');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('"dibao.standard": [')) + 1;
    const second = text.split('\n').findIndex((l, i) => i >= line && l.includes('"dibao.standard"')) + 1;
    const issues = (await policyIssues(join(rules, 'provinces/guangdong'))).filter((i) => i.code === 'DUPLICATE_JSON_KEY');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'provinces/guangdong/parameters.json', path: ['values', 'dibao.standard'], params: { key: 'dibao.standard', line: second } });
    expect(issues[0]).toMatchObject({ line: second });
    expect(textAt(rules, issues[0]!)).toMatch(/^"dibao.standard": \[$/);
  });

  it('finds repeated keys anywhere, and only real keys', () => {
    expect(repeatedKeys('{"a":1,"b":[{"c":2},{"c":3,"d":"\\"c\\":","c":4}],"a":5}')).toEqual([
      { path: ['b', 1, 'c'], line: 1, column: 41 },
      { path: ['a'], line: 1, column: 49 },
    ]);
    expect(repeatedKeys('{"a":["a","a"],"b":{"a":1}}')).toEqual([]);
    expect(repeatedKeys('{\n "a" : 1,\n "a"\n :2}')).toEqual([{ path: ['a'], line: 3, column: 2 }]);
  });

  it('a file that is not JSON does not hide the other files\' problems, nor fill the list with names it would have defined', async () => {
    const rules = copyRules();
    const citations = join(rules, 'provinces/guangdong/citations.json');
    writeFileSync(citations, readFileSync(citations, 'utf8').replace(/\}\s*$/, ',}'));
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      json.eligibility.all[0].fact = 'perCapitaIncom';
    });
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'][0].value = '-5.00';
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues.map((i) => [i.file, i.code])).toEqual([
      ['provinces/guangdong/citations.json', 'JSON_TRAILING_COMMA'],
      ['provinces/guangdong/parameters.json', 'NEGATIVE_AMOUNT'],
      ['national/programs/dibao.json', 'UNKNOWN_FACT'],
    ]);
    expect(issues.map((i) => textAt(rules, i))).toEqual([',}', '"-5.00",', '"perCapitaIncom",']);
  });

  it('the folder above the policies names the policies in it; a wrong extends is reported in the policy.json that has it', async () => {
    const rules = copyRules();
    const [above] = await policyIssues(rules);
    expect(above).toMatchObject({ code: 'POLICY_MANIFEST_MISSING' });
    expect(above?.code === 'POLICY_MANIFEST_MISSING' && String(above.params.didYouMean)).toContain('provinces/guangdong');
    editJson(join(rules, 'provinces/guangdong/policy.json'), (json) => {
      json.extends = '../../nationa';
    });
    const [wrong] = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(wrong).toMatchObject({ code: 'FILE_NOT_FOUND', path: ['extends'] });
    expect(wrong!.file).toMatch(/provinces\/guangdong\/policy\.json$/);
    expect(textAt('/', wrong!)).toBe('"../../nationa"');
  });

  it('a syntax error names the line and column, and no stack trace is needed', async () => {
    const rules = copyRules();
    writeFileSync(join(rules, 'provinces/hunan/parameters.json'), '{\n  "kind": "parameters",\n  "values": {,}\n}');
    const issues = await policyIssues(join(rules, 'provinces/hunan'));
    expect(issues[0]).toMatchObject({ code: 'JSON_VALUE_MISSING', file: 'provinces/hunan/parameters.json', line: 3, column: 14 });
    expect(issues[0]!.message.en).toMatch(/line 3, column 14/);
    expect(textAt(rules, issues[0]!)).toBe(',}');
  });

  it('refuses prototype keys anywhere, and oversized files', async () => {
    const rules = copyRules();
    writeFileSync(join(rules, 'provinces/hubei/evil.json'), '{"kind":"citations","citations":{"__proto__":{"polluted":true}}}');
    writeFileSync(join(rules, 'provinces/hubei/huge.json'), JSON.stringify({ kind: 'citations', citations: {}, pad: 'x'.repeat(1_100_000) }));
    const issues = await policyIssues(join(rules, 'provinces/hubei'));
    expect(issues.map((i) => i.code).sort()).toEqual(['FILE_TOO_LARGE', 'FORBIDDEN_KEY']);
    expect(textAt(rules, issues.find((i) => i.code === 'FORBIDDEN_KEY')!)).toMatch(/^"__proto__":/);
    expect(issues.find((i) => i.code === 'FILE_TOO_LARGE')).toMatchObject({ line: 1, column: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rounding written beside the wrong operator is refused: it would round nothing', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      const gap = json.amount.steps.find((s: { id: string }) => s.id === 'gap');
      Object.assign(gap.expr, { places: 0, mode: 'up' });
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues.map((i) => [i.code, i.path.at(-1), i.code === 'MISPLACED_KEY' && i.params.with])).toEqual([
      ['MISPLACED_KEY', 'places', 'round'],
      ['MISPLACED_KEY', 'mode', 'round'],
    ]);
    expect(issues[0]!.message.en).toBe('"places" only goes with "round": here it would be ignored');
    expect(issues.map((i) => textAt(rules, i))).toEqual(['"places": 0,', '"mode": "up"']);
  });

  it('a program file that fails its schema is the only problem: rules naming that program are not "unknown program" too', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      delete json.amount.rounding;
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues.map((i) => [i.file, i.code, i.path])).toEqual([['national/programs/dibao.json', 'REQUIRED', ['amount', 'rounding']]]);
    // a key that is missing: the object it is missing from
    expect(textAt(rules, issues[0]!)).toBe('"amount": {');
  });

  it('a money parameter is a payable amount: not negative, whole fen, not absurdly large', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      const standards = json.values['dibao.standard'];
      standards[0].value = '-1400.00';
      standards[1].value = '1238.005';
      standards[2].value = `1${'0'.repeat(400)}`;
      standards[3].value = '0001238.00';
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues.map((i) => [i.code, i.path.slice(2)])).toEqual([
      ['NEGATIVE_AMOUNT', [0, 'value']],
      ['TOO_MANY_DECIMALS', [1, 'value']],
      ['TOO_BIG', [2, 'value']],
    ]);
    expect(issues.map((i) => textAt(rules, i).slice(0, 12))).toEqual(['"-1400.00",', '"1238.005",', '"10000000000']);
  });

  it('a value without source and grade must be marked illustrative with a note', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/hunan/parameters.json'), (json) => {
      delete json.values['dibao.standard'][0].source;
    });
    const required = (await policyIssues(join(rules, 'provinces/hunan'))).find((i) => i.code === 'SOURCE_REQUIRED')!;
    expect(required).toBeDefined();
    expect(textAt(rules, required)).toBe('{');
  });
});

describe('overlays are labelled exceptions, not silent merges', () => {
  it('overriding something that does not exist fails, with the nearest target', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      json.overrides[0].target = 'program:dibao/step:classified-suplement';
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues[0]).toMatchObject({
      code: 'OVERLAY_TARGET_MISSING',
      file: 'provinces/guangdong/overlay.json',
      path: ['overrides', 0, 'target'],
      params: { didYouMean: 'program:dibao/step:classified-supplement' },
    });
    expect(textAt(rules, issues[0]!)).toBe('"program:dibao/step:classified-suplement",');
  });

  it("a mistake inside an override's value is reported in the overlay, where it was written, not in the national file", async () => {
    const rules = copyRules();
    let added = -1;
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      added = json.overrides.length;
      const step = json.overrides[0].value;
      step.expr.round.mul[1].param = 'dibao.standrd';
      step.when = { fact: 'disabilityGrad', operator: 'equal', value: 1 };
      json.overrides[0].citation = 'zs-nope';
      json.overrides.push({
        target: 'condition:severelyDisabled',
        reason: { zh: '试', en: 'test' },
        value: { all: [{ fact: 'disabilityGrade', operator: 'lessThanInclusive', value: '二级' }] },
      });
      json.overrides.push({ target: 'programme:dibao', reason: { zh: '试', en: 'test' }, value: {} });
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(issues.every((i) => i.file === 'provinces/guangdong/overlay.json')).toBe(true);
    const where = (code: string) => issues.filter((i) => i.code === code).map((i) => i.path);
    expect(where('UNKNOWN_PARAMETER')).toEqual([['overrides', 0, 'value', 'expr', 'round', 'mul', 1, 'param']]);
    expect(where('UNKNOWN_FACT')).toEqual([['overrides', 0, 'value', 'when', 'fact']]);
    expect(where('CONDITION_VALUE_TYPE')).toEqual([['overrides', added, 'value', 'all', 0, 'value']]);
    expect(where('UNKNOWN_CITATION')).toEqual([['overrides', 0, 'citation']]);
    expect(issues.find((i) => i.code === 'OVERLAY_TARGET_MISSING')?.params.didYouMean).toBe('program:dibao');
    const at = (code: string) => textAt(rules, issues.find((i) => i.code === code)!);
    expect(['UNKNOWN_PARAMETER', 'UNKNOWN_FACT', 'CONDITION_VALUE_TYPE', 'UNKNOWN_CITATION', 'OVERLAY_TARGET_MISSING'].map(at)).toEqual([
      '"dibao.standrd"',
      '"disabilityGrad",',
      '"二级"',
      '"zs-nope",',
      '"programme:dibao",',
    ]);
  });

  it('a replaced income treatment is reported in the overlay too; comparison keys beside all/condition are refused', async () => {
    const rules = copyRules();
    let added = -1;
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      added = json.overrides.length;
      json.overrides.push({
        target: 'income:household/wage',
        reason: { zh: '试', en: 'test' },
        value: { treatment: 'counted', excludedWhen: { fact: 'agee', operator: 'lessThan', value: 3 } },
      });
    });
    editJson(join(rules, 'national/programs/dibao.json'), (json) => {
      json.eligibility.all.push({ condition: 'dibao.propertyWithinLimits', operator: 'equal', value: true });
    });
    const issues = await policyIssues(join(rules, 'provinces/guangdong'));
    const at = (code: string) => issues.filter((i) => i.code === code).map((i) => [i.file, i.path.at(-1)]);
    expect(at('UNKNOWN_FACT')).toEqual([['provinces/guangdong/overlay.json', 'fact']]);
    expect(issues.find((i) => i.code === 'UNKNOWN_FACT')!.path.slice(0, 3)).toEqual(['overrides', added, 'value']);
    expect(at('MISPLACED_KEY')).toEqual([
      ['national/programs/dibao.json', 'operator'],
      ['national/programs/dibao.json', 'value'],
    ]);
    expect(issues.map((i) => textAt(rules, i))).toEqual(['"operator": "equal",', '"value": true', '"agee",']);
  });

  it('overriding the same thing twice fails', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      json.overrides.push(structuredClone(json.overrides[0]));
    });
    const [duplicate] = await policyIssues(join(rules, 'provinces/guangdong'));
    expect(duplicate?.code).toBe('OVERLAY_DUPLICATE');
    const target = JSON.parse(readFileSync(join(rules, 'provinces/guangdong/overlay.json'), 'utf8')).overrides[0].target;
    expect(textAt(rules, duplicate!)).toBe(`"${target}",`);
  });

  it('a province may not redefine a national parameter or set values outside its region without an override', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/hunan/parameters.json'), (json) => {
      json.parameters = { 'dibao.marginalMultiple': { type: 'ratio', description: { zh: '倍数', en: 'multiple' }, values: [] } };
      json.values['dibao.standard'].push({ region: '440100', from: '2024-01-01', value: '1.00', illustrative: true, note: 'wrong province' });
    });
    const issues = await policyIssues(join(rules, 'provinces/hunan'));
    expect(issues.map((i) => i.code).sort()).toEqual(['PARAMETER_REDEFINED', 'REGION_OUTSIDE_LAYER']);
    const at = (code: string) => textAt(rules, issues.find((i) => i.code === code)!);
    expect([at('PARAMETER_REDEFINED'), at('REGION_OUTSIDE_LAYER')]).toEqual(['"dibao.marginalMultiple": {', '"440100",']);
  });

  it('an override replaces a parameter definition, and the decision uses it', async () => {
    const rules = copyRules();
    writeFileSync(
      join(rules, 'provinces/hubei/overlay.json'),
      JSON.stringify({
        kind: 'overlay',
        overrides: [
          {
            target: 'parameter:dibao.marginalMultiple',
            reason: { zh: '本省低保边缘按 2 倍认定', en: 'This province uses 2 × for marginal families' },
            value: {
              type: 'ratio',
              description: { zh: '倍数', en: 'multiple' },
              values: [{ region: '000000', from: '2021-07-01', value: '2', illustrative: true, note: 'test' }],
            },
          },
        ],
      }),
    );
    const policy = await loadPolicy({ dir: join(rules, 'provinces/hubei') });
    expect(policy.overrides.map((o) => o.target)).toEqual(['parameter:dibao.marginalMultiple']);
    const household = { id: 'h', region: '420100', area: 'urban', members: [{ id: 'a', relation: 'applicant', birthDate: '1980-01-01', incomes: [{ kind: 'wage', amount: '900.00', period: 'month' }] }] };
    const decision = evaluateSync(policy, household, { asOf: '2021-08-01' });
    expect(decision.parameters.find((p) => p.name === 'dibao.marginalLine')?.value).toBe('1660.00');
  });
});

describe('layers are isolated', () => {
  it('a change to the Hunan rules never alters a Guangdong decision', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/hunan/parameters.json'), (json) => {
      json.values['dibao.standard'] = [{ region: '430000', from: '2000-01-01', value: '99999.00', illustrative: true, note: 'test' }];
    });
    writeFileSync(
      join(rules, 'provinces/hunan/overlay.json'),
      JSON.stringify({
        kind: 'overlay',
        overrides: [
          {
            target: 'parameter:dibao.marginalMultiple',
            reason: { zh: '测试', en: 'test' },
            value: { type: 'ratio', description: { zh: '倍数', en: 'multiple' }, values: [{ region: '000000', from: '2000-01-01', value: '9', illustrative: true, note: 'test' }] },
          },
        ],
      }),
    );
    const changedHunan = await loadPolicy({ dir: join(rules, 'provinces/hunan') });
    expect(changedHunan.sha256).not.toBe((await loadPolicy('hunan')).sha256);
    const bundled = await loadPolicy('guangdong');
    const besideChangedHunan = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    fc.assert(
      fc.property(householdArb(REGIONS.guangdong!), (household) => {
        expect(canonicalJson(evaluateSync(besideChangedHunan, household, { asOf: AS_OF }))).toBe(
          canonicalJson(evaluateSync(bundled, household, { asOf: AS_OF })),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('advice on rule files that load (jiuzhu validate)', () => {
  it('the bundled policies have no unused parameter or citation and every note in both languages', async () => {
    for (const name of ['national', 'guangdong', 'hunan', 'hubei'] as const) expect((await loadPolicy(name)).lint, name).toEqual([]);
  });

  it('names a parameter or citation no rule uses, and a note in one language, without refusing the policy', async () => {
    const rules = copyRules();
    editJson(join(rules, 'national/parameters.json'), (json) => {
      json.parameters['screen.oldBand'] = {
        type: 'ratio',
        description: { zh: '旧的预警区间', en: 'an old band' },
        values: [{ region: '000000', from: '2000-01-01', value: '0.1', illustrative: true, note: 'one language' }],
      };
    });
    editJson(join(rules, 'national/citations.json'), (json) => {
      json.citations['mz2021-57.art99'] = { document: '最低生活保障审核确认办法', article: '第九十九条', grade: 'A' };
    });
    const policy = await loadPolicy({ dir: join(rules, 'national') });
    expect(policy.lint.map((i) => [i.code, i.file, i.path])).toEqual([
      ['UNUSED_PARAMETER', 'parameters.json', ['parameters', 'screen.oldBand']],
      ['UNUSED_CITATION', 'citations.json', ['citations', 'mz2021-57.art99']],
      ['NOTE_ONE_LANGUAGE', 'parameters.json', ['parameters', 'screen.oldBand', 'values', 0, 'note']],
    ]);
    expect(policy.lint.map((i) => textAt(join(rules, 'national'), i))).toEqual(['"screen.oldBand": {', '"mz2021-57.art99": {', '"one language"']);
    // A parameter read only through another parameter's formula, or by a fact a rule names, is in use.
    expect(policy.lint.some((i) => i.code === 'UNUSED_PARAMETER' && (i.params.name === 'dibao.property.financialAssetsMonths' || i.params.name === 'income.oneOffSpreadMonths'))).toBe(false);
  });
});

describe('plausibility: not wrong, but probably a mistake (lintPolicy, jiuzhu validate)', () => {
  /** Guangzhou's standard raised from a year typed 2062, then by a digit too many; a threshold typed into 低保's rule. */
  function mistypedRules(): string {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      const source = { document: '广州市民政局关于调整最低生活保障标准的通知' };
      json.values['dibao.standard'].push(
        { region: '440100', from: '2062-07-01', value: '1400.00', source, grade: 'A' },
        { region: '440100', from: '2026-07-01', value: '13090.00', source, grade: 'A' },
      );
    });
    editJson(join(rules, 'provinces/guangdong/programs/special-judicial-aid.json'), (json) => {
      json.eligibility.all.push({ fact: 'perCapitaIncome', operator: 'lessThan', value: '1238.00', message: 'dibao.incomeBelowStandard' });
    });
    editJson(join(rules, 'provinces/guangdong/overlay.json'), (json) => {
      json.overrides[0].value.expr.round.mul[1] = '1309.00';
    });
    return rules;
  }

  it('a year years ahead, a standard that jumps or drops, money typed into a rule, a reason without a citation: each at its place', async () => {
    const rules = mistypedRules();
    const { policy, problems, advice } = await validatePolicy({ dir: join(rules, 'provinces/guangdong') }, { today: '2026-05-01', stores: [] });
    expect(problems).toEqual([]);
    expect(policy).toBeDefined();
    expect(advice.map((i) => [i.code, i.file, textAt(rules, i)])).toEqual([
      ['LITERAL_MONEY', 'provinces/guangdong/overlay.json', '"1309.00"'],
      ['LITERAL_MONEY', 'provinces/guangdong/programs/special-judicial-aid.json', '"1238.00",'],
      ['CONDITION_WITHOUT_CITATION', 'provinces/guangdong/programs/special-judicial-aid.json', '{'],
      ['STANDARD_FAR_FUTURE', 'provinces/guangdong/parameters.json', '"2062-07-01",'],
      ['STANDARD_JUMP', 'provinces/guangdong/parameters.json', '"13090.00",'],
      ['STANDARD_DECREASE', 'provinces/guangdong/parameters.json', '"1400.00",'],
    ]);
    const byCode = (code: string) => advice.find((i) => i.code === code)!;
    // The parameter that holds the figure typed into the rule is named.
    expect(advice.filter((i) => i.code === 'LITERAL_MONEY').map((i) => i.params)).toEqual([
      { value: '1309.00', didYouMean: '{"param": "dibao.standard"}' },
      { value: '1238.00', didYouMean: '{"param": "dibao.standard"}' },
    ]);
    expect(byCode('STANDARD_JUMP').message.zh).toBe(
      '参数“dibao.standard”（440100）自 2026-07-01 起为 13090.00，比此前的 1309.00（自 2025-01-01 起）提高了 900%，超过了 30%：请核对是否多打或少打了数字',
    );
    expect(byCode('STANDARD_FAR_FUTURE').message.zh).toBe('生效日期 2062-07-01 比今天（2026-05-01）晚 2 年以上：是否年份写错了（例如把 2026 写成了 2062）？');
    // Without today, the library has no clock and does not guess one; a larger yearly share lets the jump pass.
    const codes = lintPolicy(policy!, { maxYearlyChange: '10' }).map((i) => i.code);
    expect(codes).not.toContain('STANDARD_FAR_FUTURE');
    expect(codes).not.toContain('STANDARD_JUMP');
    expect(codes).toContain('STANDARD_DECREASE');
  });

  it('rules changed under a version already archived are named, file by file, until the version changes', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'].push({ region: '440100', from: '2026-07-01', value: '1400.00', source: { document: '穗民规字〔2026〕' }, grade: 'A' });
    });
    const dir = join(rules, 'provinces/guangdong');
    const { advice } = await validatePolicy({ dir }, { today: '2026-05-01' });
    expect(advice.map((i) => [i.code, i.file, textAt(rules, i)])).toEqual([['POLICY_CHANGED_SAME_VERSION', 'provinces/guangdong/policy.json', expect.stringMatching(/^"2026\./)]]);
    expect(advice[0]!.params).toMatchObject({ id: 'guangdong', files: 'provinces/guangdong/parameters.json' });
    editJson(join(dir, 'policy.json'), (json) => {
      json.version = `${json.version}-guangzhou-2026`;
    });
    expect((await validatePolicy({ dir }, { today: '2026-05-01' })).advice).toEqual([]);
  });

  it('the bundled policies are plausible: no date years ahead, no standard that drops or jumps, one content per archived version', async () => {
    for (const name of ['national', 'guangdong', 'hunan', 'hubei'] as const) {
      const { problems, advice } = await validatePolicy(name, { today: '2026-05-01' });
      expect([name, problems, advice]).toEqual([name, [], []]);
    }
  });
});

describe('rule files are found however they were saved', () => {
  it('a file or folder behind a symbolic link is read, and a name in upper case (.JSON)', async () => {
    const rules = copyRules();
    const elsewhere = mkdtempSync(join(tmpdir(), 'jiuzhu-linked-'));
    const layer = join(rules, 'provinces/guangdong');
    renameSync(join(layer, 'citations.json'), join(elsewhere, 'citations.json'));
    symlinkSync(join(elsewhere, 'citations.json'), join(layer, 'citations.json'));
    renameSync(join(layer, 'programs'), join(elsewhere, 'programs'));
    symlinkSync(join(elsewhere, 'programs'), join(layer, 'programs'), 'dir');
    expect((await loadPolicy({ dir: layer })).sha256).toBe((await loadPolicy('guangdong')).sha256);
    renameSync(join(layer, 'overlay.json'), join(layer, 'OVERLAY.JSON'));
    const upper = await loadPolicy({ dir: layer });
    expect(upper.overrides.length).toBe((await loadPolicy('guangdong')).overrides.length);
    expect(upper.overrides[0]!.file).toBe('provinces/guangdong/OVERLAY.JSON');
  });

  it('a link that leads nowhere, and a file Notepad saved as .json.txt, are reported, not passed over', async () => {
    const rules = copyRules();
    const layer = join(rules, 'provinces/hunan');
    symlinkSync(join(rules, 'nowhere.json'), join(layer, 'extra.json'));
    renameSync(join(layer, 'parameters.json'), join(layer, 'parameters.json.txt'));
    const issues = await policyIssues(layer);
    expect(issues.map((i) => [i.code, i.file])).toEqual([
      ['RULE_FILE_LINK_BROKEN', 'provinces/hunan/extra.json'],
      ['RULE_FILE_NAME', 'provinces/hunan/parameters.json.txt'],
    ]);
    expect(issues[1]!.message.zh).toBe('parameters.json.txt 的文件名多了 .txt（记事本另存时常会加上），所以没有作为规则文件读取：请改名为 parameters.json');
  });
});
