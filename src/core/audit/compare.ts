import type { Reason } from '../engine/context.js';
import type { Decision, ParameterUse, ProgramDecision, ProgramStatus } from '../decision/types.js';
import { Dec, formatMoney } from '../money/decimal.js';
import type { Policy } from '../policy/types.js';
import type { Bilingual } from '../text/template.js';
import type { RecordProblem } from './record.js';
import { reevaluate, replay } from './replay.js';
import type { PolicyStore } from './store.js';
import { evaluateSync } from '../evaluate.js';
import { JiuzhuError, makeIssue } from '../errors/issue.js';

/** A program's outcome on one side of a comparison. */
export interface ProgramSide {
  status: ProgramStatus;
  amount: string;
  period: ProgramDecision['period'];
}

/** A test of a program that passed on one side and failed (or was absent) on the other. */
export interface ReasonChange {
  rule: string;
  memberId?: string;
  before?: Reason;
  after?: Reason;
}

/** A program whose status or amount is not the same under the other policy, and why. */
export interface ProgramChange {
  program: string;
  name: Bilingual;
  /** Absent when the program is new in the other policy. */
  before?: ProgramSide;
  /** Absent when the other policy no longer has the program. */
  after?: ProgramSide;
  /** `after − before`, signed, e.g. `"+248.00"` (a missing side counts as 0). */
  amountChange: string;
  /**
   * The changed parameters this program reads, directly or through a derived parameter, that explain the change:
   * e.g. `['dibao.standard']`. A derived parameter is listed here only when its own definition changed.
   */
  causes: string[];
  /** Changed parameters the program reads that are derived from a cause (e.g. a limit defined as 24 × the standard). */
  derived: string[];
  /** The tests whose outcome changed. */
  reasons: ReasonChange[];
}

/** A parameter whose value, date or region is not the same in the two decisions (or is used by one only). */
export interface ParameterChange {
  name: string;
  before?: ParameterUse;
  after?: ParameterUse;
}

/** What changes for one decision under another policy: programs (with their causes) and parameters. */
export interface DecisionComparison {
  programs: ProgramChange[];
  parameters: ParameterChange[];
}

/**
 * What differs between two decisions for the same household: each program whose status or amount changed, with the
 * signed change, the tests that flipped and the parameters behind it (compared through each decision's `parameters`,
 * which lists every value used), and every parameter that changed.
 *
 * @example
 * const { programs } = compareDecisions(lastYear, thisYear);
 * programs[0] // { program: 'dibao', amountChange: '+248.00', causes: ['dibao.standard'], … }
 */
export function compareDecisions(before: Decision, after: Decision): DecisionComparison {
  const parameters = changedParameters(before.parameters, after.parameters);
  const changed = new Set(parameters.map((p) => p.name));
  const known = [...before.parameters, ...after.parameters];
  const programs: ProgramChange[] = [];
  for (const id of unionOfKeys(before.programs, after.programs, (p) => p.program)) {
    const a = before.programs.find((p) => p.program === id);
    const b = after.programs.find((p) => p.program === id);
    if (a && b && a.status === b.status && a.amount === b.amount) continue;
    const reads = [...parametersRead([a, b], known)].filter((name) => changed.has(name)).sort();
    const follows = (name: string) => known.some((p) => p.name === name && (p.dependsOn ?? []).some((d) => changed.has(d)));
    programs.push({
      program: id,
      name: (b ?? a)!.name,
      ...(a ? { before: side(a) } : {}),
      ...(b ? { after: side(b) } : {}),
      amountChange: signed(new Dec(b?.amount ?? '0').minus(a?.amount ?? '0')),
      causes: reads.filter((name) => !follows(name)),
      derived: reads.filter(follows),
      reasons: changedReasons(a?.reasons ?? [], b?.reasons ?? []),
    });
  }
  return { programs, parameters };
}

/** The outcome of comparing a record under another policy: the comparison, or why the record cannot be used. */
export type ComparisonResult =
  | { status: 'compared'; id: string; asOf: string; recorded: Decision; compared: Decision; comparison: DecisionComparison }
  | (RecordProblem & { id?: string });

/**
 * Re-evaluates a record's input under another policy (say, this year's standards) and compares the outcome with the
 * recorded decision. The record is checked first, so an altered record is reported as `tampered` (or `forged`),
 * never as a policy difference. `asOf` defaults to the recorded date; give a later one to apply values in force from
 * then. A compact record keeps no whole decision: it is proved first with the policy it names, from `store`, and its
 * decision recomputed from it.
 *
 * @example
 * const result = await compareWithPolicy(record, await loadPolicy({ dir: './rules-2026/provinces/guangdong' }));
 * if (result.status === 'compared') result.comparison.programs // [{ program: 'dibao', amountChange: '+248.00', causes: ['dibao.standard'], … }]
 */
