import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ChainCheck,
  bundledPolicyStore,
  chainRecord,
  evaluateSync,
  loadPolicy,
  openRecordLog,
  packPolicy,
  policyStore,
  recordSha256,
  replayLog,
  toRecord,
  verifyLog,
  type PolicyStore,
} from '../src/node/index.js';
import example from '../examples/households/guangzhou-2023-prison.json' with { type: 'json' };
import { copyRules, editJson } from './helpers/ruleCopy.js';

// The tamper suite: what an attacker or a careless operator does to a decision log, each found with its own outcome
// and at its line. A log here is a header (line 1) and records 1…6 (lines 2…7), compact, of six households.

const temp = () => mkdtempSync(join(tmpdir(), 'jiuzhu-tamper-'));
const policy = await loadPolicy('guangdong');
const store = bundledPolicyStore();
const household = (i: number) => {
  const h = structuredClone(example) as typeof example;
  h.id = `gz-2023-${String(i).padStart(4, '0')}`;
  h.members[0]!.incomes![0]!.amount = `${2000 + i * 250}.00`;
  return h;
};
const recordOf = (i: number) => toRecord(evaluateSync(policy, household(i), { asOf: '2023-06-01' }), household(i), { compact: true, meta: { caseNumber: `GZ-${i}` } });

