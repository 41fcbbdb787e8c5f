import { z } from 'zod';
import { DecisionSchema } from '../decision/schema.js';
import type { Decision, ProgramDecision } from '../decision/types.js';
import { decisionId } from '../engine/evaluate.js';
import { issuesFromZod } from '../errors/fromZod.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { DECISION_FORMAT, LEGACY_RECORD_FORMAT, RECORD_FORMAT } from '../version.js';
import { isPlainObject } from '../household/fastParse.js';
import { reasonCodes } from '../screen/household.js';
import { SHA256_HEX, canonicalJson, sha256Canonical, sha256Hex } from './canonical.js';
import { isCompactRecordShape } from './compactShape.js';

/** What a service adds to a record: text by name (a case number, an officer, the time logged, written as text). */
const MetaSchema = z.record(z.string(), z.string());

/** An issue about `meta` as it would be reported in the record. */
const underMeta = (issue: Issue): Issue => ({ ...issue, path: ['meta', ...issue.path] });

const SHA256 = z.string().regex(SHA256_HEX);

/** The fields of every record, whatever its form. */
const COMMON = {
  id: z.string().meta({ description: 'The decision id (decision.id).' }),
  asOf: z.string().meta({ description: 'The date the decision was made for (decision.asOf).' }),
  engine: z.strictObject({ name: z.literal('jiuzhu'), version: z.string() }),
  policy: z
    .strictObject({ id: z.string(), version: z.string(), sha256: SHA256 })
    .meta({ description: 'The policy in force; its rule files are retrievable by sha256 from a policy store.' }),
  input: z.unknown().meta({ description: 'The household exactly as decided on (as JSON; see household.schema.json).' }),
  meta: MetaSchema.optional().meta({
    description: 'What the service adds (case number, officer, time logged). Hashed with the rest; jiuzhu never reads it.',
  }),
  sha256: SHA256.meta({ description: 'sha256 of the canonical JSON of every other field.' }),
};

/** Where a record stands in a hash-chained log: set by the log when it appends the record, covered by `sha256`. */
const CHAIN = {
  seq: z.number().int().min(1).optional().meta({ description: 'Its place in the log: 1 for the first record after the header.' }),
  prev: SHA256.optional().meta({ description: "The sha256 of the record before it in the log (for the first, of the log's header)." }),
};

/** A program's outcome as a compact record keeps it: enough to prove, the rest recomputed by replay. */
export const CompactProgramSchema = z.strictObject({
  program: z.string(),
  status: z.enum(['eligible', 'ineligible', 'undetermined']),
  amount: z.string(),
  period: z.enum(['month', 'year', 'once']),
  reasons: z.array(z.string()).meta({
    description: 'The codes of the tests that granted the program (eligible), or of those it failed (otherwise).',
  }),
  members: z.record(z.string(), z.string()).optional().meta({ description: 'A person program: what each member granted gets.' }),
  events: z.record(z.string(), z.string()).optional().meta({ description: 'An event program: what each event granted gets.' }),
});

/** What a compact record keeps of a decision: each program's status, amount, period and reason codes. */
export const CompactOutcomeSchema = z.strictObject({ programs: z.array(CompactProgramSchema) });

const FullRecordSchema = z.strictObject({
  format: z.literal(RECORD_FORMAT).meta({ description: 'The record format; replay refuses formats it does not know.' }),
  ...COMMON,
  decision: DecisionSchema,
  ...CHAIN,
});

const CompactRecordSchema = z.strictObject({
  format: z.literal(RECORD_FORMAT),
  ...COMMON,
  outcome: CompactOutcomeSchema.meta({ description: 'The compact form: per program the status, amount and reason codes.' }),
  ...CHAIN,
});

/** Records written before hash-chained logs: the full form, no place in a log. */
const LegacyRecordSchema = z.strictObject({ format: z.literal(LEGACY_RECORD_FORMAT), ...COMMON, decision: DecisionSchema });

/**
 * The decision-record format: one decision with everything needed to prove it later — the input exactly as decided
 * on, the policy's sha256 (its rule files are kept in a policy store), the date, the engine version — and a sha256
 * over the canonical JSON of all of it. The full form keeps the whole decision; the compact form (`outcome`) keeps
 * each program's status, amount and reason codes, and replay recomputes the rest. In a log, `seq` and `prev` chain
 * each record to the one before. Strict: a field the format lacks is refused. The source of `schemas/record.schema.json`.
 */
export const DecisionRecordSchema = z.union([FullRecordSchema, CompactRecordSchema]).meta({
  title: 'jiuzhu decision record',
  description: 'A self-contained, verifiable record of one decision, as written one per line in an NDJSON log.',
});

