import type { Decision, ProgramDecision } from '../decision/types.js';
import { decideProgramsCompiled } from '../compiled/decide.js';
import { checkEvaluationInput, decisionId } from '../engine/evaluate.js';
import { evaluateSync } from '../evaluate.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import { copyInput } from '../household/copyInput.js';
import type { Policy } from '../policy/types.js';
import { ENGINE_VERSION } from '../version.js';
import { canonicalJson } from './canonical.js';
import { diffJson, sameJson, type Difference } from './diff.js';
import { compactOutcome, recordSha256, verifyRecord, type AnyRecord, type DecisionRecord, type RecordProblem, type VerifyOptions } from './record.js';
import type { PolicyStore } from './store.js';

/** The engine that made the record and the one that replayed it (they differ after an upgrade). */
export interface EngineVersions {
  recorded: string;
  replayed: string;
}

/**
 * What replaying a record proved. `identical`: the recorded input, policy and date give the recorded decision today.
 * `differs`: they give another one, at each `differences` path — possible only when the engine that replays is not
 * the one that decided (the policy is fetched by its sha256, so it is the same). `forged`: the record is sealed right
 * but the very engine and policy that made it give another result (`RECORD_FORGED`, with the differences), or it
 * holds fields the format lacks, or contradicts itself. `tampered`: it no longer matches its sha256. `error`: it
 * cannot be replayed (unsupported format, policy not in the store, input the engine now rejects), with a typed error
 * saying why.
 */
export type ReplayResult =
  | { status: 'identical'; id: string; engine: EngineVersions }
  | { status: 'differs'; id: string; engine: EngineVersions; differences: Difference[] }
  | (RecordProblem & {
      id?: string;
      /**
       * Where the recorded decision differs from what its input gives: what was edited in a tampered record (its
       * hash broken, its parts still agreeing) or in a forged one.
       */
      differences?: Difference[];
    });

/**
 * Replays a decision record: checks it (see {@link verifyRecord}), fetches its policy from the store by sha256,
 * decides the recorded input on the recorded `asOf`, and compares the result with what was recorded, path by path
 * (a compact record: each program's status, amount and reason codes). Only the engine version (and the decision id,
 * which includes it) may differ after an upgrade: both are reported in `engine`, and the id is checked against the
 * recorded engine version instead. Never throws for a bad record; every problem comes back as a result.
 *
 * @example
 * const result = await replay(JSON.parse(line), policyStore('./policy-archive', bundledPolicyStore()));
 * if (result.status === 'differs') for (const d of result.differences) console.log(formatJsonPath(d.path), d.recorded, d.replayed);
 */
export async function replay(record: unknown, store: PolicyStore): Promise<ReplayResult> {
  return replayWith(record, (r) => policyFromStore(r, store));
}

/**
 * {@link replay} with the policy found by a function: a store, or (on a worker thread) the policies it was sent.
 *
 * @example
 * await replayWith(record, async (r) => policies.get(r.policy.sha256) ?? notInStore(r))
 */
export async function replayWith(
  record: unknown,
  policyFor: (record: AnyRecord) => Promise<Policy | RecordProblem>,
  verify: VerifyOptions = {},
): Promise<ReplayResult> {
  const outcome = await reevaluate(record, policyFor, { form: 'compact-or-full', verify });
  if ('problem' in outcome) {
    const { problem } = outcome;
    const codes = problem.status === 'tampered' ? problem.error.issues.map((i) => i.code) : [];
    if (codes.length === 1 && codes[0] === 'RECORD_HASH_MISMATCH') {
      // Only the hash is broken: replaying the record as written shows what in its decision was edited.
      const asWritten = await replayWith({ ...(record as object), sha256: recordSha256(record as object) }, policyFor, { ...(verify.hash ? { hash: verify.hash } : {}) });
      if (asWritten.status === 'differs' || asWritten.status === 'forged') {
        if (asWritten.differences) return { ...problem, differences: asWritten.differences };
      }
    }
    return problem;
  }
  const { record: checked, decided, policy } = outcome;
  const engine = { recorded: checked.engine.version, replayed: ENGINE_VERSION };
  const sameEngine = engine.recorded === engine.replayed;
  let recorded: unknown;
  let replayedJson: string;
  let at: string[];
  if ('decision' in checked) {
    const full = decided as Decision;
    const comparable = { ...full, engine: checked.decision.engine, id: decisionId(full.inputSha256, full.policy.sha256, full.asOf, checked.decision.engine.version) };
    recorded = checked.decision;
    replayedJson = canonicalJson(comparable);
    at = ['decision'];
  } else {
    // The policy fetched by sha256 names itself; a compact record's id and version are checked against it here.
    recorded = { policy: { id: checked.policy.id, version: checked.policy.version }, ...checked.outcome };
    const replayed = { policy: { id: policy.id, version: policy.version }, ...compactOutcome(decided as ProgramDecision[]) };
    // Both sides are plain JSON (text, lists, objects): equal values are equal canonical JSON, so most records are
    // compared without writing either out.
    if (sameJson(recorded, replayed)) return { status: 'identical', id: checked.id, engine };
    replayedJson = canonicalJson(replayed);
    at = ['outcome'];
  }
  // Compared as canonical JSON, written once; parsed back (Decimals as strings, as recorded) only to list differences.
  if (canonicalJson(recorded) === replayedJson) return { status: 'identical', id: checked.id, engine };
  const differences = diffJson(recorded, JSON.parse(replayedJson)).map((d) => (d.path[0] === 'policy' ? d : { ...d, path: 'decision' in checked ? d.path : [...at, ...d.path] }));
  if (!sameEngine) return { status: 'differs', id: checked.id, engine, differences };
  // The engine that decided, on the policy it decided with (fetched by its sha256), gives another result: nothing but
  // an edit sealed again (or a bug in this very version) explains it.
  const issue = makeIssue('RECORD_FORGED', [], { version: ENGINE_VERSION, count: differences.length });
  return { status: 'forged', id: checked.id, error: new JiuzhuError('record', [issue]), differences };
}

