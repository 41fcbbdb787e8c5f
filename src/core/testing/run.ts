import { parametersRead } from '../audit/compare.js';
import type { AmountStep, Decision, ParameterUse, ProgramDecision } from '../decision/types.js';
import { evaluate } from '../evaluate.js';
import { JiuzhuError, type Issue, type JsonPath } from '../errors/issue.js';
import { sumMoney } from '../money/fen.js';
import { formatMoney } from '../money/decimal.js';
import type { Policy } from '../policy/types.js';
import type { TestCase } from './testCase.js';

/** What one check of a test case compares: the kinds a report names in words. */
export type CheckKind =
  | 'program'
  | 'status'
  | 'amount'
  | 'memberAmount'
  | 'eligibleMembers'
  | 'supplements'
  | 'validUntil'
  | 'event'
  | 'eventStatus'
  | 'eventAmount'
  | 'eventClassification'
  | 'circle'
  | 'reason'
  | 'parameter'
  | 'warning'
  | 'refused'
  | 'errorKind'
  | 'errorCodes';

/** A value a check compares: what the case expects, or what the decision says (`null`: absent). */
export type CheckValue = string | boolean | readonly string[] | null;

/** One thing a test case expects, and what the decision gave. */
export interface TestCheck {
  kind: CheckKind;
  /** Where the expectation is written in the case file, e.g. `['expect', 'programs', 'dibao', 'amount']`. */
  path: JsonPath;
  /** The program concerned, when there is one. */
  program?: string;
  /** The member, event, classification, reason, parameter or warning concerned, when there is one. */
  subject?: string;
  expected: CheckValue;
  actual: CheckValue;
  passed: boolean;
}

/** The outcome of one test case. */
export interface TestCaseResult {
  passed: boolean;
  /** Every check the case asked for, in the order written; `passed` on each. */
  checks: TestCheck[];
  /**
   * The parameter values the failed programs read (with their region, date and source): what to look at first when
   * an amount is not the one expected. Empty when every check passed.
   */
  parameters: ParameterUse[];
  /** How the amounts that failed were worked out: the breakdown of each program with an amount check failed. */
  steps: { program: string; steps: AmountStep[] }[];
  /** The programs' names, for a report: by program id, as the decision gives them. */
  programNames: Record<string, { zh: string; en: string }>;
  /** The problems the evaluation reported, when it refused the household (expected or not). */
  issues?: readonly Issue[];
}

/**
 * Runs one test case against a policy: evaluates its household on its `asOf` and checks every expectation it
 * writes (and only those), so that a failure says exactly what was expected, what came out, and which parameter
 * values the program used. A household refused as invalid is a failure, unless the case expects that refusal.
 *
 * @example
 * const result = await runTestCase(policy, parseTestCase(json));
 * result.passed // false
 * result.checks.filter((c) => !c.passed) // [{ kind: 'amount', program: 'dibao', expected: '1952.00', actual: '2200.00', … }]
 */
export async function runTestCase(policy: Policy, testCase: TestCase): Promise<TestCaseResult> {
  let decision: Decision | undefined;
  let refusal: JiuzhuError | undefined;
  try {
    decision = await evaluate(policy, testCase.household, { asOf: testCase.asOf });
  } catch (error) {
    if (!(error instanceof JiuzhuError)) throw error;
    refusal = error;
  }
  const checks = decision ? checkDecision(decision, testCase) : [];
  const wanted = testCase.expect.error;
  if (wanted) {
    const at = ['expect', 'error'];
    checks.push({ kind: 'refused', path: at, expected: true, actual: refusal !== undefined, passed: refusal !== undefined });
    if (refusal) {
      const codes = refusal.issues.map((issue) => issue.code).sort();
      const expected = [...wanted.codes].sort();
      checks.push({ kind: 'errorKind', path: [...at, 'kind'], expected: wanted.kind, actual: refusal.kind, passed: refusal.kind === wanted.kind });
      checks.push({ kind: 'errorCodes', path: [...at, 'codes'], expected, actual: codes, passed: sameList(codes, expected) });
    }
  } else if (refusal) {
    checks.push({ kind: 'refused', path: ['household'], expected: false, actual: true, passed: false });
  }
  const read = decision ? parametersBehind(checks, decision) : new Set<string>();
  return {
    passed: checks.every((c) => c.passed),
    checks,
    parameters: decision?.parameters.filter((p) => read.has(p.name)) ?? [],
    steps: (decision?.programs ?? [])
      .filter((p) => p.steps.length > 0 && checks.some((c) => !c.passed && c.program === p.program && AMOUNT_CHECKS.has(c.kind)))
      .map((p) => ({ program: p.program, steps: p.steps })),
    programNames: Object.fromEntries((decision?.programs ?? []).map((p) => [p.program, p.name])),
    ...(refusal ? { issues: refusal.issues } : {}),
  };
}

/** Check kinds about an amount: the parameters behind them are those the amount formulas name. */
const AMOUNT_CHECKS: ReadonlySet<CheckKind> = new Set(['amount', 'memberAmount', 'supplements', 'eventAmount']);

/**
 * The parameters behind the checks that failed: for an amount, those its formulas read; for anything else about a
 * program (its status, its members), every parameter the program reads.
 */