async function makeLog(records: ReturnType<typeof recordOf>[], name = 'county-440100'): Promise<string[]> {
  const file = join(temp(), 'log.ndjson');
  const log = await openRecordLog(file, { durable: false, name });
  for (const record of records) await log.append(record);
  await log.close();
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

const original = await makeLog([1, 2, 3, 4, 5, 6].map(recordOf));
const headOf = (lines: string[]) => JSON.parse(lines.at(-1)!).sha256 as string;

interface Checked {
  records: [number, string, string[]][];
  chain: [number, string][];
  head?: { line: number; seq: number };
}

/** Replays a log given as lines (or verifies it only), and says what is not identical and what the chain found. */
async function check(lines: string[], options: { expectHead?: string; store?: PolicyStore; verify?: boolean } = {}): Promise<Checked> {
  const file = join(temp(), 'log.ndjson');
  writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
  const chain = new ChainCheck();
  const records: Checked['records'] = [];
  const results = options.verify ? verifyLog(file, { chain }) : replayLog(file, options.store ?? store, { chain });
  for await (const { line, result } of results) {
    if (result.status !== 'identical' && result.status !== 'intact') records.push([line, result.status, 'error' in result ? result.error.issues.map((i) => i.code) : []]);
  }
  const report = chain.finish(options.expectHead);
  return { records, chain: report.findings.map((f) => [f.line, f.issue.code]), ...(report.head ? { head: { line: report.head.line, seq: report.head.seq } } : {}) };
}

const edited = (line: string, change: (record: any) => void, seal = true) => {
  const record = JSON.parse(line);
  change(record);
  if (seal) record.sha256 = recordSha256(record);
  return JSON.stringify(record);
};
const dibao = (record: any) => record.outcome.programs.find((p: { program: string }) => p.program === 'dibao');

describe('the tamper suite: every change to a log is found, with its outcome and line', () => {
  it('an untouched log: every record identical, the chain whole, its head the last record', async () => {
    expect(await check(original)).toEqual({ records: [], chain: [], head: { line: 7, seq: 6 } });
    expect(await check(original, { verify: true })).toEqual({ records: [], chain: [], head: { line: 7, seq: 6 } });
    expect(await check(original, { expectHead: headOf(original) })).toMatchObject({ records: [], chain: [] });
  });

  it('a line deleted: the record missing, before the line that follows the gap', async () => {
    const lines = original.filter((_, i) => i !== 3); // record 3
    expect(await check(lines)).toMatchObject({ records: [], chain: [[4, 'LOG_RECORD_MISSING']] });
    expect(await check(original.slice(1))).toMatchObject({ chain: [[1, 'LOG_HEADER_MISSING']] }); // the header
    expect(await check(original.filter((_, i) => i !== 1))).toMatchObject({ chain: [[2, 'LOG_RECORD_MISSING']] }); // the first record
  });

  it('a record inserted: from another log, or made up and chained in place of a real one', async () => {
    const [, foreign] = await makeLog([recordOf(9)], 'county-440200');
    expect(await check([...original.slice(0, 3), foreign!, ...original.slice(3)])).toMatchObject({ records: [], chain: [[4, 'LOG_RECORD_INSERTED']] });
    const made = JSON.stringify(chainRecord(recordOf(9), { seq: 3, prev: JSON.parse(original[2]!).sha256 }));
    expect(await check([...original.slice(0, 3), made, ...original.slice(3)])).toMatchObject({ records: [], chain: [[4, 'LOG_RECORD_INSERTED']] });
    // A record with no place in the chain at all (toRecord's, written in by hand).
    expect(await check([...original.slice(0, 3), JSON.stringify(recordOf(9)), ...original.slice(3)])).toMatchObject({ chain: [[4, 'LOG_RECORD_UNCHAINED']] });
  });

  it('two records swapped: reordered', async () => {
    const lines = [...original];
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    const { records, chain } = await check(lines);
    expect(records).toEqual([]);
    expect(chain).toHaveLength(1);
    expect(chain[0]![1]).toBe('LOG_RECORD_REORDERED');
    expect([4, 5]).toContain(chain[0]![0]);
  });

  it('a line copied: duplicated, naming the line it copies', async () => {
    expect(await check([...original, original[3]!])).toMatchObject({ records: [], chain: [[8, 'LOG_RECORD_DUPLICATED']] });
  });

  it('the end cut off: found against the head published before (and only so: a cut end is otherwise a shorter log)', async () => {
    const cut = original.slice(0, 5);
    expect(await check(cut, { expectHead: headOf(original) })).toMatchObject({ records: [], chain: [[5, 'LOG_TRUNCATED']] });
    expect(await check(cut)).toMatchObject({ records: [], chain: [] });
    // A head published earlier, with records appended since: found, and the log is whole.
    expect(await check(original, { expectHead: headOf(cut) })).toMatchObject({ chain: [] });
  });

  it('an amount edited and sealed again: forged (the same engine and policy decide otherwise), and the next link broken', async () => {
    const lines = [...original];
    lines[3] = edited(lines[3]!, (r) => (dibao(r).amount = '2999.00'));
    expect(await check(lines)).toMatchObject({ records: [[4, 'forged', ['RECORD_FORGED']]], chain: [[5, 'LOG_CHAIN_BROKEN']] });
    // verify-log decides nothing again: it sees the broken link only.
    expect(await check(lines, { verify: true })).toMatchObject({ records: [], chain: [[5, 'LOG_CHAIN_BROKEN']] });
  });

  it('an amount edited, not sealed again: tampered (hash mismatch); the chain still names it', async () => {
    const lines = [...original];
    lines[3] = edited(lines[3]!, (r) => (dibao(r).amount = '2999.00'), false);
    expect(await check(lines)).toMatchObject({ records: [[4, 'tampered', ['RECORD_HASH_MISMATCH']]], chain: [] });
  });

  it('a field the format lacks, sealed with the rest: forged, in replay and in verify-log', async () => {
    const lines = [...original];
    lines[3] = edited(lines[3]!, (r) => (r.approvedAmount = '9999.00'));
    expect(await check(lines)).toMatchObject({ records: [[4, 'forged', ['RECORD_UNKNOWN_FIELD']]], chain: [[5, 'LOG_CHAIN_BROKEN']] });
    expect(await check(lines, { verify: true })).toMatchObject({ records: [[4, 'forged', ['RECORD_UNKNOWN_FIELD']]] });
  });

  it('the policy pack edited in the store: every record of that policy is an error naming the damaged pack', async () => {
    const rules = copyRules();
    editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
      json.values['dibao.standard'].find((v: { region?: string }) => v.region === '440100').value = '1300.00';
    });
    const mine = await loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    const archive = temp();
    const { file } = await packPolicy(mine, archive);
    const lines = await makeLog([1, 2].map((i) => toRecord(evaluateSync(mine, household(i), { asOf: '2023-06-01' }), household(i), { compact: true })));
    const archived = policyStore(archive, store);
    expect(await check(lines, { store: archived })).toMatchObject({ records: [], chain: [] });
    writeFileSync(file, readFileSync(file, 'utf8').replace('"1300.00"', '"1400.00"'));
    expect(await check(lines, { store: policyStore(archive, store) })).toMatchObject({
      records: [
        [2, 'error', ['POLICY_PACK_CORRUPT']],
        [3, 'error', ['POLICY_PACK_CORRUPT']],
      ],
      chain: [],
    });
  });

  it('the chain edited: a record linked elsewhere is a broken link, sealed again or not', async () => {
    const other = JSON.parse(original[1]!).sha256;
    const unsealed = [...original];
    unsealed[3] = edited(unsealed[3]!, (r) => (r.prev = other), false);
    expect(await check(unsealed)).toMatchObject({ records: [[4, 'tampered', ['RECORD_HASH_MISMATCH']]], chain: [[4, 'LOG_CHAIN_BROKEN']] });
    const sealed = [...original];
    sealed[3] = edited(sealed[3]!, (r) => (r.prev = other));
    const { records, chain } = await check(sealed);
    expect(records).toEqual([]);
    expect(chain).toContainEqual([4, 'LOG_CHAIN_BROKEN']);
  });

  it('the header edited: refused, and the chain has no header to start from', async () => {
    const lines = [...original];
    lines[0] = lines[0]!.replace('county-440100', 'county-440199');
    expect(await check(lines)).toMatchObject({ records: [[1, 'tampered', ['LOG_HEADER_INVALID']]], chain: [[2, 'LOG_HEADER_MISSING']] });
  });

  it('another log appended into this one: its header is a second one, its records claim places already held', async () => {
    const second = await makeLog([recordOf(9)], 'county-440200');
    expect((await check([...original, ...second])).chain).toEqual([
      [8, 'LOG_HEADER_REPEATED'],
      [9, 'LOG_RECORD_INSERTED'],
    ]);
  });

  it('a line that cannot be read where a record was: its error, not also a record missing', async () => {
    const lines = [...original];
    lines[3] = lines[3]!.slice(0, 200);
    expect(await check(lines)).toMatchObject({ records: [[4, 'error', ['LOG_LINE_TRUNCATED']]], chain: [] });
  });

  it('a log continued after lines written before chains: its header seals them, and an edit to them is found', async () => {
    const legacy = readFileSync(join(import.meta.dirname, 'corpus', 'records.ndjson'), 'utf8').split('\n').slice(0, 3);
    const file = join(temp(), 'log.ndjson');
    writeFileSync(file, legacy.map((line) => `${line}\n`).join(''));
    const log = await openRecordLog(file, { durable: false, name: 'continued' });
    for (const record of [1, 2].map(recordOf)) await log.append(record);
    await log.close();
    const continued = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    expect(JSON.parse(continued[3]!).before).toMatchObject({ bytes: Buffer.byteLength(legacy.map((line) => `${line}\n`).join('')) });
    expect(await check(continued)).toEqual({ records: [], chain: [], head: { line: 6, seq: 2 } });
    // One space added to a sealed line: the line itself still parses, but the bytes before the header are not those it sealed.
    const altered = [`${continued[0]!} `, ...continued.slice(1)];
    expect((await check(altered)).chain).toEqual([[4, 'LOG_PREFIX_ALTERED']]);
  });

  it('a log from before chains: every record replays, and the log is reported as unchained', async () => {
    const legacy = readFileSync(join(import.meta.dirname, 'corpus', 'records.ndjson'), 'utf8').split('\n').slice(0, 3);
    expect(await check(legacy)).toEqual({ records: [], chain: [[1, 'LOG_UNCHAINED']] });
  });
});

