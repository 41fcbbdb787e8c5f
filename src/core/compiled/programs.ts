import type { AmountStep, EventOutcome, MemberOutcome, ProgramDecision } from '../decision/types.js';
import type { EvaluationContext, Reason } from '../engine/context.js';
import { NOTHING_GRANTED, blankDecision, explainSteps, outcomeOf, placeOfEvent, splitEqually, undecidedProgram, waitingReason } from '../engine/evaluate.js';
import type { Level } from '../facts/definition.js';
import { dayBefore, monthsBefore } from '../household/dates.js';
import type { Member } from '../household/schema.js';
import { decimalToFen, fenToMoney, formatMoney } from '../money/decimal.js';
import { sumMoney } from '../money/fen.js';
import type { ConditionInput, Program } from '../policy/schema.js';
import type { CompiledProgram, Policy } from '../policy/types.js';
import { NotCompiled, compileTest, type ConditionEnv, type Test } from './conditions.js';
import { compileAmount, type Amount, type AmountEnv } from './expressions.js';
import type { ParameterSlots } from './place.js';
import { FALSE, SIGNAL, TRUE, UNDETERMINED, type Outcome, type Run, type Signal } from './run.js';
import { reasonsWhenGranted } from './grantedReasons.js';
import { placeTests } from './placeTests.js';
import { quickTest } from './quickTests.js';
import { add, amountOfDecimal, decimalOf, roundAmountAtLeastZero, type AValue } from './values.js';

/** One program compiled: the same code for every place and date, which read their parameters from the place. */
export interface ProgramForPlace {
  program: CompiledProgram;
  /** The program's place in the policy's order, under which its outcome is kept (`Run.outcomes`). */
  index: number;
  eligibility: Test;
  /** The eligibility for quick decisions (no reason traced): one generated function (see {@link quickTest}). */
  quickEligibility: Test;
  notes: Test[];
  amount?: {
    rounding: { places: number; mode: 'halfUp' | 'halfEven' | 'down' | 'up' };
    beneficiaries?: Test;
    steps: Amount[];
    supplements: { when: Test; value: Amount; id: string; label: { zh: string; en: string }; citation?: string }[];
  };
  classifications: { id: string; options: { when: Test; value: string; label: { zh: string; en: string }; citation?: string }[] }[];
  /** Programs that exclude this one, with their index (`Run.outcomes`); each outcome says whom it excludes (`standing`). */
  excluders: { id: string; index: number | undefined }[];
  /** The slot of the parameter giving how many months a recognition lasts (`validity`). */
  validity?: number;
  /** When it holds, a person or event is undetermined (the rule file's `undeterminedWhen`), with this reason. */
  undeterminedWhen?: { test: Test; rule: string; code?: string; citation?: string };
  /** The reasons it gives whenever it grants, where its rule alone says them (`reasonsWhenGranted`). */
  grantedReasons: readonly Reason[] | undefined;
  /**
   * The tests of its eligibility that only the place and date decide (see {@link placeTests}): where one fails, a quick
   * decision grants no one without asking each household, member by member. Empty for an event program (each event
   * is decided at the place it happened) and for one with `undeterminedWhen`, which is asked before the eligibility.
   */
  placeTests: Test[];
}

/**
 * Compiles one program. Throws {@link NotCompiled} for what the compiled programs leave to the interpreted engine.
 *
 * @example
 * compileProgram(policy, policy.programs[0], slots, 0).eligibility(run, undefined) // 1
 */