/**
 * Checks a record, finds the policy to decide it under, and decides its input on `asOf` (default: the recorded
 * date): the whole decision, or for `form: 'compact-or-full'` and a compact record only the programs (with their
 * reason codes), which is all a compact record is compared on. Shared by replay (the recorded policy) and comparison
 * (another policy).
 *
 * @example
 * const outcome = await reevaluate(record, async () => thisYearsPolicy, { asOf: '2026-07-01' });
 * if ('decided' in outcome) outcome.decided.programs[0].amount
 */
export async function reevaluate(
  value: unknown,
  policyFor: (record: AnyRecord) => Promise<Policy | RecordProblem>,
  options: { asOf?: string; form?: 'full' | 'compact-or-full'; verify?: VerifyOptions } = {},
): Promise<{ record: AnyRecord; decided: Decision | ProgramDecision[]; policy: Policy } | { problem: RecordProblem & { id?: string } }> {
  const { asOf, form = 'full' } = options;
  const id = idOf(value);
  const failed = (issues: Issue[]) => ({ problem: { status: 'error' as const, ...id, error: new JiuzhuError('record', issues) } });
  try {
    const verified = verifyRecord(value, options.verify);
    if ('problem' in verified) return { problem: { ...verified.problem, ...id } };
    const record = verified.record;
    const policy = await policyFor(record);
    if ('status' in policy) return { problem: { ...policy, ...id } };
    const date = asOf ?? record.asOf;
    try {
      if (form === 'compact-or-full' && 'outcome' in record) {
        const household = checkEvaluationInput(options.verify?.parsedJson ? record.input : copyInput(record.input), date);
        // The compiled programs, every one traced for its reason codes: the interpreted engine's very decisions and
        // codes (a differential test holds them to it), faster.
        return { record, policy, decided: decideProgramsCompiled(policy, household, date, 'all').programs };
      }
      return { record, policy, decided: evaluateSync(policy, record.input, { asOf: date }) };
    } catch (error) {
      if (!(error instanceof JiuzhuError && error.kind === 'input')) throw error;
      const located = error.issues.map((issue) => (issue.code === 'INVALID_AS_OF' ? issue : { ...issue, path: ['input', ...issue.path] }));
      if (asOf === undefined && record.engine.version === ENGINE_VERSION) {
        // This very version decided on this input and date, so it cannot have refused them: the record was altered
        // and sealed again.
        const issue = makeIssue('RECORD_NOT_DECIDABLE', ['input'], { version: ENGINE_VERSION });
        return { problem: { status: 'forged' as const, ...id, error: new JiuzhuError('record', [issue, ...located]) } };
      }
      return failed([makeIssue('REPLAY_INPUT_REJECTED', ['input'], { version: ENGINE_VERSION, recorded: record.engine.version }), ...located]);
    }
  } catch (error) {
    if (error instanceof JiuzhuError) return { problem: { status: 'error', ...id, error } };
    return failed([makeIssue('REPLAY_FAILED', [], { detail: String((error as Error)?.message ?? error) })]);
  }
}

/**
 * The policy a record names, from a store by its sha256, or why it cannot be had (`POLICY_NOT_IN_STORE`).
 *
 * @example
 * const policy = await policyFromStore(record, store); if ('status' in policy) console.log(policy.error.issues[0].code);
 */
export async function policyFromStore(record: AnyRecord | DecisionRecord, store: PolicyStore): Promise<Policy | RecordProblem> {
  const policy = await store.policy(record.policy.sha256);
  if (policy) return policy;
  const issue = makeIssue('POLICY_NOT_IN_STORE', ['policy', 'sha256'], { ...record.policy, stores: store.locations.join(', ') });
  return { status: 'error', error: new JiuzhuError('policy', [issue]) };
}

function idOf(value: unknown): { id?: string } {
  const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? { id } : {};
}
