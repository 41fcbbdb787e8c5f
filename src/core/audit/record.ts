import { z } from 'zod';
import { DecisionSchema } from '../decision/schema.js';
import type { Decision } from '../decision/types.js';
import { decisionId } from '../engine/evaluate.js';
import { issuesFromZod } from '../errors/fromZod.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { DECISION_FORMAT, RECORD_FORMAT } from '../version.js';
import { isPlainObject } from '../household/fastParse.js';
import { SHA256_HEX, canonicalJson, sha256Canonical, sha256Hex } from './canonical.js';

/** What a service adds to a record: text by name (a case number, an officer, the time logged, written as text). */
const MetaSchema = z.record(z.string(), z.string());

/** An issue about `meta` as it would be reported in the record. */
const underMeta = (issue: Issue): Issue => ({ ...issue, path: ['meta', ...issue.path] });

/**
 * The decision-record format: one decision with everything needed to prove it later — the input exactly as given,
 * the policy's sha256 (its rule files are kept in a policy store), the date, the engine version — and a sha256 over
 * the canonical JSON of all of it. The source of `schemas/record.schema.json`.
 */
export const DecisionRecordSchema = z
  .object({
    format: z.literal(RECORD_FORMAT).meta({ description: 'The record format; replay refuses formats it does not know.' }),
    id: z.string().meta({ description: 'The decision id (decision.id).' }),
    asOf: z.string().meta({ description: 'The date the decision was made for (decision.asOf).' }),
    engine: z.object({ name: z.literal('jiuzhu'), version: z.string() }),
    policy: z
      .object({ id: z.string(), version: z.string(), sha256: z.string().regex(SHA256_HEX) })
      .meta({ description: 'The policy in force; its rule files are retrievable by sha256 from a policy store.' }),
    input: z.unknown().meta({ description: 'The household exactly as given to evaluate (as JSON; see household.schema.json).' }),
    decision: DecisionSchema,
    meta: MetaSchema.optional().meta({
      description: 'What the service adds (case number, officer, time logged). Hashed with the rest; jiuzhu never reads it.',
    }),
    sha256: z.string().regex(SHA256_HEX).meta({ description: 'sha256 of the canonical JSON of every other field.' }),
  })
  .meta({
    title: 'jiuzhu decision record',
    description: 'A self-contained, verifiable record of one decision, as written one per line in an NDJSON log.',
  });

/** A decision record: see {@link DecisionRecordSchema}. */
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

/** What a service may add to a record; it is covered by the record's sha256 but never read by jiuzhu. */
export interface RecordOptions {
  meta?: Record<string, string>;
}

/**
 * Makes the record of a decision from the decision and the input it was made from. Throws a {@link JiuzhuError} of
 * kind `record` when the input is not the one the decision was made from (its sha256 differs from
 * `decision.inputSha256`), so a service cannot log a decision with the wrong household, and when `meta` holds
 * anything but text (replay could never read such a record).
 *
 * @example
 * const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
 * const record = toRecord(decision, household, { meta: { caseNumber: 'GZ-2023-0001' } });
 * record.sha256 // 64 hex digits over everything else
 */
export function toRecord(decision: Decision, input: unknown, options: RecordOptions = {}): DecisionRecord {
  // One canonical form of the input serves both: the JSON the log keeps and the hash of it.
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
    decision: asJson(decision) as Decision,
    ...(given ? { meta: given } : {}),
  };
  return { ...body, sha256: recordSha256(body) };
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
export function recordLine(record: DecisionRecord): string {
  return `${canonicalJson(record)}\n`;
}

/** Why a record cannot be trusted (`tampered`) or cannot be read (`error`). */
export type RecordProblem = { status: 'tampered'; error: JiuzhuError } | { status: 'error'; error: JiuzhuError };

/**
 * Checks a record before anyone relies on it, in this order: it is an object of a format this version reads; its
 * sha256 matches its content (else it was altered: `tampered`); it has the record shape; and it agrees with itself
 * (id, date, engine and policy equal the decision's; the input hashes to `decision.inputSha256`; the decision id is
 * the one its engine gives). Returns the record, or the problem as a typed error.
 *
 * @example
 * const checked = verifyRecord(JSON.parse(line));
 * if ('problem' in checked) console.log(checked.problem.status, checked.problem.error.issues[0].code);
 */
export function verifyRecord(value: unknown): { record: DecisionRecord } | { problem: RecordProblem } {
  const error = (status: RecordProblem['status'], issues: Issue[]) => ({ problem: { status, error: new JiuzhuError('record', issues) } as RecordProblem });
  const raw = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (raw && raw.format !== RECORD_FORMAT && typeof raw.format === 'string') {
    return error('error', [makeIssue('UNSUPPORTED_RECORD_FORMAT', ['format'], { received: raw.format, supported: RECORD_FORMAT })]);
  }
  let hashMismatch: Issue | undefined;
  if (raw && typeof raw.sha256 === 'string') {
    const actual = recordSha256(raw);
    if (actual !== raw.sha256) hashMismatch = makeIssue('RECORD_HASH_MISMATCH', ['sha256'], { recorded: raw.sha256, actual });
  }
  const parsed = DecisionRecordSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return hashMismatch ? error('tampered', [hashMismatch]) : error('error', issuesFromZod(parsed.error.issues, DecisionRecordSchema));
  const record = value as DecisionRecord;
  const decision = record.decision;
  if (decision.format !== DECISION_FORMAT) {
    // An edited format field is an edit like any other: the broken hash says so first.
    if (hashMismatch) return error('tampered', [hashMismatch]);
    return error('error', [
      makeIssue('UNSUPPORTED_RECORD_FORMAT', ['decision', 'format'], { received: decision.format, supported: DECISION_FORMAT }),
    ]);
  }
  const mismatches = [
    inconsistency(['id'], 'id', record.id, decision.id),
    inconsistency(['asOf'], 'asOf', record.asOf, decision.asOf),
    inconsistency(['engine'], 'engine', canonicalJson(record.engine), canonicalJson(decision.engine)),
    inconsistency(['policy'], 'policy', canonicalJson(record.policy), canonicalJson(decision.policy)),
    inconsistency(['input'], 'sha256(input)', sha256Canonical(record.input), decision.inputSha256),
    inconsistency(
      ['decision', 'id'],
      'decision.id',
      decision.id,
      decisionId(decision.inputSha256, decision.policy.sha256, decision.asOf, decision.engine.version),
    ),
  ].filter((issue) => issue !== undefined);
  // With the hash broken, the parts that no longer agree say where the edit was (an income: sha256(input)).
  if (hashMismatch) return error('tampered', [hashMismatch, ...mismatches]);
  return mismatches.length > 0 ? error('tampered', mismatches) : { record };
}

function inconsistency(path: string[], field: string, recorded: string, expected: string): Issue | undefined {
  return recorded === expected ? undefined : makeIssue('RECORD_INCONSISTENT', path, { field, recorded, expected });
}

/** A value as plain JSON data: what a log line holds after it is read back. */
function asJson(value: unknown): unknown {
  return JSON.parse(canonicalJson(value));
}
