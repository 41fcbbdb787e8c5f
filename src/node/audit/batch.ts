import { SHA256_HEX } from '../../core/audit/canonical.js';
import { verifyRecord, type RecordProblem, type VerifyOptions } from '../../core/audit/record.js';
import { replayWith, type ReplayResult } from '../../core/audit/replay.js';
import type { Difference } from '../../core/audit/diff.js';
import { JiuzhuError, makeIssue, type ErrorKind, type Issue } from '../../core/errors/issue.js';
import { loadPolicy } from '../../core/policy/load.js';
import type { Policy, PolicyDocument } from '../../core/policy/types.js';
import { splitNdjson, type RowBatch } from '../screen/rows.js';
import { chainLinkOf, type ChainLink } from './chain.js';
import { checkLogHeader, isLogHeaderLine, type LogHeader } from './header.js';
import { MAX_LOG_LINE_BYTES, contentSha256OfLine, parseLogLine } from './log.js';
import { nodeSha256Hex } from './sha256.js';
import { recordSummary, type RecordSummary } from './summary.js';

/** What checking a log line can prove: replayed (`replay`), or only sealed and well formed (`verify`, `intact`). */
export type LogMode = 'replay' | 'verify';

/** The outcome of checking one record without replaying it: sound, or why not. */
export type VerifyResult = { status: 'intact'; id: string } | (RecordProblem & { id?: string });

/** A result as it crosses between threads: plain data (an error's class does not survive the copy). */
export interface PlainResult {
  status: string;
  id?: string;
  engine?: { recorded: string; replayed: string };
  differences?: Difference[];
  error?: { kind: ErrorKind; issues: Issue[] };
}

/** One line of a log, checked: a record (its result, place in the chain, summary), the header, or a line unread. */
export type LogLineEntry =
  | { line: number; kind: 'record'; result: PlainResult; link?: ChainLink; summary: RecordSummary }
  | { line: number; kind: 'header'; header?: LogHeader; result?: PlainResult }
  | { line: number; kind: 'unreadable'; result: PlainResult };

/** A task for a thread: a batch of log lines, with the policies it asked for (by sha256) or why they cannot be had. */
export interface LogTask {
  kind: 'log';
  mode: LogMode;
  batch: RowBatch;
  documents?: Record<string, PolicyDocument>;
  missing?: Record<string, PlainResult>;
}

/** A batch checked: its lines, and the rows that wait for a policy the thread does not hold yet (by sha256). */
export interface LogTaskResult {
  entries: LogLineEntry[];
  needs: Record<string, { lines: number[]; rows: string[] }>;
}

/**
 * Checks a batch of log lines (on a worker thread, or on the main one): splits and parses them, checks headers,
 * verifies or replays each record, and says where each stands in the chain. A record whose policy this thread does
 * not hold is handed back under `needs`, to come again with its policy's document (or why it cannot be had): a
 * thread has no store of its own, and fetches nothing.
 *
 * @example
 * const { entries } = await checkLogBatch({ kind: 'log', mode: 'verify', batch }, new Map());
 * entries[0] // { line: 1, kind: 'header', header: { … } }
 */
