import type { Decision } from '../decision/types.js';
import { decisionId, evaluateSync } from '../engine/evaluate.js';
import { JiuzhuError, makeIssue, type Issue } from '../errors/issue.js';
import type { Policy } from '../policy/types.js';
import { ENGINE_VERSION } from '../version.js';
import { canonicalJson } from './canonical.js';
import { diffJson, type Difference } from './diff.js';
import { recordSha256, verifyRecord, type DecisionRecord, type RecordProblem } from './record.js';
import type { PolicyStore } from './store.js';

/** The engine that made the record and the one that replayed it (they differ after an upgrade). */
export interface EngineVersions {
  recorded: string;
  replayed: string;
}

/**
 * What replaying a record proved. `identical`: the recorded input, policy and date give the recorded decision today.
 * `differs`: they give another one, at each `differences` path. `tampered`: the record was altered after it was
 * written (its sha256 no longer matches, or it contradicts itself). `error`: it cannot be replayed (unsupported
 * format, policy not in the store, input the engine now rejects), with a typed error saying why.
 */
export type ReplayResult =
  | { status: 'identical'; id: string; engine: EngineVersions }
  | { status: 'differs'; id: string; engine: EngineVersions; differences: Difference[] }
  | (RecordProblem & {
      id?: string;
      /**
       * For a record altered in its decision (its hash broken, its parts still agreeing): where the recorded decision
       * differs from what its input gives, i.e. what was edited.
       */
      differences?: Difference[];
    });

/**
 * Replays a decision record: checks it (see {@link verifyRecord}), fetches its policy from the store by sha256,
 * evaluates the recorded input on the recorded `asOf`, and compares the result with the recorded decision, path by
 * path. Only the engine version (and the decision id, which includes it) may differ after an upgrade: both are
 * reported in `engine`, and the id is checked against the recorded engine version instead. Never throws for a bad
 * record; every problem comes back as a result.
 *
 * @example
 * const result = await replay(JSON.parse(line), policyStore('./policy-archive', bundledPolicyStore()));
 * if (result.status === 'differs') for (const d of result.differences) console.log(formatJsonPath(d.path), d.recorded, d.replayed);
 */
export async function replay(record: unknown, store: PolicyStore): Promise<ReplayResult> {
  const outcome = await reevaluate(record, (r) => policyFromStore(r, store));
  if ('problem' in outcome) {
    const { problem } = outcome;
    const codes = problem.status === 'tampered' ? problem.error.issues.map((i) => i.code) : [];
    if (codes.length === 1 && codes[0] === 'RECORD_HASH_MISMATCH') {
      // Only the hash is broken: replaying the record as written shows what in its decision was edited.
      const asWritten = await replay({ ...(record as object), sha256: recordSha256(record as object) }, store);
      if (asWritten.status === 'differs') return { ...problem, differences: asWritten.differences };
    }
    return problem;
  }
  const { record: checked, decision } = outcome;
  const recorded = checked.decision;
  const comparable = {
    ...decision,
    engine: recorded.engine,
    id: decisionId(decision.inputSha256, decision.policy.sha256, decision.asOf, recorded.engine.version),
  };
  const engine = { recorded: recorded.engine.version, replayed: ENGINE_VERSION };
  const replayed = canonicalJson(comparable);
  if (replayed === canonicalJson(recorded)) return { status: 'identical', id: checked.id, engine };
  return { status: 'differs', id: checked.id, engine, differences: diffJson(recorded, JSON.parse(replayed)) };
}

/**
 * Checks a record, finds the policy to evaluate it under, and evaluates its input on `asOf` (default: the recorded
 * date). Shared by replay (the recorded policy) and comparison (another policy).
 *
 * @example
 * const outcome = await reevaluate(record, async () => thisYearsPolicy, '2026-07-01');
 * if ('decision' in outcome) outcome.decision.programs[0].amount
 */
export async function reevaluate(
  value: unknown,
  policyFor: (record: DecisionRecord) => Promise<Policy | RecordProblem>,
  asOf?: string,
): Promise<{ record: DecisionRecord; decision: Decision } | { problem: RecordProblem & { id?: string } }> {
  const id = idOf(value);
  const failed = (issues: Issue[]) => ({ problem: { status: 'error' as const, ...id, error: new JiuzhuError('record', issues) } });
  try {
    const verified = verifyRecord(value);
    if ('problem' in verified) return { problem: { ...verified.problem, ...id } };
    const record = verified.record;
    const policy = await policyFor(record);
    if ('status' in policy) return { problem: { ...policy, ...id } };
    try {
      return { record, decision: evaluateSync(policy, record.input, { asOf: asOf ?? record.asOf }) };
    } catch (error) {
      if (!(error instanceof JiuzhuError && error.kind === 'input')) throw error;
      const located = error.issues.map((issue) => (issue.code === 'INVALID_AS_OF' ? issue : { ...issue, path: ['input', ...issue.path] }));
      if (asOf === undefined && record.engine.version === ENGINE_VERSION) {
        // This very version decided on this input and date, so it cannot have refused them: the record was altered
        // (and its hash made to match).
        const issue = makeIssue('RECORD_NOT_DECIDABLE', ['input'], { version: ENGINE_VERSION });
        return { problem: { status: 'tampered' as const, ...id, error: new JiuzhuError('record', [issue, ...located]) } };
      }
      return failed([
        makeIssue('REPLAY_INPUT_REJECTED', ['input'], { version: ENGINE_VERSION, recorded: record.engine.version }),
        ...located,
      ]);
    }
  } catch (error) {
    if (error instanceof JiuzhuError) return { problem: { status: 'error', ...id, error } };
    return failed([makeIssue('REPLAY_FAILED', [], { detail: String((error as Error)?.message ?? error) })]);
  }
}

async function policyFromStore(record: DecisionRecord, store: PolicyStore): Promise<Policy | RecordProblem> {
  const policy = await store.policy(record.policy.sha256);
  if (policy) return policy;
  const issue = makeIssue('POLICY_NOT_IN_STORE', ['policy', 'sha256'], { ...record.policy, stores: store.locations.join(', ') });
  return { status: 'error', error: new JiuzhuError('policy', [issue]) };
}

function idOf(value: unknown): { id?: string } {
  const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? { id } : {};
}