export function compileProgram(policy: Policy, program: CompiledProgram, slots: ParameterSlots, index: number): ProgramForPlace {
  const source: Program = program.source;
  const level: Level = program.level === 'household' ? 'household' : program.level === 'person' ? 'member' : 'event';
  const stepIndex = new Map((source.amount?.steps ?? []).map((step, i) => [step.id, i]));
  const env: ConditionEnv = { slots, sharedConditions: policy.sharedConditions, compiledShared: new Map(), level, programId: program.id, stepIndex };
  const eligibility = compileTest(source.eligibility, env);
  const compiled: ProgramForPlace = {
    program,
    index,
    eligibility,
    quickEligibility: quickTest(source.eligibility, env) ?? eligibility,
    notes: source.notes.map((note) => compileTest(note, env)),
    // Every field present, set or not: one shape for every program keeps the engine's reads of them monomorphic.
    amount: undefined,
    classifications: [],
    excluders: program.excludedBy.map((id) => ({ id, index: slots.programs.get(id) })),
    validity: undefined,
    undeterminedWhen: undefined,
    grantedReasons: reasonsWhenGranted(policy, program),
    placeTests: level === 'event' || program.undeterminedWhen ? [] : placeTests(source.eligibility, env),
  };
  const amount = source.amount;
  if (amount) {
    const amountEnv: AmountEnv = { ...env, stepIndex, rounding: amount.rounding };
    const memberEnv: AmountEnv = { ...amountEnv, level: level === 'event' ? 'event' : 'member' };
    compiled.amount = {
      rounding: amount.rounding,
      beneficiaries: amount.beneficiaries ? compileTest(amount.beneficiaries, memberEnv) : undefined,
      steps: amount.steps.map((step) => compileAmount(step.expr, amountEnv)),
      supplements: amount.supplements.map((supplement, i) => {
        const own = program.amount!.supplements[i]!;
        return {
          when: compileTest(supplement.when, memberEnv),
          value: compileAmount(supplement.expr, memberEnv),
          id: own.id,
          label: own.label,
          ...(own.citation ? { citation: own.citation } : {}),
        };
      }),
    };
  }
  compiled.classifications = program.classifications.map((classification, i) => ({
    id: classification.id,
    options: classification.options.map((option, j) => ({
      when: compileTest(source.classifications[i]!.options[j]!.when as ConditionInput, env),
      value: option.value,
      label: option.label,
      ...(option.citation ? { citation: option.citation } : {}),
    })),
  }));
  const pending = program.undeterminedWhen;
  if (pending) {
    // Compiled without its own label, as the interpreted engine compiles it: the one reason it gives is written here.
    const node = source.undeterminedWhen!;
    compiled.undeterminedWhen = { ...pending, test: compileTest({ ...node, id: undefined, message: undefined, citation: undefined }, env) };
  }
  // An event program's validity is read at the place of the household's last event: left to the interpreted engine.
  if (program.validityParameter && program.level === 'event') throw new NotCompiled('validity of an event program');
  if (program.validityParameter) compiled.validity = slots.of(program.validityParameter);
  return compiled;
}

/**
 * The empty lists of a quick decision (screening): it never leaves the engine, so one frozen array serves them all,
 * as in the interpreted engine.
 */
const NONE: never[] = Object.freeze([]) as never[];

/**
 * Decides one program for the household of `run`, exactly as the interpreted engine's `decideProgram` does: quickly
 * (no reasons), or with `traced` its reasons — codes only where the context says so (what screening reports for
 * `missed` and `review`, what a compact record keeps), else with the figures they quote and each amount's breakdown
 * (evaluate). Records the program's outcome for the programs after it.
 *
 * @example
 * decideCompiled(run, dibao, false).status // 'eligible'
 */
export function decideCompiled(run: Run, compiled: ProgramForPlace, traced: boolean, only?: ReadonlySet<string>): ProgramDecision {
  const ctx = run.ctx;
  const program = compiled.program;
  ctx.view = ctx.viewLeavingOut(program.membersLeftOut);
  ctx.programId = program.id;
  const trace = traced ? ([] as Reason[]) : null;
  run.trace = trace;
  run.traceOnly = only;
  run.qualified = false;
  const asOf = ctx.asOf;
  if (program.inForce && (asOf < program.inForce.from || (program.inForce.until !== undefined && asOf > program.inForce.until))) {
    trace?.push({ rule: `${program.id}/inForce`, code: 'jiuzhu.notInForce', passed: false, params: { from: program.inForce.from } });
    run.setOutcome(compiled.index, program.id, NOTHING_GRANTED);
    const decided = grantingNothing(run, compiled);
    run.trace = null;
    return decided;
  }
  let decided: ProgramDecision | Signal =
    trace === null && closedHere(run, compiled)
      ? grantingNoOne(run, compiled)
      : program.level === 'household'
      ? decideHousehold(run, compiled)
      : program.level === 'person'
        ? decidePerson(run, compiled, blankDecision(program, trace))
        : decideEvents(run, compiled, blankDecision(program, trace));
  if (decided !== SIGNAL) {
    run.setOutcome(compiled.index, program.id, outcomeOf(decided));
    if (decided.eligible && compiled.validity !== undefined) {
      const months = run.read(compiled.validity);
      if (months.resolved !== undefined) decided.validUntil = dayBefore(monthsBefore(asOf, -(months.operand as number)));
      else {
        run.signal = months.missing;
        decided = SIGNAL;
      }
    }
  }
  if (decided === SIGNAL) {
    trace?.push({ rule: `${program.id}/undetermined`, code: 'jiuzhu.undetermined', passed: false, params: run.signal });
    // A fresh decision: one granted before its validity or classification could not be read grants nothing.
    const undetermined = blankDecision(program, trace);
    undetermined.status = 'undetermined';
    if (run.qualified && program.level === 'household') undetermined.qualifies = true;
    run.setOutcome(compiled.index, program.id, outcomeOf(undetermined));
    decided = undetermined;
  }
  run.trace = null;
  run.traceOnly = undefined;
  ctx.event = undefined;
  ctx.region = ctx.household.region;
  ctx.area = ctx.household.area;
  run.place = run.home;
  run.steps = NO_STEPS;
  return decided;
}

