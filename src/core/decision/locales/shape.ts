import type { InformationKind } from '../../engine/signals.js';
/** The fixed wording of decisions, per language (reason texts of the programs themselves are in the rule files). */
export interface DecisionCatalog {
  heading: string;
  policyLine: string;
  area: Record<'urban' | 'rural', string>;
  status: Record<'eligible' | 'ineligible' | 'undetermined', string>;
  programLine: string;
  amountLine: string;
  period: Record<'month' | 'year' | 'once', string>;
  colon: string;
  dash: string;
  noteMark: string;
  passMark: string;
  failMark: string;
  amountHeading: string;
  membersHeading: string;
  memberShare: string;
  supplementLine: string;
  validUntil: string;
  eventLine: string;
  eventGranted: string;
  /** The headline of an event program granted for several events: their count and total. */
  eventsTotal: string;
  circleHeading: string;
  circle: Record<'absolute' | 'relative' | 'other' | 'none', string>;
  parametersHeading: string;
  parameterLine: string;
  illustrativeSource: string;
  /** The note of an illustrative value computed by a formula from illustrative ones, when it has none of its own. */
  derivedFromIllustrative: string;
  gradeLabel: string;
  warningsHeading: string;
  cite: string;
  member: string;
  /** Reasons the engine itself gives (not from a rule file). */
  reasons: Record<EngineReasonCode, { pass: string; fail: string }>;
  warnings: Record<WarningCode, string>;
  undetermined: Record<'parameter' | 'noCountedMembers' | 'missingFact' | 'divisionByZero' | 'programUndetermined' | InformationKind, string>;
  /** Words for the values of enum and list facts (self-care items, grades, disability categories …). */
  values: Record<string, string>;
}

export const ENGINE_REASON_CODES = ['jiuzhu.excludedBy', 'jiuzhu.undetermined', 'jiuzhu.noMembers', 'jiuzhu.noEvent', 'jiuzhu.notInForce'] as const;
export type EngineReasonCode = (typeof ENGINE_REASON_CODES)[number];
export const WARNING_CODES = ['ILLUSTRATIVE_PARAMETERS', 'REGION_FALLBACK', 'PROGRAM_UNDETERMINED'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];
