import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENGINE_VERSION,
  JiuzhuError,
  RECORD_FORMAT,
  bundledPolicyStore,
  compareWithPolicy,
  decisionId,
  diffJson,
  evaluateSync,
  loadPolicy,
  openRecordLog,
  packPolicy,
  policyStore,
  readRecordLog,
  recordLine,
  recordSha256,
  replay,
  replayLog,
  sha256Canonical,
  toRecord,
  verifyRecord,
  logHeader,
  canonicalJson,
  type DecisionRecord,
  type Issue,
  type ReplayResult,
} from '../src/node/index.js';
import example from '../examples/households/guangzhou-2023-prison.json' with { type: 'json' };
import { copyRules, editJson } from './helpers/ruleCopy.js';
import { contentSha256OfLine, parseLogLine } from '../src/node/audit/log.js';
import { nodeSha256Hex } from '../src/node/audit/sha256.js';
import { sha256Hex } from '../src/core/audit/canonical.js';

const policy = await loadPolicy('guangdong');
const store = bundledPolicyStore();
const record = toRecord(evaluateSync(policy, example, { asOf: '2023-06-01' }), example);
const temp = () => mkdtempSync(join(tmpdir(), 'jiuzhu-audit-'));
/** A copy of the record, changed, with its hash made to match again (as a forger with the format would). */
const rehashed = (change: (r: any) => void): DecisionRecord => {
  const copy = structuredClone(record) as any;
  change(copy);
  return { ...copy, sha256: recordSha256(copy) };
};
/** Next year's rule files: Guangzhou's 2023 standard corrected from 1238 to 1300, in a copy of the rules. */
const raiseGuangzhou2023 = (rules: string) =>
  editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
    json.values['dibao.standard'].find((v: { region?: string }) => v.region === '440100').value = '1300.00';
  });
const raisedGuangdong = () => {
  const rules = copyRules();
  raiseGuangzhou2023(rules);
  return loadPolicy({ dir: join(rules, 'provinces/guangdong') });
};
const codes = (result: ReplayResult) => ('error' in result ? result.error.issues.map((i) => i.code) : []);