/** A record in the full form (the whole decision). */
export type DecisionRecord = z.infer<typeof FullRecordSchema>;
/** A record in the compact form: see {@link CompactOutcomeSchema}. */
export type CompactRecord = z.infer<typeof CompactRecordSchema>;
/** A record of the format before hash-chained logs (`jiuzhu.record/1`): still read and replayed. */
export type LegacyRecord = z.infer<typeof LegacyRecordSchema>;
/** A record of any form or format this version reads. */
export type AnyRecord = DecisionRecord | CompactRecord | LegacyRecord;
/** What a compact record keeps of a decision. */
export type CompactOutcome = z.infer<typeof CompactOutcomeSchema>;

/** What a service may add to a record, and its form. */
export interface RecordOptions {
  /** Text by name (a case number …): covered by the record's sha256, never read by jiuzhu. */
  meta?: Record<string, string>;
  /** Keep only each program's status, amount and reason codes (a few KB instead of tens); replay recomputes the rest. */
  compact?: boolean;
}

/**
 * Makes the record of a decision from the decision and the input it was made from. Throws a {@link JiuzhuError} of
 * kind `record` when the input is not the one the decision was made from (its sha256 differs from
 * `decision.inputSha256`), so a service cannot log a decision with the wrong household — nor one whose getters now
 * give other values than those decided on — and when `meta` holds anything but text (replay could never read such a
 * record). With `compact`, the record keeps each program's status, amount and reason codes instead of the decision.
 *
 * @example
 * const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
 * const record = toRecord(decision, household, { meta: { caseNumber: 'GZ-2023-0001' } });
 * record.sha256 // 64 hex digits over everything else
 * toRecord(decision, household, { compact: true }).outcome.programs[0] // { program: 'tekun', status: 'ineligible', … }
 */
export function toRecord(decision: Decision, input: unknown, options?: RecordOptions & { compact?: false }): DecisionRecord;
export function toRecord(decision: Decision, input: unknown, options: RecordOptions & { compact: true }): CompactRecord;
export function toRecord(decision: Decision, input: unknown, options?: RecordOptions): DecisionRecord | CompactRecord;
export function toRecord(decision: Decision, input: unknown, options: RecordOptions = {}): DecisionRecord | CompactRecord {
  // One canonical form of the input serves both: the JSON the log keeps and the hash of it (read once).
  const inputText = canonicalJson(input);
  const inputJson: unknown = JSON.parse(inputText);
  const inputSha256 = sha256Hex(inputText);
  if (inputSha256 !== decision.inputSha256) {
    throw new JiuzhuError('record', [
      makeIssue('RECORD_INCONSISTENT', ['input'], { field: 'sha256(input)', recorded: inputSha256, expected: decision.inputSha256 }),
    ]);
  }
  // What the record schema refuses (a number, null, a Date written as {}) is refused now, not by replay years on.
  // A field left undefined (an optional one a service passes along) is left out, as JSON leaves it out.
  const plain = options.meta !== null && typeof options.meta === 'object' && isPlainObject(options.meta); // not an array, a Date…
  const given = options.meta === undefined ? undefined : plain ? Object.fromEntries(Object.entries(options.meta).filter(([, v]) => v !== undefined)) : options.meta;
  const meta = given === undefined ? undefined : MetaSchema.safeParse(given, { reportInput: true });
  if (meta && !meta.success) throw new JiuzhuError('record', issuesFromZod(meta.error.issues, MetaSchema).map(underMeta));
  const body = {
    format: RECORD_FORMAT,
    id: decision.id,
    asOf: decision.asOf,
    engine: { ...decision.engine },
    policy: { ...decision.policy },
    input: inputJson,
    ...(options.compact ? { outcome: compactOutcome(decision.programs) } : { decision: asJson(decision) as Decision }),
    ...(given ? { meta: given } : {}),
  };
  return { ...body, sha256: recordSha256(body) } as DecisionRecord | CompactRecord;
}

/**
 * What a compact record keeps of decided programs: status, amount, period, the reason codes that explain the status
 * (as screening gives them) and, for person and event programs, what each member or event granted gets. Replay
 * computes the same from the recorded input to prove a compact record.
 *
 * @example
 * compactOutcome(decision.programs).programs.find((p) => p.program === 'dibao')
 * // { program: 'dibao', status: 'eligible', amount: '1952.00', period: 'month', reasons: ['dibao.incomeBelowStandard', …] }
 */