export async function compareWithPolicy(record: unknown, policy: Policy, options: { asOf?: string; store?: PolicyStore } = {}): Promise<ComparisonResult> {
  const outcome = await reevaluate(record, async () => policy, { ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) });
  if ('problem' in outcome) return outcome.problem;
  const { record: checked } = outcome;
  const decision = outcome.decided as Decision;
  let recorded: Decision;
  if ('decision' in checked) recorded = checked.decision;
  else {
    const proved = options.store ? await replay(checked, options.store) : undefined;
    if (proved === undefined || proved.status !== 'identical') {
      const problem = proved && 'error' in proved ? proved : { status: 'error' as const, error: new JiuzhuError('record', [makeIssue('COMPACT_RECORD_NOT_PROVED', [], { status: proved?.status ?? 'no store' })]) };
      return { status: problem.status, id: checked.id, error: problem.error };
    }
    const own = await options.store!.policy(checked.policy.sha256);
    recorded = evaluateSync(own!, checked.input, { asOf: checked.asOf });
  }
  return {
    status: 'compared',
    id: checked.id,
    asOf: decision.asOf,
    recorded,
    compared: decision,
    comparison: compareDecisions(recorded, decision),
  };
}

function side(p: ProgramDecision): ProgramSide {
  return { status: p.status, amount: p.amount, period: p.period };
}

function signed(value: Dec): string {
  return `${value.isNegative() ? '' : '+'}${formatMoney(value)}`;
}

function unionOfKeys<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): string[] {
  return [...new Set([...a.map(key), ...b.map(key)])];
}

const PARAMETER_FIELDS = ['value', 'from', 'region', 'area', 'illustrative'] as const;

function changedParameters(before: readonly ParameterUse[], after: readonly ParameterUse[]): ParameterChange[] {
  const out: ParameterChange[] = [];
  for (const name of unionOfKeys(before, after, (p) => p.name).sort()) {
    const a = before.find((p) => p.name === name);
    const b = after.find((p) => p.name === name);
    if (a && b && PARAMETER_FIELDS.every((field) => a[field] === b[field])) continue;
    out.push({ name, ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) });
  }
  return out;
}

/**
 * The parameters a program's decision reads: those its amount formulas name and those its tests compare with, and
 * what those are derived from (a derived parameter lists `dependsOn`).
 *
 * `amountsOnly`: only those the amount formulas name (and what they derive from).
 *
 * @example
 * parametersRead([decision.programs[0]], decision.parameters) // Set { 'dibao.standard', … }
 */
export function parametersRead(programs: readonly (ProgramDecision | undefined)[], known: readonly ParameterUse[], amountsOnly = false): Set<string> {
  const names = new Set(known.map((p) => p.name));
  const reads = new Set<string>();
  const add = (name: string) => {
    if (!names.has(name) || reads.has(name)) return;
    reads.add(name);
    for (const p of known) if (p.name === name) for (const d of p.dependsOn ?? []) add(d);
  };
  for (const program of programs) {
    if (!program) continue;
    const steps = [...program.steps, ...program.members.flatMap((m) => m.steps ?? [])];
    for (const step of steps) for (const token of step.formula.match(/[A-Za-z][\w.-]*/g) ?? []) add(token);
    if (amountsOnly) continue;
    for (const reason of program.reasons) {
      if (reason.thresholdRef?.startsWith('param:')) add(reason.thresholdRef.slice('param:'.length));
      if (reason.params?.kind === 'parameter' && reason.params.name) add(reason.params.name);
    }
  }
  return reads;
}

function changedReasons(before: readonly Reason[], after: readonly Reason[]): ReasonChange[] {
  const key = (r: Reason) => `${r.rule}\u0000${r.memberId ?? ''}`;
  const out: ReasonChange[] = [];
  for (const k of unionOfKeys(before, after, key)) {
    const a = before.find((r) => key(r) === k);
    const b = after.find((r) => key(r) === k);
    if (a && b && a.passed === b.passed) continue;
    const { rule, memberId } = (a ?? b)!;
    out.push({ rule, ...(memberId ? { memberId } : {}), ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) });
  }
  return out;
}