describe('decision records', () => {
  it('record what was decided: an input with a getter is read once, and a record of what it says now is refused', () => {
    let reads = 0;
    const income = { kind: 'wage', period: 'month', get amount() { return reads++ === 0 ? '3000.00' : '300.00'; } };
    const tricky = { ...example, members: [{ ...example.members[0]!, incomes: [income] }, ...example.members.slice(1)] };
    const decision = evaluateSync(policy, tricky, { asOf: '2023-06-01' });
    expect(reads).toBe(1);
    // Validated, hashed and decided on the one value read: the wage of 3000.00, as the plain household has it.
    expect(decision.inputSha256).toBe(evaluateSync(policy, example, { asOf: '2023-06-01' }).inputSha256);
    expect(decision.programs.find((p) => p.program === 'dibao')?.amount).toBe('1952.00');
    // The getter now says 300.00: the decision was not made on that, so it cannot be logged as its input.
    const refused = (() => { try { toRecord(decision, tricky); } catch (error) { return error as JiuzhuError; } })();
    expect(refused?.issues.map((i) => i.code)).toEqual(['RECORD_INCONSISTENT']);
  });

  it('hold the format, id, asOf, engine, policy, the input as given, the decision, and a sha256 over all of it', () => {
    expect(record).toMatchObject({
      format: RECORD_FORMAT,
      id: record.decision.id,
      asOf: '2023-06-01',
      engine: { name: 'jiuzhu', version: record.decision.engine.version },
      policy: { id: 'guangdong', sha256: policy.sha256 },
    });
    const { $schema: _, ...given } = example as Record<string, unknown>;
    expect(record.input).toMatchObject(given);
    expect(record.sha256).toBe(recordSha256(record));
    expect(recordLine(record).endsWith('}\n')).toBe(true);
    expect(recordLine(record).slice(0, -1)).not.toContain('\n');
  });

  it('refuse an input that is not the one decided on', () => {
    const decision = evaluateSync(policy, example, { asOf: '2023-06-01' });
    const other = { ...example, id: 'someone-else' };
    expect(() => toRecord(decision, other)).toThrow(JiuzhuError);
    try {
      toRecord(decision, other);
    } catch (error) {
      expect((error as JiuzhuError).kind).toBe('record');
      expect((error as JiuzhuError).issues[0]).toMatchObject({ code: 'RECORD_INCONSISTENT', path: ['input'] });
    }
  });

  it('count every key in the hash, even one named __proto__', () => {
    const injected = JSON.parse(recordLine(record).replace('{', '{"__proto__":{"approved":true},'));
    expect(Object.keys(injected)).toContain('__proto__');
    expect(verifyRecord(injected)).toMatchObject({ problem: { status: 'tampered' } });
  });

  it('carry what the service adds under meta, covered by the hash', () => {
    const withMeta = toRecord(record.decision, record.input, { meta: { caseNumber: 'GZ-2023-0001' } });
    expect(withMeta.meta).toEqual({ caseNumber: 'GZ-2023-0001' });
    expect(withMeta.sha256).not.toBe(record.sha256);
    expect(verifyRecord({ ...withMeta, meta: { caseNumber: 'GZ-2023-0002' } })).toMatchObject({ problem: { status: 'tampered' } });
  });

  it('leave out a meta field given as undefined, as JSON does', () => {
    const withMeta = toRecord(record.decision, record.input, { meta: { caseNumber: 'GZ-1', officer: undefined as unknown as string } });
    expect(withMeta.meta).toEqual({ caseNumber: 'GZ-1' });
    expect(verifyRecord(JSON.parse(recordLine(withMeta)))).toHaveProperty('record');
  });

  it('refuse meta that replay could never read, when the decision is logged rather than years later', () => {
    const meta = { caseNumber: 2023001, officer: null, loggedAt: new Date(0) } as unknown as Record<string, string>;
    let thrown: unknown;
    try {
      toRecord(record.decision, record.input, { meta });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JiuzhuError);
    expect((thrown as JiuzhuError).issues.map((i) => [i.code, i.path])).toEqual([
      ['INVALID_TYPE', ['meta', 'caseNumber']],
      ['INVALID_TYPE', ['meta', 'officer']],
      ['INVALID_TYPE', ['meta', 'loggedAt']],
    ]);
    // Not an object of text at all: refused whole, never spread into {"0":"G","1":"Z"…}.
    for (const whole of [null, 'GZ-1', ['a'], 42, new Date(0)]) {
      expect(() => toRecord(record.decision, record.input, { meta: whole as unknown as Record<string, string> })).toThrow(JiuzhuError);
    }
  });
});