const NO_STEPS: AValue[] = [];

/**
 * A program's decision granting nothing, with the reasons traced so far. (One shared object for the quick decisions
 * was tried: it made screening no cheaper, and a decision anyone might change is safer made anew.)
 */
function grantingNothing(run: Run, compiled: ProgramForPlace): ProgramDecision {
  return blankDecision(compiled.program, run.trace);
}
const NO_SUBJECT: { memberId?: string; eventId?: string } = Object.freeze({});

/** Whether one of the program's place tests fails at the household's place and date (asked once per place). */
function closedHere(run: Run, compiled: ProgramForPlace): boolean {
  if (compiled.placeTests.length === 0) return false;
  return (run.home.closed[compiled.index] ??= compiled.placeTests.some((test) => test(run, undefined) === FALSE));
}

/**
 * The decision of a program whose eligibility fails for everyone at this place, as deciding each would give it: a
 * household program grants nothing; a person program finds each candidate ineligible, excluded or not, in one pass.
 */
function grantingNoOne(run: Run, compiled: ProgramForPlace): ProgramDecision {
  const program = compiled.program;
  const base = blankDecision(program, null);
  if (program.level === 'household') return base;
  const ctx = run.ctx;
  const candidates = program.candidates === 'counted' ? ctx.view.counted : ctx.view.members;
  const members: MemberOutcome[] = new Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) members[i] = notGranted(run, 'ineligible', candidates[i]);
  // As a pass of `decidePerson` leaves it: no grants assumed, no dependencies between members recorded.
  ctx.beginPass(program.id, undefined);
  base.members = members;
  return base;
}

/** The program that excludes this subject, if any: a person or event is excluded by what it was itself granted. */
function excluding(run: Run, compiled: ProgramForPlace, member: Member | undefined): string | undefined {
  for (const { id, index } of compiled.excluders) {
    const outcome = run.outcome(index);
    if (outcome === undefined || outcome === NOTHING_GRANTED) continue;
    const standing = outcome.standing(member?.id);
    if (standing === 'granted' || standing === 'recognised') return id;
  }
  return undefined;
}

/** A program the subject that passed its tests turns on, that could not decide for it (see the interpreted engine's `awaitPrograms`), as a signal. */
function awaitPrograms(run: Run, compiled: ProgramForPlace, member: Member | undefined): undefined | Signal {
  if (compiled.excluders.length === 0 && compiled.program.membersLeftOut.length === 0) return undefined;
  const program = compiled.program;
  const waiting = undecidedProgram(run.ctx.outcomes, run.ctx.household, program.excludedBy, program.membersLeftOut, member?.id);
  return waiting === undefined ? undefined : run.fail({ kind: 'programUndetermined', program: waiting });
}

function pushExclusion(run: Run, program: CompiledProgram, excluder: string, subject: { memberId?: string; eventId?: string }): void {
  if (!run.trace) return;
  const citation = program.exclusionCitations.get(excluder);
  run.trace.push({
    rule: `${program.id}/excludedBy`,
    code: 'jiuzhu.excludedBy',
    passed: false,
    ...subject,
    ...(citation ? { citation } : {}),
    params: { program: excluder },
  });
}