function parametersBehind(checks: readonly TestCheck[], decision: Decision): Set<string> {
  const read = new Set<string>();
  for (const check of checks) {
    if (check.passed || check.program === undefined) continue;
    const program = decision.programs.find((p) => p.program === check.program);
    for (const name of parametersRead([program], decision.parameters, AMOUNT_CHECKS.has(check.kind))) read.add(name);
  }
  return read;
}

/** Every expectation of a case that reads a decision, checked against it. */
function checkDecision(decision: Decision, testCase: TestCase): TestCheck[] {
  const checks: TestCheck[] = [];
  const push = (check: Omit<TestCheck, 'passed'>, passed = same(check.expected, check.actual)) => checks.push({ ...check, passed });
  for (const [program, want] of Object.entries(testCase.expect.programs ?? {})) {
    const at = ['expect', 'programs', program];
    const got = decision.programs.find((p) => p.program === program);
    if (!got) {
      push({ kind: 'program', path: at, program, expected: true, actual: false });
      continue;
    }
    if (want.status !== undefined) push({ kind: 'status', path: [...at, 'status'], program, expected: want.status, actual: got.status });
    if (want.amount !== undefined) push({ kind: 'amount', path: [...at, 'amount'], program, expected: want.amount, actual: got.amount });
    for (const [member, amount] of Object.entries(want.members ?? {})) {
      const actual = got.members.find((m) => m.memberId === member)?.amount ?? null;
      push({ kind: 'memberAmount', path: [...at, 'members', member], program, subject: member, expected: amount, actual });
    }
    if (want.eligibleMembers !== undefined) {
      const actual = got.members.filter((m) => m.eligible).map((m) => m.memberId).sort();
      const expected = [...want.eligibleMembers].sort();
      push({ kind: 'eligibleMembers', path: [...at, 'eligibleMembers'], program, expected, actual }, sameList(actual, expected));
    }
    if (want.validUntil !== undefined) {
      push({ kind: 'validUntil', path: [...at, 'validUntil'], program, expected: want.validUntil, actual: got.validUntil ?? null });
    }
    checkEvents(got, want.events ?? {}, at, push);
    for (const [member, amount] of Object.entries(want.supplements ?? {})) {
      const supplements = got.members.find((m) => m.memberId === member)?.supplements ?? [];
      const total = formatMoney(sumMoney(supplements.map((s) => s.amount)));
      push({ kind: 'supplements', path: [...at, 'supplements', member], program, subject: member, expected: amount, actual: total });
    }
  }
  if (testCase.expect.circle !== undefined) {
    push({ kind: 'circle', path: ['expect', 'circle'], expected: testCase.expect.circle, actual: decision.circle.circle });
  }
  (testCase.expect.reasons ?? []).forEach((want, i) => {
    const found = decision.programs.flatMap((p) =>
      p.reasons
        .filter((r) => (want.rule !== undefined ? r.rule === want.rule : r.code === want.code) && (want.memberId === undefined || r.memberId === want.memberId))
        .map((r) => ({ program: p.program, passed: r.passed })),
    );
    const outcomes = new Set(found.map((r) => r.passed));
    const actual = found.length === 0 ? null : outcomes.size > 1 ? 'mixed' : found[0]!.passed;
    const subject = `${want.rule ?? want.code}${want.memberId !== undefined ? ` (${want.memberId})` : ''}`;
    const program = found[0]?.program;
    push({ kind: 'reason', path: ['expect', 'reasons', i], ...(program ? { program } : {}), subject, expected: want.passed, actual });
  });
  for (const [name, value] of Object.entries(testCase.expect.parameters ?? {})) {
    const used = decision.parameters.find((p) => p.name === name);
    push({ kind: 'parameter', path: ['expect', 'parameters', name], subject: name, expected: value, actual: used === undefined ? null : String(used.value) });
  }
  (testCase.expect.warnings ?? []).forEach((code, i) => {
    const present = decision.warnings.some((w) => w.code === code);
    push({ kind: 'warning', path: ['expect', 'warnings', i], subject: code, expected: true, actual: present });
  });
  return checks;
}

function checkEvents(
  got: ProgramDecision,
  events: NonNullable<NonNullable<TestCase['expect']['programs']>[string]['events']>,
  at: JsonPath,
  push: (check: Omit<TestCheck, 'passed'>) => void,
): void {
  const program = got.program;
  for (const [eventId, want] of Object.entries(events)) {
    const here = [...at, 'events', eventId];
    const outcome = got.events?.find((e) => e.eventId === eventId);
    if (!outcome) {
      push({ kind: 'event', path: here, program, subject: eventId, expected: true, actual: false });
      continue;
    }
    if (want.status !== undefined) push({ kind: 'eventStatus', path: [...here, 'status'], program, subject: eventId, expected: want.status, actual: outcome.status });
    if (want.amount !== undefined) push({ kind: 'eventAmount', path: [...here, 'amount'], program, subject: eventId, expected: want.amount, actual: outcome.amount });
    for (const [classification, value] of Object.entries(want.classifications ?? {})) {
      const actual = outcome.classifications?.[classification]?.value ?? null;
      push({ kind: 'eventClassification', path: [...here, 'classifications', classification], program, subject: `${eventId} ${classification}`, expected: value, actual });
    }
  }
}

function same(expected: CheckValue, actual: CheckValue): boolean {
  return Array.isArray(expected) && Array.isArray(actual) ? sameList(expected, actual) : expected === actual;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