describe('replay', () => {
  it('proves a record: identical, with the engine versions', async () => {
    const result = await replay(record, store);
    expect(result).toEqual({ status: 'identical', id: record.id, engine: { recorded: ENGINE_VERSION, replayed: ENGINE_VERSION } });
    expect(await replay(JSON.parse(recordLine(record)), store)).toMatchObject({ status: 'identical' });
  });

  it('an amount edited and sealed again, on the same engine and policy, is forged: each differing path with both values', async () => {
    const dibaoAt = record.decision.programs.findIndex((p) => p.program === 'dibao');
    const edit = (r: any) => {
      r.decision.programs[dibaoAt].amount = '1900.00';
      r.decision.parameters.find((p: { name: string }) => p.name === 'dibao.standard').value = '1200.00';
    };
    const standardAt = record.decision.parameters.findIndex((p) => p.name === 'dibao.standard');
    const expected = [
      { path: ['parameters', standardAt, 'value'], recorded: '1200.00', replayed: '1238.00' },
      { path: ['programs', dibaoAt, 'amount'], recorded: '1900.00', replayed: '1952.00' },
    ];
    const forged = await replay(rehashed(edit), store);
    expect(forged.status).toBe('forged');
    expect(codes(forged)).toEqual(['RECORD_FORGED']);
    expect('differences' in forged && forged.differences).toEqual(expected);
    // Made by another engine version, the same difference may be the engine's: it differs, and says which engines.
    const older = rehashed((r) => {
      edit(r);
      for (const target of [r, r.decision]) target.engine.version = '0.0.9';
      r.decision.id = decisionId(r.decision.inputSha256, r.policy.sha256, r.asOf, '0.0.9');
      r.id = r.decision.id;
    });
    const differs = await replay(older, store);
    expect(differs).toMatchObject({ status: 'differs', engine: { recorded: '0.0.9', replayed: ENGINE_VERSION }, differences: expected });
  });

  it('a field the record format lacks, sealed with the rest, is forged (the library is as strict as record.schema.json)', async () => {
    for (const extra of [{ approvedAmount: '9999.00' }, JSON.parse('{"__proto__":{"approved":true}}')]) {
      const sealed = rehashed((r) => Object.defineProperty(r, Object.keys(extra)[0]!, { value: Object.values(extra)[0], enumerable: true }));
      const result = await replay(JSON.parse(recordLine(sealed)), store);
      expect([result.status, codes(result)]).toEqual(['forged', ['RECORD_UNKNOWN_FIELD']]);
    }
    const nested = await replay(rehashed((r) => (r.decision.programs[0].approved = true)), store);
    expect([nested.status, codes(nested)]).toEqual(['forged', ['RECORD_UNKNOWN_FIELD']]);
    expect('error' in nested && nested.error.issues[0]!.path).toEqual(['decision', 'programs', 0, 'approved']);
  });

  it('a digit flipped anywhere in the record is tampering (hash mismatch), not a difference', async () => {
    const line = recordLine(record);
    const altered = line.replace('"amount":"3000.00"', '"amount":"3900.00"');
    expect(altered).not.toBe(line);
    const result = await replay(JSON.parse(altered), store);
    expect(result.status).toBe('tampered');
    expect(codes(result)).toEqual(['RECORD_HASH_MISMATCH', 'RECORD_INCONSISTENT']); // an income: the input no longer hashes to decision.inputSha256
    if (result.status === 'tampered') expect(result.error.issues[0]!.params).toMatchObject({ recorded: record.sha256 });
  });

  it('an edited format field under a broken hash is tampering, not an unsupported format', async () => {
    const edited = structuredClone(record) as any;
    edited.decision.format = 'jiuzhu.decision/2';
    const result = await replay(edited, store);
    expect([result.status, codes(result)]).toEqual(['tampered', ['RECORD_HASH_MISMATCH']]);
  });

  it('a tampered record says where it was edited: the decision path with both values, or the input', async () => {
    const dibaoAt = record.decision.programs.findIndex((p) => p.program === 'dibao');
    const amountEdited = structuredClone(record) as any;
    amountEdited.decision.programs[dibaoAt].amount = '9999.00';
    const result = await replay(amountEdited, store);
    expect(result.status).toBe('tampered');
    expect('differences' in result && result.differences).toEqual([{ path: ['programs', dibaoAt, 'amount'], recorded: '9999.00', replayed: '1952.00' }]);
    const incomeEdited = structuredClone(record) as any;
    incomeEdited.input.members[0].incomes[0].amount = '300.00';
    const input = await replay(incomeEdited, store);
    expect('error' in input && input.error.issues.map((i) => [i.code, i.path])).toEqual([
      ['RECORD_HASH_MISMATCH', ['sha256']],
      ['RECORD_INCONSISTENT', ['input']],
    ]);
  });

  it('a record altered and sealed again still contradicts itself: forged, naming the field', async () => {
    const result = await replay(
      rehashed((r) => {
        r.input.members[0].incomes[0].amount = '3900.00';
      }),
      store,
    );
    expect(result.status).toBe('forged');
    expect(result.status === 'forged' && result.error.issues[0]).toMatchObject({ code: 'RECORD_INCONSISTENT', path: ['input'] });
    const wrongId = await replay(rehashed((r) => (r.id = 'x')), store);
    expect(codes(wrongId)).toEqual(['RECORD_INCONSISTENT']);
  });

  it('an unsupported record or decision format is a typed error', async () => {
    const future = { ...record, format: 'jiuzhu.record/3' };
    expect(await replay(future, store)).toMatchObject({ status: 'error', id: record.id });
    expect(codes(await replay(future, store))).toEqual(['UNSUPPORTED_RECORD_FORMAT']);
    const oldDecision = await replay(rehashed((r) => (r.decision.format = 'jiuzhu.decision/0')), store);
    expect(oldDecision.status === 'error' && oldDecision.error.issues[0]).toMatchObject({ code: 'UNSUPPORTED_RECORD_FORMAT', path: ['decision', 'format'] });
  });

  it('a record without the record shape lists every problem', async () => {
    const result = await replay({ format: RECORD_FORMAT, id: 3 }, store);
    expect(result.status).toBe('error');
    expect(codes(result)).toContain('REQUIRED');
    expect(codes(await replay('not a record', store))).toEqual(['INVALID_TYPE']);
  });

  it('a policy missing from the store is a typed error naming the sha256 and where it looked', async () => {
    const result = await replay(record, policyStore(temp()));
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error.kind).toBe('policy');
    expect(result.error.issues[0]).toMatchObject({ code: 'POLICY_NOT_IN_STORE', path: ['policy', 'sha256'], params: { sha256: policy.sha256 } });
  });

  it('a record made by an older engine replays identical when only the version differs', async () => {
    const older = rehashed((r) => {
      for (const target of [r, r.decision]) target.engine.version = '0.0.9';
      r.decision.id = decisionId(r.decision.inputSha256, r.policy.sha256, r.asOf, '0.0.9');
      r.id = r.decision.id;
    });
    expect(await replay(older, store)).toEqual({ status: 'identical', id: older.id, engine: { recorded: '0.0.9', replayed: ENGINE_VERSION } });
  });

  it('an input the engine now rejects is an error with paths into the record', async () => {
    // As if an older engine had accepted a key today's household schema does not know.
    const input = { ...(record.input as object), legacyField: true };
    const withInput = (version: string) =>
      rehashed((r) => {
        r.input = input;
        r.engine.version = r.decision.engine.version = version;
        r.decision.inputSha256 = sha256Canonical(input);
        r.decision.id = decisionId(r.decision.inputSha256, r.policy.sha256, r.asOf, version);
        r.id = r.decision.id;
      });
    const result = await replay(withInput('0.0.9'), store);
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error.issues.map((i) => [i.code, i.path])).toEqual([
      ['REPLAY_INPUT_REJECTED', ['input']],
      ['UNKNOWN_KEY', ['input', 'legacyField']],
    ]);
    // The engine that made the record cannot have refused its input: that record was altered and sealed again.
    const same = await replay(withInput(ENGINE_VERSION), store);
    expect(same.status).toBe('forged');
    expect('error' in same && same.error.issues.map((i) => i.code)).toEqual(['RECORD_NOT_DECIDABLE', 'UNKNOWN_KEY']);
  });
});

