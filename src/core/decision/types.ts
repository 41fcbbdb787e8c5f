import type { z } from 'zod';
import type {
  AmountStepSchema,
  DecisionSchema,
  EventOutcomeSchema,
  MemberOutcomeSchema,
  ParameterUseSchema,
  ProgramDecisionSchema,
} from './schema.js';
import type { BundledProgramId } from '../policy/bundledIds.js';

/** One line of an amount's breakdown: what was computed, with names (`formula`) and with figures (`computation`). */
export type AmountStep = z.infer<typeof AmountStepSchema>;
/** What one member gets from a program (or, for person programs, whether he or she qualifies). */
export type MemberOutcome = z.infer<typeof MemberOutcomeSchema>;
/** What one hardship event gets from an event program (临时救助). */
export type EventOutcome = z.infer<typeof EventOutcomeSchema>;
/**
 * The decision on one program: status, exact amount, breakdown, members, reasons. `program` autocompletes the
 * bundled programs' ids; a policy officer's own rule files may name others.
 */
export type ProgramDecision = Omit<z.infer<typeof ProgramDecisionSchema>, 'program'> & { program: BundledProgramId | (string & {}) };
export type ProgramStatus = ProgramDecision['status'];
/** A parameter value as a decision used it, with its region, date and source. */
export type ParameterUse = z.infer<typeof ParameterUseSchema>;
/** A decision: self-contained and stable in canonical JSON; `format` versions its shape. */
export type Decision = Omit<z.infer<typeof DecisionSchema>, 'programs'> & { programs: ProgramDecision[] };
export type DecisionWarning = Decision['warnings'][number];
export type CircleName = Decision['circle']['circle'];