describe('reading a log', () => {
  it('records of several policies, one not in the store, replay alike on worker threads and on the calling thread', async () => {
    // The threads get the policy of the log's first records with their first batches; a record of any other policy
    // comes back for its own, and one the store lacks is an error in its place.
    const withStandard = async (standard: string) => {
      const rules = copyRules();
      editJson(join(rules, 'provinces/guangdong/parameters.json'), (json) => {
        json.values['dibao.standard'].find((v: { region?: string }) => v.region === '440100').value = standard;
      });
      return loadPolicy({ dir: join(rules, 'provinces/guangdong') });
    };
    const [archived, unknown] = [await withStandard('1300.00'), await withStandard('1350.00')];
    const archive = temp();
    await packPolicy(archived, archive);
    const decided = (p: typeof policy, i: number) => toRecord(evaluateSync(p, household(i), { asOf: '2023-06-01' }), household(i), { compact: true });
    const file = join(temp(), 'log.ndjson');
    const log = await openRecordLog(file, { durable: false, name: 'mixed' });
    const order = [policy, policy, archived, unknown, policy, archived, policy];
    for (const [i, p] of order.entries()) await log.append(decided(p, i + 1));
    await log.close();
    const replayed = async (workers: number) => {
      const seen: [number, string, string | undefined][] = [];
      for await (const { line, result } of replayLog(file, policyStore(archive, store), { workers })) {
        seen.push([line, result.status, 'error' in result ? result.error.issues[0]!.code : undefined]);
      }
      return seen;
    };
    const expected = order.map((p, i) => [i + 2, p === unknown ? 'error' : 'identical', p === unknown ? 'POLICY_NOT_IN_STORE' : undefined]);
    expect(await replayed(0)).toEqual(expected);
    expect(await replayed(2)).toEqual(expected);
  });

  it('a line of hundreds of MB is skipped unread (LOG_LINE_TOO_LONG) and the records after it are replayed', async () => {
    const file = join(temp(), 'log.ndjson');
    const huge = `{"format":"jiuzhu.record/2","input":"${'x'.repeat(40 * 1024 * 1024)}"}`;
    writeFileSync(file, `${original.slice(0, 3).join('\n')}\n${huge}\n${original.slice(3).join('\n')}\n`);
    const chain = new ChainCheck();
    const seen: [number, string, string | undefined][] = [];
    for await (const { line, result } of replayLog(file, store, { chain })) seen.push([line, result.status, 'error' in result ? result.error.issues[0]!.code : undefined]);
    expect(seen).toEqual([
      [2, 'identical', undefined],
      [3, 'identical', undefined],
      [4, 'error', 'LOG_LINE_TOO_LONG'],
      [5, 'identical', undefined],
      [6, 'identical', undefined],
      [7, 'identical', undefined],
      [8, 'identical', undefined],
    ]);
    expect(chain.finish().findings).toEqual([]);
  });
});