describe('diffJson', () => {
  it('walks objects and arrays, and marks what one side lacks', () => {
    expect(diffJson({ a: '1.00', b: [1], c: { d: true } }, { a: '2.00', b: [1, 2], c: {} })).toEqual([
      { path: ['a'], recorded: '1.00', replayed: '2.00' },
      { path: ['b', 1], replayed: 2 },
      { path: ['c', 'd'], recorded: true },
    ]);
    expect(diffJson({ x: [{ y: 1 }] }, { x: [{ y: 1 }] })).toEqual([]);
  });
});

describe('NDJSON logs', () => {
  it('read a record\'s content hash off its canonical line, and only off one: the same sha256 as the core\'s', () => {
    const compact = toRecord(evaluateSync(policy, example, { asOf: '2023-06-01' }), example, { compact: true });
    for (const sealed of [record, compact]) {
      const line = recordLine(sealed).trimEnd();
      const entry = parseLogLine(line, 1);
      expect(entry).toMatchObject({ canonical: true });
      expect(contentSha256OfLine(line, JSON.parse(line), true)).toBe(recordSha256(sealed));
    }
    // A field after the seal, a line not canonical: the caller hashes the content itself.
    const line = recordLine(record).trimEnd();
    const after = `${line.slice(0, -1)},"zz":{"sha256":${JSON.stringify(record.sha256)}}}`;
    expect(parseLogLine(after, 1)).toMatchObject({ canonical: true });
    expect(contentSha256OfLine(after, JSON.parse(after), true)).toBeUndefined();
    const spaced = line.replace('{"asOf"', '{ "asOf"');
    expect(parseLogLine(spaced, 1)).not.toHaveProperty('canonical');
    expect(contentSha256OfLine(spaced, JSON.parse(spaced), undefined)).toBeUndefined();
    for (const text of ['', 'a', '张三\n', '\ud800 lone', 'x'.repeat(100_000)]) expect(nodeSha256Hex(text)).toBe(sha256Hex(text));
  });

  it('append one line per record, concurrently, chained after a header, and read them back with line numbers', async () => {
    const file = join(temp(), 'log.ndjson');
    const log = await openRecordLog(file, { durable: false, name: 'test-log' });
    const written = await Promise.all([log.append(record), log.append(record), log.append(record)]);
    await log.close();
    const header = logHeader('test-log');
    expect(written.map((r) => [r.seq, r.prev])).toEqual([
      [1, header.sha256],
      [2, written[0]!.sha256],
      [3, written[1]!.sha256],
    ]);
    expect(readFileSync(file, 'utf8')).toBe(`${canonicalJson(header)}\n${written.map(recordLine).join('')}`);
    const lines = [];
    for await (const entry of readRecordLog(file)) lines.push([entry.line, 'header' in entry ? 'header' : 'record']);
    expect(lines).toEqual([[1, 'header'], [2, 'record'], [3, 'record'], [4, 'record']]);
  });

  it('a torn last line is reported with its line number; the lines before it still replay', async () => {
    const file = join(temp(), 'log.ndjson');
    const line = recordLine(record);
    writeFileSync(file, `${line}\n${line}${line.slice(0, 5000)}`);
    const results = [];
    for await (const { line: n, result } of replayLog(file, store)) results.push([n, result.status, codes(result)[0]]);
    expect(results).toEqual([
      [1, 'identical', undefined],
      [3, 'identical', undefined],
      [4, 'error', 'LOG_LINE_TRUNCATED'],
    ]);
  });

  it('opening a log with a torn last line starts a new line, so later records stay readable', async () => {
    const file = join(temp(), 'log.ndjson');
    writeFileSync(file, recordLine(record) + recordLine(record).slice(0, 300));
    const log = await openRecordLog(file);
    await log.append(record);
    expect(log.repairedTornLine).toBe(true);
    await log.close();
    const entries = [];
    for await (const entry of readRecordLog(file)) entries.push('issue' in entry ? entry.issue.code : 'header' in entry ? 'header' : 'record');
    // The old records are sealed by the header that starts the chain; the torn line stays a line of its own.
    expect(entries).toEqual(['record', 'LOG_LINE_TRUNCATED', 'header', 'record']);
  });

  it('a line that is not JSON, but not cut short, is LOG_LINE_INVALID', async () => {
    const file = join(temp(), 'log.ndjson');
    writeFileSync(file, `{"a" 1}\n`);
    appendFileSync(file, recordLine(record));
    const entries = [];
    for await (const entry of readRecordLog(file)) entries.push('issue' in entry ? entry.issue.code : 'record');
    expect(entries).toEqual(['LOG_LINE_INVALID', 'record']);
  });

  it('a line naming a key twice is refused: a person and the parser would read different amounts', async () => {
    const file = join(temp(), 'log.ndjson');
    const line = recordLine(record);
    // The forged figure comes first: JSON.parse keeps the recorded one, which still hashes right.
    writeFileSync(file, line + line.replace('"amount":"1952.00"', '"amount":"9999.00","amount":"1952.00"'));
    const results = [];
    for await (const { line: n, result } of replayLog(file, store)) results.push([n, result.status, 'error' in result ? result.error.issues[0] : undefined]);
    expect(results.map(([n, status]) => [n, status])).toEqual([
      [1, 'identical'],
      [2, 'error'],
    ]);
    const issue = results[1]![2] as Issue;
    expect(issue.code).toBe('DUPLICATE_JSON_KEY');
    expect(issue.path).toEqual(['decision', 'programs', 1, 'amount']); // dibao, after tekun
    expect(issue.message.zh).toBe('同一对象中键“amount”出现了两次（第 2 行）：JSON 只保留后一个，前一个会被悄悄丢弃');
  });

  it('a line canonical JSON cannot write (a number beyond range) is an error on its line; the log goes on', async () => {
    const file = join(temp(), 'log.ndjson');
    const line = recordLine(record);
    writeFileSync(file, line + line.replace(/\}\n$/, ',"extra":1e400}\n') + line);
    const results = [];
    for await (const { line: n, result } of replayLog(file, store)) results.push([n, result.status]);
    expect(results).toEqual([
      [1, 'identical'],
      [2, 'error'],
      [3, 'identical'],
    ]);
  });

  it('a log re-saved with a byte-order mark still reads its first record', async () => {
    const file = join(temp(), 'log.ndjson');
    writeFileSync(file, `\uFEFF${recordLine(record)}`);
    const results = [];
    for await (const { line: n, result } of replayLog(file, store)) results.push([n, result.status]);
    expect(results).toEqual([[1, 'identical']]);
  });
});

