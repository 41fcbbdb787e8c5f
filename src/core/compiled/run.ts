import type { AValue, CValue } from './values.js';
import type { Place, PlacedParameter } from './place.js';
import type { EvaluationContext, HouseholdView, ProgramOutcome, Reason } from '../engine/context.js';
import { undeterminedDetail } from '../engine/signals.js';
import { NOTHING_GRANTED } from '../engine/evaluate.js';
import type { Member } from '../household/schema.js';

/** What a compiled condition gives: false, true, or undetermined (the detail in {@link Run.signal}). */
export const FALSE = 0;
export const TRUE = 1;
export const UNDETERMINED = 2;
export type Outcome = typeof FALSE | typeof TRUE | typeof UNDETERMINED;

/**
 * What a compiled fact or amount gives when it cannot be worked out (no counted member, a parameter not in force, an
 * empty fact, a division by zero): this marker, with the detail in {@link Run.signal}. The interpreted engine throws
 * for these; the compiled one returns, since screening meets them for one household in ten.
 */
export const SIGNAL: unique symbol = Symbol('undetermined');
export type Signal = typeof SIGNAL;

/** Why something could not be decided, as the interpreted engine records it (`undeterminedDetail`). */
export type SignalDetail = Record<string, string>;

/**
 * One household being decided by compiled programs. It keeps the interpreted engine's {@link EvaluationContext} as
 * its state — the view a program sees, the event being decided, the outcomes so far — so that a fact the compiled
 * programs do not read natively is read by the interpreted engine's own code, and a program that could not be
 * compiled is decided by the interpreted engine itself, in the same context.
 */
export class Run {
  /** Why the last {@link UNDETERMINED} or {@link SIGNAL} could not be decided. */
  signal: SignalDetail = NO_DETAIL;
  /**
   * The reasons being traced (with their figures, or codes only when the context says `codesOnly`: screening's `missed`
   * and `review`, replay's compact records), or null when deciding quickly.
   */
  trace: Reason[] | null = null;
  /** While tracing a person program: the members whose reasons are wanted, or undefined for everyone's. */
  traceOnly: ReadonlySet<string> | undefined = undefined;
  /**
   * What each program decided so far granted, by the program's index in the policy (`ParameterSlots.programs`): the
   * same outcomes as the context's, read without a lookup by name.
   */
  readonly outcomes: (ProgramOutcome | undefined)[] = [];
  /** The values of the current program's amount steps, by step index. */
  steps: AValue[] = [];
  /** Facts of the household as each view sees it, by slot (see `householdSlot`), while no event is being decided. */
  private readonly viewFacts = new Map<HouseholdView, (CValue | undefined)[]>();
  private lastView: HouseholdView | undefined;
  private lastViewFacts: (CValue | undefined)[] = [];
  /** Facts of each member by slot, by the member's index in the household. */
  private readonly memberFacts: (CValue | undefined)[][] = [];

  /**
   * The place (region, urban or rural) and date the programs read their parameters for: the household's, or while an
   * event program decides an event, the place it happened.
   */
  place: Place;

  constructor(
    readonly ctx: EvaluationContext,
    readonly home: Place,
    /** The place of an event's region and area, on the same date. */
    readonly placeOf: (region: string, area: 'urban' | 'rural') => Place,
  ) {
    this.place = home;
  }

  /** The household's cached facts as the current view sees it. */
  viewSlots(): (CValue | undefined)[] {
    const view = this.ctx.view;
    if (view === this.lastView) return this.lastViewFacts;
    let slots = this.viewFacts.get(view);
    if (!slots) this.viewFacts.set(view, (slots = []));
    this.lastView = view;
    this.lastViewFacts = slots;
    return slots;
  }

  /** A member's cached facts. */
  memberSlots(member: Member): (CValue | undefined)[] {
    const index = this.ctx.household.members.indexOf(member);
    return (this.memberFacts[index] ??= []);
  }

  /**
   * The parameter in a slot at the current place, recorded as used when the decision lists the parameters it used
   * (evaluate), as the interpreted engine records every parameter it reads.
   */
  read(slot: number): PlacedParameter {
    const place = this.place;
    const parameter = place.at(slot);
    // Recorded once per slot and place: a traced person program reads the same few parameters for every member.
    if (parameter.resolved !== undefined && this.ctx.recording && this.recordedAt[slot] !== place) {
      this.recordedAt[slot] = place;
      this.ctx.recordUse(parameter.resolved, place.areaOf(slot) ?? this.ctx.area);
    }
    return parameter;
  }

  /** The place each slot's parameter was last recorded as used at (see {@link read}). */
  private readonly recordedAt: (Place | undefined)[] = [];

  /** Records why something could not be decided and returns the marker. */
  fail(detail: SignalDetail): Signal {
    this.signal = detail;
    return SIGNAL;
  }

  /** The marker for a signal the interpreted engine's code threw; anything else (a bug) is thrown on. */
  failWith(error: unknown): Signal {
    const detail = undeterminedDetail(error);
    if (!detail) throw error;
    this.signal = detail;
    return SIGNAL;
  }

  /** The outcome so far of a program (by its index, `ParameterSlots.programs`), as later programs read it. */
  outcome(program: number | undefined): ProgramOutcome | undefined {
    return program === undefined ? undefined : this.outcomes[program];
  }

  /**
   * Records a program's outcome for the programs after it: here by index, and in the context for its own facts — there
   * only one that grants or could not decide, since every reader of the context's outcomes takes a program missing
   * there as one that gives nothing: most programs grant nothing, and the context's map, new for each household,
   * then stays small.
   */
  setOutcome(index: number, id: string, outcome: ProgramOutcome): void {
    this.outcomes[index] = outcome;
    if (outcome !== NOTHING_GRANTED) this.ctx.outcomes.set(id, outcome);
  }

  /** Whether the household program being decided passed its tests (an amount or a note may still be undetermined). */
  qualified = false;
}

const NO_DETAIL: SignalDetail = Object.freeze({}) as SignalDetail;