function decideHousehold(run: Run, compiled: ProgramForPlace): ProgramDecision | Signal {
  const ctx = run.ctx;
  const program = compiled.program;
  const excluder = excluding(run, compiled, undefined);
  if (excluder) {
    pushExclusion(run, program, excluder, {});
    return grantingNothing(run, compiled);
  }
  const counted = ctx.view.counted;
  if (counted.length === 0) {
    run.trace?.push({ rule: `${program.id}/members`, code: 'jiuzhu.noMembers', passed: false });
    return grantingNothing(run, compiled);
  }
  const eligible = (run.trace === null ? compiled.quickEligibility : compiled.eligibility)(run, undefined);
  if (eligible === UNDETERMINED) return SIGNAL;
  if (eligible === FALSE) return grantingNothing(run, compiled);
  if (awaitPrograms(run, compiled, undefined) === SIGNAL) return SIGNAL;
  run.qualified = true;
  if (runNotes(run, compiled, undefined) === SIGNAL) return SIGNAL;
  const base = blankDecision(program, run.trace);
  const amount = compiled.amount;
  if (!amount) {
    // A recognition without cash (低保边缘, 专项救助): the counted members are those it concerns.
    const members = counted.map((m) => ({ memberId: m.id, status: 'eligible' as const, eligible: true, amount: '0.00', supplements: [] }));
    base.status = 'eligible';
    base.eligible = true;
    base.members = members;
    return withClassifications(run, compiled, base);
  }
  let beneficiaries: Member[] = counted as Member[];
  if (amount.beneficiaries) {
    beneficiaries = [];
    for (const member of counted) {
      const shares = amount.beneficiaries(run, member);
      if (shares === UNDETERMINED) return SIGNAL;
      if (shares !== FALSE) beneficiaries.push(member);
    }
  } else beneficiaries = counted.slice();
  ctx.beneficiaries = beneficiaries;
  const value = runSteps(run, compiled, undefined);
  if (value === SIGNAL) return SIGNAL;
  const total = roundAmountAtLeastZero(value, amount.rounding.places, amount.rounding.mode);
  const shares = split(total, beneficiaries.length);
  const members: MemberOutcome[] = [];
  for (let i = 0; i < beneficiaries.length; i++) {
    const member = beneficiaries[i]!;
    const supplements = runSupplements(run, compiled, member);
    if (supplements === SIGNAL) return SIGNAL;
    let memberTotal = shares[i]!;
    for (const s of supplements) memberTotal = add(memberTotal, s.amount);
    members.push({
      memberId: member.id,
      status: 'eligible',
      eligible: true,
      amount: money(memberTotal),
      share: money(shares[i]!),
      supplements: supplements.map((s) => ({ ...s, amount: money(s.amount) })),
    });
  }
  base.status = 'eligible';
  base.eligible = true;
  base.amount = formatMoney(sumMoney(members.map((m) => m.amount)));
  base.steps = breakdown(run, compiled, undefined);
  base.members = members;
  return withClassifications(run, compiled, base);
}

/**
 * Each member on his or her own, decided again until the grants agree with themselves, as the interpreted engine's
 * `decidePersonProgram` does (a member granted 特困 can no longer support another, who may then qualify too): the
 * same passes through the same context (`beginPass`, `mightGrant`), so the same largest consistent set of grants.
 */
function decidePerson(run: Run, compiled: ProgramForPlace, base: ProgramDecision): ProgramDecision {
  const ctx = run.ctx;
  const programId = compiled.program.id;
  const candidates = compiled.program.candidates === 'counted' ? ctx.view.counted : ctx.view.members;
  const trace = run.trace;
  const only = run.traceOnly;
  const decideAll = (): MemberOutcome[] => {
    // Read per pass: the passes that only find where the grants settle go untraced.
    const tracing = run.trace;
    const members: MemberOutcome[] = new Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const member = candidates[i]!;
      // A member whose reasons nobody wants is decided quickly: the same outcome, without tracing every test.
      if (tracing && only && !only.has(member.id)) {
        run.trace = null;
        members[i] = decideSubject(run, compiled, member, NO_SUBJECT);
        run.trace = tracing;
        continue;
      }
      // The subject is read only by reasons: deciding quickly, no object is made for it.
      members[i] = decideSubject(run, compiled, member, tracing ? { memberId: member.id } : NO_SUBJECT);
    }
    return members;
  };
  ctx.beginPass(programId, undefined);
  let members = decideAll();
  // Most passes record no dependency between members' grants: then no one else might be granted (see `mightGrant`).
  if (ctx.dependsOnGrants && !members.every((m) => m.eligible || m.qualifies)) {
    const granted = grantedIn(members);
    const assumed = ctx.mightGrant(granted, notGrantedIn(members));
    if (assumed.size > granted.size) {
      // What a pass grants does not depend on tracing it: the passes that only find where the grants settle go
      // quickly, and only the last one, whose reasons are the decision's, is traced again.
      run.trace = null;
      const last = settle(ctx, programId, assumed, candidates.length, decideAll);
      run.trace = trace;
      if (trace === null) members = last.members;
      else if (last.assumed.size > 0) {
        ctx.beginPass(programId, last.assumed);
        trace.length = 0;
        members = decideAll();
      }
      // Settled on no one: granting no one provisionally is the first pass again (`grantedSoFar` reads the same), so
      // its reasons and members stand.
    }
  }
  ctx.beginPass(programId, undefined);
  if (candidates.length === 0) run.trace?.push({ rule: `${compiled.program.id}/members`, code: 'jiuzhu.noMembers', passed: false });
  base.members = members;
  return withOverall(base, members);
}