describe('policy store', () => {
  it('packs a policy as <sha256>.json once, and serves it by sha256 after its rule files change', async () => {
    const rules = copyRules();
    const mine = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    const dir = temp();
    expect(await packPolicy(mine, dir)).toMatchObject({ sha256: mine.sha256, written: true });
    expect(await packPolicy(mine, dir)).toMatchObject({ written: false });
    raiseGuangzhou2023(rules);
    const archived = await policyStore(dir).policy(mine.sha256);
    expect(archived?.sha256).toBe(mine.sha256);
    expect(evaluateSync(archived!, example, { asOf: '2023-06-01' }).programs.find((p) => p.program === 'dibao')!.amount).toBe('1952.00');
  });

  it('a pack whose content does not hash to its name is refused', async () => {
    const dir = temp();
    const { file } = await packPolicy(policy, dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"1238.00"', '"1300.00"'));
    await expect(policyStore(dir).policy(policy.sha256)).rejects.toMatchObject({ issues: [{ code: 'POLICY_PACK_CORRUPT' }] });
    const result = await replay(record, policyStore(dir));
    expect(codes(result)).toEqual(['POLICY_PACK_CORRUPT']);
    expect(result.status === 'error' && result.error.kind).toBe('policy');
    expect(await packPolicy(policy, dir)).toMatchObject({ written: true });
    expect((await policyStore(dir).policy(policy.sha256))?.sha256).toBe(policy.sha256);
  });

  it('only a sha256 names a pack (no paths)', async () => {
    expect(await policyStore(temp()).policy('../../etc/passwd')).toBeUndefined();
  });

  it('searches its sources in order: directories, loaded policies, other stores', async () => {
    const mine = await raisedGuangdong();
    const combined = policyStore(temp(), mine, store);
    expect((await combined.policy(mine.sha256))?.sha256).toBe(mine.sha256);
    expect((await combined.policy(policy.sha256))?.sha256).toBe(policy.sha256);
    expect(combined.locations).toContain('memory');
  });
});

describe('comparing a record with another policy', () => {
  it('names the amount change and the parameter that caused it', async () => {
    const newer = await raisedGuangdong();
    const result = await compareWithPolicy(record, newer);
    expect(result.status).toBe('compared');
    if (result.status !== 'compared') return;
    expect(result.comparison.programs).toEqual([
      expect.objectContaining({
        program: 'dibao',
        before: { status: 'eligible', amount: '1952.00', period: 'month' },
        after: { status: 'eligible', amount: '2200.00', period: 'month' },
        amountChange: '+248.00',
        causes: ['dibao.standard'],
        derived: ['dibao.property.financialAssetsLimit'],
        reasons: [],
      }),
    ]);
    expect(result.comparison.parameters.find((p) => p.name === 'dibao.standard')).toMatchObject({
      before: { value: '1238.00', region: '440100' },
      after: { value: '1300.00', region: '440100' },
    });
  });

  it('shows tests that flipped when eligibility changes, and a later asOf applies later values', async () => {
    const richer = structuredClone(example);
    richer.members[0]!.incomes![0]!.amount = '4960.00'; // per capita 1240: above 1238, below 1309
    const before = toRecord(evaluateSync(policy, richer, { asOf: '2023-06-01' }), richer);
    const result = await compareWithPolicy(before, policy, { asOf: '2025-06-01' });
    if (result.status !== 'compared') throw new Error(result.status);
    const dibao = result.comparison.programs.find((p) => p.program === 'dibao')!;
    expect(dibao).toMatchObject({ before: { status: 'ineligible' }, after: { status: 'eligible', amount: '276.00' }, amountChange: '+276.00' });
    expect(dibao.causes).toContain('dibao.standard');
    expect(dibao.reasons).toContainEqual(expect.objectContaining({ rule: 'dibao/income-below-standard', before: expect.objectContaining({ passed: false }), after: expect.objectContaining({ passed: true }) }));
  });

  it('a tampered record is reported as tampered, not compared', async () => {
    const altered = JSON.parse(recordLine(record).replace('"amount":"3000.00"', '"amount":"3900.00"'));
    expect(await compareWithPolicy(altered, policy)).toMatchObject({ status: 'tampered' });
  });
});
