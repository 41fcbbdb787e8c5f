/**
 * Signals that stop one program (or one member's or event's decision) as undetermined. They are thrown and caught
 * inside an evaluation, often thousands of times a second in screening, so they are plain objects: no stack trace
 * is captured, which an Error would do at great cost. They never leave the library.
 */
abstract class UndeterminedSignal {
  abstract readonly kind: 'parameter' | 'noCountedMembers' | 'missingFact' | 'divisionByZero' | 'programUndetermined' | InformationKind;
}

/** What a case worker did not record that the law's test needs (each has its own wording in the decision catalogs). */
export const INFORMATION_KINDS = ['supporterIncome', 'spouseUnrecorded', 'parentsUnrecorded', 'parentSince', 'parentsOverlap', 'meansCheckPending', 'exitUnrecorded'] as const;
export type InformationKind = (typeof INFORMATION_KINDS)[number];

/** A rule needs a parameter with no value in force for the region and date. */
export class ParameterUnavailable extends UndeterminedSignal {
  readonly kind = 'parameter';
  constructor(readonly parameter: string) {
    super();
  }
}

/** A per-capita figure is asked of a household with no counted member. */
export class NoCountedMembers extends UndeterminedSignal {
  readonly kind = 'noCountedMembers';
}

/** An amount needs a fact the household input leaves empty (e.g. no enrolled amount recorded). */
export class MissingFact extends UndeterminedSignal {
  readonly kind = 'missingFact';
  constructor(readonly fact: string) {
    super();
  }
}

/**
 * The law's test needs something the input does not say (a supporter's income, where a spouse is, the parents of a
 * minor, the means check of an event): the decision is neither a grant nor a refusal until it is recorded.
 */
export class InformationMissing extends UndeterminedSignal {
  constructor(
    readonly kind: InformationKind,
    /** Who it is about, when that helps the officer find it (a member or supporter id). */
    readonly subject?: string,
  ) {
    super();
  }
}

/**
 * What an earlier program decided could not be decided for this subject (特困 for a member whose supporters are not
 * recorded), and this program turns on it: it excludes the subject, leaves out whom it grants, or its test reads it.
 * Neither a grant nor a refusal rests on a guess about the other program.
 */
export class ProgramUndetermined extends UndeterminedSignal {
  readonly kind = 'programUndetermined';
  constructor(readonly program: string) {
    super();
  }
}

/** An amount would divide by zero. */
export class DivisionByZero extends UndeterminedSignal {
  readonly kind = 'divisionByZero';
}

/**
 * The details a decision records for a signal, or undefined for anything else (a real error, rethrown).
 *
 * @example
 * undeterminedDetail(new ParameterUnavailable('dibao.standard')) // { kind: 'parameter', name: 'dibao.standard' }
 */
export function undeterminedDetail(signal: unknown): Record<string, string> | undefined {
  if (signal instanceof ParameterUnavailable) return { kind: signal.kind, name: signal.parameter };
  if (signal instanceof MissingFact) return { kind: signal.kind, name: signal.fact };
  if (signal instanceof ProgramUndetermined) return { kind: signal.kind, program: signal.program };
  if (signal instanceof InformationMissing) return signal.subject === undefined ? { kind: signal.kind } : { kind: signal.kind, subject: signal.subject };
  if (signal instanceof UndeterminedSignal) return { kind: signal.kind };
  return undefined;
}