/**
 * Decides again from `assumed` until a pass grants exactly whom it assumed (at most one pass per candidate, and one
 * more), as the interpreted engine's `decidePersonProgram` does: the last pass's members and the grants it assumed.
 */
function settle(
  ctx: EvaluationContext,
  programId: string,
  assumed: ReadonlySet<string>,
  candidates: number,
  decideAll: () => MemberOutcome[],
): { members: MemberOutcome[]; assumed: ReadonlySet<string> } {
  let members: MemberOutcome[] = [];
  for (let pass = 0; pass <= candidates; pass++) {
    ctx.beginPass(programId, assumed);
    members = decideAll();
    const granted = grantedIn(members);
    if (granted.size === assumed.size && [...granted].every((id) => assumed.has(id))) break;
    if (pass < candidates) assumed = granted;
  }
  return { members, assumed };
}

/** The members a pass grants, or recognises (one who qualifies is 特困 whatever the care amount: see `Standing`). */
function grantedIn(members: readonly MemberOutcome[]): Set<string> {
  const ids = new Set<string>();
  for (const m of members) if (m.eligible || m.qualifies) ids.add(m.memberId);
  return ids;
}

function notGrantedIn(members: readonly MemberOutcome[]): string[] {
  const ids: string[] = [];
  for (const m of members) if (!m.eligible && !m.qualifies) ids.push(m.memberId);
  return ids;
}

/**
 * Each hardship event on its own: an emergency with the parameters of the place it happened (急难发生地), expenditure
 * hardship with the household's own (国发〔2014〕47号), as `decideEventProgram`.
 */
function decideEvents(run: Run, compiled: ProgramForPlace, base: ProgramDecision): ProgramDecision {
  const ctx = run.ctx;
  const household = ctx.household;
  if (ctx.view.counted.length === 0 && household.events.length > 0) {
    run.trace?.push({ rule: `${compiled.program.id}/members`, code: 'jiuzhu.noMembers', passed: false });
    return base;
  }
  const events: EventOutcome[] = household.events.map((event) => {
    ctx.event = event;
    ({ region: ctx.region, area: ctx.area } = placeOfEvent(event, household));
    run.place = ctx.region === household.region && ctx.area === household.area ? run.home : run.placeOf(ctx.region, ctx.area);
    const { memberId: _no, supplements: _none, steps, ...decided } = decideSubject(run, compiled, undefined, { eventId: event.id });
    return { eventId: event.id, region: event.region, ...decided, steps: steps ?? [] };
  });
  if (household.events.length === 0) run.trace?.push({ rule: `${compiled.program.id}/candidates`, code: 'jiuzhu.noEvent', passed: false });
  base.events = events;
  return withOverall(base, events);
}

/**
 * One person or event: excluded, eligible with its amount, not eligible, or undetermined on its own. For an event the
 * member id is empty (the caller drops it); every outcome is made whole at once, with its id and status, since
 * adding fields to an object after it is made costs a copy for each of the members of every person program.
 */