export async function checkLogBatch(task: LogTask, policies: Map<string, Promise<Policy>>): Promise<LogTaskResult> {
  for (const [sha256, document] of Object.entries(task.documents ?? {})) if (!policies.has(sha256)) policies.set(sha256, loadPolicy({ document }));
  const batch = task.batch.format === 'ndjson-text' ? splitNdjson(task.batch) : task.batch;
  if (batch.format !== 'ndjson') throw new Error(`a log is NDJSON, not ${batch.format}`);
  const out: LogTaskResult = { entries: [], needs: {} };
  for (let i = 0; i < batch.rows.length; i++) {
    const line = batch.lines[i]!;
    const row = batch.rows[i]!;
    if (typeof row !== 'string') {
      const issue = 'problem' in row ? row.problem : makeIssue('LOG_LINE_TOO_LONG', [], { line, length: row.tooLong, limit: MAX_LOG_LINE_BYTES });
      out.entries.push({ line, kind: 'unreadable', result: plainProblem('error', 'record', [issue]) });
      continue;
    }
    // A log re-saved by an editor may start with a byte-order mark (splitNdjson drops it at the start of a file).
    const parsed = parseLogLine(row, line);
    if ('issue' in parsed) {
      out.entries.push({ line, kind: 'unreadable', result: plainProblem('error', 'record', [parsed.issue]) });
      continue;
    }
    const value = parsed.record;
    if (isLogHeaderLine(value)) {
      const checked = checkLogHeader(value, line);
      out.entries.push('header' in checked ? { line, kind: 'header', header: checked.header } : { line, kind: 'header', result: plainProblem('tampered', 'record', [checked.issue]) });
      continue;
    }
    const sha256 = policySha256(value);
    // The same checks as the core's, with Node's faster sha256 and the content's hash read off the canonical line.
    const contentSha256 = contentSha256OfLine(row, value, 'canonical' in parsed && parsed.canonical);
    // The input's canonical JSON is its slice of a canonical line: hashed as it stands, not written out again.
    const inputSpan = 'spans' in parsed ? parsed.spans?.get('input') : undefined;
    const inputSha256 = inputSpan ? nodeSha256Hex(row.slice(inputSpan[0], inputSpan[1])) : undefined;
    const verify: VerifyOptions = {
      hash: nodeSha256Hex,
      parsedJson: true,
      ...(contentSha256 !== undefined ? { contentSha256 } : {}),
      ...(inputSha256 !== undefined ? { inputSha256 } : {}),
    };
    let result: ReplayResult | VerifyResult;
    if (task.mode === 'verify') result = verifyOnly(value, verify);
    else if (sha256 !== undefined && !policies.has(sha256) && !task.missing?.[sha256]) {
      const need = (out.needs[sha256] ??= { lines: [], rows: [] });
      need.lines.push(line);
      need.rows.push(row);
      continue;
    } else {
      const missing = sha256 !== undefined ? task.missing?.[sha256] : undefined;
      result = await replayWith(value, async (record) => {
        if (missing) return { status: 'error', error: fromPlain(missing)! };
        const policy = policies.get(record.policy.sha256);
        if (policy) return policy;
        return { status: 'error', error: new JiuzhuError('policy', [makeIssue('POLICY_NOT_IN_STORE', ['policy', 'sha256'], { ...record.policy, stores: '?' })]) };
      }, verify);
    }
    const link = chainLinkOf(value);
    out.entries.push({ line, kind: 'record', result: toPlain(result), ...(link ? { link } : {}), summary: recordSummary(value) });
  }
  return out;
}

/**
 * A result as plain data, for a message between threads.
 *
 * @example
 * toPlain(await replay(record, store)) // { status: 'identical', id: '…', engine: { … } }
 */
export function toPlain(result: ReplayResult | VerifyResult | (RecordProblem & { id?: string })): PlainResult {
  const { status, id } = result;
  const plain: PlainResult = { status, ...(id !== undefined ? { id } : {}) };
  if ('engine' in result) plain.engine = result.engine;
  if ('differences' in result && result.differences) plain.differences = result.differences;
  if ('error' in result) plain.error = { kind: result.error.kind, issues: [...result.error.issues] };
  return plain;
}

/**
 * The error of a plain result, as the typed error it was.
 *
 * @example
 * fromPlain(plain)?.issues[0].code // 'RECORD_HASH_MISMATCH'
 */
export function fromPlain(plain: PlainResult): JiuzhuError | undefined {
  return plain.error ? new JiuzhuError(plain.error.kind, plain.error.issues) : undefined;
}

/**
 * A plain result back as the result type the library gives (a replay result, or a verification).
 *
 * @example
 * const result = asResult(entry.result); if (result.status === 'tampered') result.error.issues
 */
export function asResult(plain: PlainResult): ReplayResult | VerifyResult {
  const error = fromPlain(plain);
  const { error: _plain, ...rest } = plain;
  return (error ? { ...rest, error } : rest) as ReplayResult | VerifyResult;
}

function plainProblem(status: RecordProblem['status'], kind: ErrorKind, issues: Issue[]): PlainResult {
  return { status, error: { kind, issues } };
}

function verifyOnly(value: unknown, verify: VerifyOptions): VerifyResult {
  const checked = verifyRecord(value, verify);
  const id = typeof (value as { id?: unknown })?.id === 'string' ? { id: (value as { id: string }).id } : {};
  return 'problem' in checked ? { ...checked.problem, ...id } : { status: 'intact', id: checked.record.id };
}

/**
 * The sha256 of the policy a record names, when it names one in the right form.
 *
 * @example
 * policySha256(JSON.parse(line)) // '3f1c…'
 */
export function policySha256(value: unknown): string | undefined {
  const policy = value !== null && typeof value === 'object' ? (value as { policy?: { sha256?: unknown } }).policy : undefined;
  const sha256 = policy !== null && typeof policy === 'object' ? policy.sha256 : undefined;
  return typeof sha256 === 'string' && SHA256_HEX.test(sha256) ? sha256 : undefined;
}