export function compactOutcome(programs: readonly ProgramDecision[]): CompactOutcome {
  return {
    programs: programs.map((p) => {
      const members = p.level === 'person' ? Object.fromEntries(p.members.filter((m) => m.eligible).map((m) => [m.memberId, m.amount])) : {};
      const events = p.level === 'event' ? Object.fromEntries((p.events ?? []).filter((e) => e.eligible).map((e) => [e.eventId, e.amount])) : {};
      return {
        program: p.program,
        status: p.status,
        amount: p.amount,
        period: p.period,
        reasons: reasonCodes(p.reasons, p.eligible),
        ...(Object.keys(members).length > 0 ? { members } : {}),
        ...(Object.keys(events).length > 0 ? { events } : {}),
      };
    }),
  };
}

/**
 * The same record at its place in a hash-chained log: `seq` (1 for the first record) and `prev`, the sha256 of the
 * record before it (or of the log's header), sealed again with its sha256. A log does this as it appends; the
 * sha256 of the last record, published elsewhere, then vouches for every record before it.
 *
 * @example
 * const first = chainRecord(record, { seq: 1, prev: header.sha256 });
 * const second = chainRecord(other, { seq: 2, prev: first.sha256 });
 */
export function chainRecord<R extends DecisionRecord | CompactRecord>(record: R, link: { seq: number; prev: string }): R {
  if ((record as AnyRecord).format !== RECORD_FORMAT) {
    throw new JiuzhuError('record', [makeIssue('UNSUPPORTED_RECORD_FORMAT', ['format'], { received: (record as AnyRecord).format, supported: RECORD_FORMAT })]);
  }
  const { sha256: _old, seq: _seq, prev: _prev, ...body } = record as CompactRecord;
  const chained = { ...body, seq: link.seq, prev: link.prev };
  return { ...chained, sha256: recordSha256(chained) } as unknown as R;
}

/**
 * The sha256 a record must carry: over the canonical JSON of every field but `sha256` itself.
 *
 * @example
 * recordSha256(record) === record.sha256 // true for a record nobody altered
 */
export function recordSha256(record: object): string {
  const { sha256: _own, ...body } = record as Record<string, unknown>;
  return sha256Canonical(body);
}

/**
 * A record as one NDJSON line: canonical JSON (which never contains a newline) and `\n`. The same record always
 * gives the same bytes.
 *
 * @example
 * appendFileSync('decisions.ndjson', recordLine(record));
 */
export function recordLine(record: AnyRecord): string {
  return `${canonicalJson(record)}\n`;
}

/**
 * Why a record cannot be trusted or read. `tampered`: its content no longer matches its sha256 (edited after it was
 * sealed). `forged`: its sha256 matches, but it holds fields the format lacks, contradicts itself, or (see replay)
 * says what its engine and policy never decided — it was made or sealed again by someone else. `error`: it cannot be
 * read or replayed (an unknown format, a policy not in the store).
 */
export type RecordProblem = { status: 'tampered'; error: JiuzhuError } | { status: 'forged'; error: JiuzhuError } | { status: 'error'; error: JiuzhuError };

const SCHEMAS = { full: FullRecordSchema, compact: CompactRecordSchema, legacy: LegacyRecordSchema };

/** What a caller that reads many records can hand verifyRecord to spare it work; the outcome is the same. */
export interface VerifyOptions {
  /** The sha256 of a text's UTF-8 bytes, as hex: a faster one where the platform has one (Node's crypto). */
  hash?: (text: string) => string;
  /** The sha256 of the record's content (the canonical JSON of every field but `sha256`), when already known. */
  contentSha256?: string;
  /** The sha256 of the canonical JSON of the record's `input`, when already known. */
  inputSha256?: string;
  /**
   * The record is what JSON.parse gave for a log line, held by no one else: plain data, so replay checks its input as
   * it is instead of copying it first (the copy guards against getters and proxies, which parsed JSON cannot hold).
   */
  parsedJson?: boolean;
}

/**
 * Checks a record before anyone relies on it, in this order: it is an object of a format this version reads; its
 * sha256 matches its content (else it was altered: `tampered`); it has the record shape, with no field the format
 * lacks (else `forged`, or an `error` for a shape no writer makes); and it agrees with itself (id, date, engine and
 * policy equal the decision's; the input hashes to `decision.inputSha256`; the decision id is the one its engine
 * gives — else `forged`). Returns the record, or the problem as a typed error.
 *
 * @example
 * const checked = verifyRecord(JSON.parse(line));
 * if ('problem' in checked) console.log(checked.problem.status, checked.problem.error.issues[0].code);
 */