function decideSubject(
  run: Run,
  compiled: ProgramForPlace,
  member: Member | undefined,
  subject: { memberId?: string; eventId?: string },
): MemberOutcome {
  const excluder = excluding(run, compiled, member);
  if (excluder) {
    pushExclusion(run, compiled.program, excluder, subject);
    return notGranted(run, 'ineligible', member);
  }
  const waiting = compiled.undeterminedWhen ? waitsFor(run, compiled.undeterminedWhen, member, subject) : FALSE;
  if (waiting === TRUE) return notGranted(run, 'undetermined', member);
  let eligible = waiting === UNDETERMINED ? UNDETERMINED : (run.trace === null ? compiled.quickEligibility : compiled.eligibility)(run, member);
  if (eligible === FALSE) return notGranted(run, 'ineligible', member);
  // Tests that hold, for a subject that turns on a program that could not decide for it: undetermined, not recognised.
  if (eligible === TRUE && awaitPrograms(run, compiled, member) === SIGNAL) eligible = UNDETERMINED;
  const granted = eligible === UNDETERMINED || runNotes(run, compiled, member) === SIGNAL ? SIGNAL : grantSubject(run, compiled, member);
  if (granted === SIGNAL) {
    run.ctx.noting = false;
    run.trace?.push({ rule: `${compiled.program.id}/undetermined`, code: 'jiuzhu.undetermined', passed: false, ...subject, params: run.signal });
    const outcome = notGranted(run, 'undetermined', member);
    // The tests held: the program recognises the subject, only its amount (or a note) is not known.
    if (eligible === TRUE) outcome.qualifies = true;
    return outcome;
  }
  return granted;
}

/**
 * Whether a subject cannot be decided yet (`undeterminedWhen` holds), as the interpreted engine's `waitsFor`: read
 * untraced first, and only when it holds traced, with its own reason last.
 */
function waitsFor(
  run: Run,
  pending: NonNullable<ProgramForPlace['undeterminedWhen']>,
  member: Member | undefined,
  subject: { memberId?: string; eventId?: string },
): Outcome {
  const trace = run.trace;
  run.trace = null;
  const holds = pending.test(run, member);
  run.trace = trace;
  if (holds === TRUE && trace) {
    pending.test(run, member);
    trace.push(waitingReason(pending, subject));
  }
  return holds;
}

function notGranted(run: Run, status: 'ineligible' | 'undetermined', member: Member | undefined): MemberOutcome {
  return { memberId: member?.id ?? '', status, eligible: false, amount: '0.00', supplements: run.trace ? [] : NONE };
}

/** Eligible when anyone is, with the sum of their amounts; undetermined when no one is and someone could not be decided. */
function withOverall(decision: ProgramDecision, subjects: readonly { status: string; eligible: boolean; amount: string }[]): ProgramDecision {
  let granted: string[] | undefined;
  let undetermined = false;
  for (const s of subjects) {
    if (s.eligible) (granted ??= []).push(s.amount);
    else if (s.status === 'undetermined') undetermined = true;
  }
  decision.status = granted ? 'eligible' : undetermined ? 'undetermined' : 'ineligible';
  decision.eligible = granted !== undefined;
  decision.amount = granted ? formatMoney(sumMoney(granted)) : '0.00';
  return decision;
}

/** The amount, supplements and classifications of one granted person or event. */
function grantSubject(
  run: Run,
  compiled: ProgramForPlace,
  member: Member | undefined,
): MemberOutcome | Signal {
  const memberId = member?.id ?? '';
  const amount = compiled.amount;
  if (!amount) {
    const classifications = classify(run, compiled, member);
    if (classifications === SIGNAL) return SIGNAL;
    return { memberId, status: 'eligible', eligible: true, amount: '0.00', supplements: [], ...(classifications ? { classifications } : {}) };
  }
  const value = runSteps(run, compiled, member);
  if (value === SIGNAL) return SIGNAL;
  const own = roundAmountAtLeastZero(value, amount.rounding.places, amount.rounding.mode);
  const supplements = member ? runSupplements(run, compiled, member) : [];
  if (supplements === SIGNAL) return SIGNAL;
  let total = own;
  for (const s of supplements) total = add(total, s.amount);
  const classifications = classify(run, compiled, member);
  if (classifications === SIGNAL) return SIGNAL;
  return {
    memberId,
    status: 'eligible',
    eligible: true,
    amount: money(total),
    supplements: supplements.map((s) => ({ ...s, amount: money(s.amount) })),
    steps: breakdown(run, compiled, member),
    ...(classifications ? { classifications } : {}),
  };
}