export function verifyRecord(value: unknown, options: VerifyOptions = {}): { record: AnyRecord } | { problem: RecordProblem } {
  const hash = options.hash ?? sha256Hex;
  const error = (status: RecordProblem['status'], issues: Issue[]) => ({ problem: { status, error: new JiuzhuError('record', issues) } as RecordProblem });
  const raw = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (raw && typeof raw.format === 'string' && raw.format !== RECORD_FORMAT && raw.format !== LEGACY_RECORD_FORMAT) {
    return error('error', [makeIssue('UNSUPPORTED_RECORD_FORMAT', ['format'], { received: raw.format, supported: `${LEGACY_RECORD_FORMAT}, ${RECORD_FORMAT}` })]);
  }
  let hashMismatch: Issue | undefined;
  if (raw && typeof raw.sha256 === 'string') {
    const { sha256: _own, ...body } = raw;
    const actual = options.contentSha256 ?? hash(canonicalJson(body));
    if (actual !== raw.sha256) hashMismatch = makeIssue('RECORD_HASH_MISMATCH', ['sha256'], { recorded: raw.sha256, actual });
  }
  const form = raw?.format === LEGACY_RECORD_FORMAT ? 'legacy' : raw && 'outcome' in raw && !('decision' in raw) ? 'compact' : 'full';
  const schema = SCHEMAS[form];
  // A compact record as jiuzhu writes it (nearly every line of a log) is checked by hand; anything else, and every
  // record that fails, by the schema, which says what is wrong.
  const parsed = form === 'compact' && isCompactRecordShape(value) ? { success: true as const } : schema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    if (hashMismatch) return error('tampered', [hashMismatch]);
    const issues = issuesFromZod(parsed.error.issues, schema);
    // Sealed with a field no version of jiuzhu writes (an "approved amount", a __proto__): made by someone else.
    const unknown = issues.filter((issue) => issue.code === 'UNKNOWN_KEY');
    if (unknown.length > 0) return error('forged', unknown.map((issue) => makeIssue('RECORD_UNKNOWN_FIELD', issue.path, { field: String(issue.path.at(-1)) })));
    return error('error', issues);
  }
  const record = value as AnyRecord;
  if (record.format === RECORD_FORMAT && (record.seq === undefined) !== (record.prev === undefined)) {
    if (hashMismatch) return error('tampered', [hashMismatch]);
    return error('forged', [makeIssue('RECORD_INCONSISTENT', [record.seq === undefined ? 'seq' : 'prev'], { field: 'seq/prev', recorded: String(record.seq ?? record.prev), expected: 'both or neither' })]);
  }
  let mismatches: Issue[];
  const inputSha256 = options.inputSha256 ?? hash(canonicalJson(record.input));
  if ('decision' in record) {
    const decision = record.decision;
    if (decision.format !== DECISION_FORMAT) {
      // An edited format field is an edit like any other: the broken hash says so first.
      if (hashMismatch) return error('tampered', [hashMismatch]);
      return error('error', [makeIssue('UNSUPPORTED_RECORD_FORMAT', ['decision', 'format'], { received: decision.format, supported: DECISION_FORMAT })]);
    }
    mismatches = [
      inconsistency(['id'], 'id', record.id, decision.id),
      inconsistency(['asOf'], 'asOf', record.asOf, decision.asOf),
      inconsistency(['engine'], 'engine', canonicalJson(record.engine), canonicalJson(decision.engine)),
      inconsistency(['policy'], 'policy', canonicalJson(record.policy), canonicalJson(decision.policy)),
      inconsistency(['input'], 'sha256(input)', inputSha256, decision.inputSha256),
      inconsistency(['decision', 'id'], 'decision.id', decision.id, decisionId(decision.inputSha256, decision.policy.sha256, decision.asOf, decision.engine.version)),
    ].filter((issue) => issue !== undefined);
  } else {
    const id = decisionId(inputSha256, record.policy.sha256, record.asOf, record.engine.version);
    mismatches = [inconsistency(['id'], 'id', record.id, id)].filter((issue) => issue !== undefined);
  }
  // With the hash broken, the parts that no longer agree say where the edit was (an income: sha256(input)).
  if (hashMismatch) return error('tampered', [hashMismatch, ...mismatches]);
  return mismatches.length > 0 ? error('forged', mismatches) : { record };
}

function inconsistency(path: string[], field: string, recorded: string, expected: string): Issue | undefined {
  return recorded === expected ? undefined : makeIssue('RECORD_INCONSISTENT', path, { field, recorded, expected });
}

/** A value as plain JSON data: what a log line holds after it is read back. */
function asJson(value: unknown): unknown {
  return JSON.parse(canonicalJson(value));
}