function withClassifications(run: Run, compiled: ProgramForPlace, decided: ProgramDecision): ProgramDecision | Signal {
  const classifications = classify(run, compiled, undefined);
  if (classifications === SIGNAL) return SIGNAL;
  if (classifications) decided.classifications = classifications;
  return decided;
}

/** Each classification takes its first option whose condition holds (conditions may read the amount steps). */
function classify(run: Run, compiled: ProgramForPlace, member: Member | undefined): MemberOutcome['classifications'] | Signal {
  if (compiled.classifications.length === 0) return undefined;
  const out: NonNullable<MemberOutcome['classifications']> = {};
  run.ctx.noting = true;
  for (const classification of compiled.classifications) {
    for (const option of classification.options) {
      const holds = option.when(run, member);
      if (holds === UNDETERMINED) return SIGNAL; // leaves `noting` set, as the interpreted engine's throw does
      if (holds === FALSE) continue;
      out[classification.id] = { value: option.value, label: option.label, ...(option.citation ? { citation: option.citation } : {}) };
      break;
    }
  }
  run.ctx.noting = false;
  return out;
}

/** Notes explain a granted subject without deciding anything; one that cannot be worked out stops it, as it throws. */
function runNotes(run: Run, compiled: ProgramForPlace, member: Member | undefined): undefined | Signal {
  if (compiled.notes.length === 0) return undefined;
  run.ctx.noting = true;
  for (const note of compiled.notes) if (note(run, member) === UNDETERMINED) return SIGNAL;
  run.ctx.noting = false;
  return undefined;
}

/**
 * The breakdown of a granted subject's amount as a full decision (evaluate) writes it, by the interpreted engine's
 * own text of each step; none otherwise (screening, replay), where nobody reads it.
 */
function breakdown(run: Run, compiled: ProgramForPlace, member: Member | undefined): AmountStep[] {
  if (!run.trace || run.ctx.codesOnly) return [];
  const ctx = run.ctx;
  const before = ctx.steps;
  const { steps } = explainSteps(ctx, compiled.program, member);
  ctx.steps = before;
  return steps;
}

/** The program's steps in order, each reading those before it; the last one's value. */
function runSteps(run: Run, compiled: ProgramForPlace, member: Member | undefined): AValue | Signal {
  const steps = compiled.amount!.steps;
  const values: AValue[] = [];
  run.steps = values;
  let last: AValue = 0;
  for (let i = 0; i < steps.length; i++) {
    const value = steps[i]!(run, member);
    if (value === SIGNAL) return SIGNAL;
    values[i] = last = value;
  }
  return last;
}

type Supplement = { id: string; label: { zh: string; en: string }; amount: AValue; citation?: string };

function runSupplements(run: Run, compiled: ProgramForPlace, member: Member): Supplement[] | Signal {
  const amount = compiled.amount!;
  const supplements = amount.supplements;
  if (supplements.length === 0) return NONE;
  const out: Supplement[] = [];
  for (const supplement of supplements) {
    const applies = supplement.when(run, member);
    if (applies === UNDETERMINED) return SIGNAL;
    if (applies === FALSE) continue;
    const value = supplement.value(run, member);
    if (value === SIGNAL) return SIGNAL;
    const rounded = roundAmountAtLeastZero(value, amount.rounding.places, amount.rounding.mode);
    if (typeof rounded === 'number' ? rounded === 0 : rounded.isZero()) continue;
    out.push({ id: supplement.id, label: supplement.label, amount: rounded, ...(supplement.citation ? { citation: supplement.citation } : {}) });
  }
  return out;
}

/** Equal shares in whole fen, the fen left over one each to the first members (`splitEqually`). */
function split(total: AValue, count: number): AValue[] {
  if (count === 0) return [];
  // A total worked out in Decimals (a step divided) is mostly whole fen once rounded: split in integers too.
  const fen = typeof total === 'number' ? total : decimalToFen(total);
  if (fen !== undefined && fen >= 0) {
    const each = Math.floor(fen / count);
    const remainder = fen - each * count;
    const shares: AValue[] = new Array(count);
    for (let i = 0; i < count; i++) shares[i] = i < remainder ? each + 1 : each;
    return shares;
  }
  return splitEqually(decimalOf(total), count).map(amountOfDecimal);
}

/** Money as a decision writes it. */
function money(value: AValue): string {
  return typeof value === 'number' ? fenToMoney(value) : formatMoney(value);
}
