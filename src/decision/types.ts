import type { Reason } from '../engine/context.js';
import type { Citation } from '../policy/schema.js';
import type { Bilingual } from '../text/template.js';

/** One line of an amount's breakdown: what was computed, how, with which figures. */
export interface AmountStep {
  id: string;
  label: Bilingual;
  /** With names: `dibao.standard − perCapitaIncome`. */
  formula: string;
  /** With figures: `1238.00 − 750.00`. */
  computation: string;
  /** Exact result, as a decimal string. */
  value: string;
  citation?: string;
}

/** What one member gets from a program (or, for person programs, whether he or she qualifies). */
export interface MemberOutcome {
  memberId: string;
  eligible: boolean;
  /** Total for this member, two decimals. */
  amount: string;
  /** Household programs: the member's equal share of the household amount. */
  share?: string;
  supplements: { id: string; label: Bilingual; amount: string; citation?: string }[];
  /** Person programs: the member's own breakdown. */
  steps?: AmountStep[];
}

export type ProgramStatus = 'eligible' | 'ineligible' | 'undetermined';

/** The decision on one program. */
export interface ProgramDecision {
  program: string;
  name: Bilingual;
  level: 'household' | 'person';
  status: ProgramStatus;
  eligible: boolean;
  /** Household total (sum of the members' amounts), two decimals; "0.00" when not granted. */
  amount: string;
  period: 'month' | 'year' | 'once';
  rounding?: { places: number; mode: string };
  steps: AmountStep[];
  members: MemberOutcome[];
  reasons: Reason[];
  citation: string;
}

/** A parameter value as a decision used it. */
export interface ParameterUse {
  name: string;
  type: string;
  value: string | number | boolean;
  from: string;
  region: string;
  level: string;
  area: string;
  layer: string;
  illustrative: boolean;
  source?: { document: string; number?: string; article?: string; url?: string; publisher?: string; note?: string };
  grade?: string;
  note?: string;
  formula?: string;
  computation?: string;
  dependsOn?: string[];
}

export interface DecisionWarning {
  code: string;
  params: Record<string, string>;
  message: Bilingual;
}

export type CircleName = 'absolute' | 'relative' | 'other' | 'none';

/**
 * A decision: self-contained, canonical-JSON-stable, explainable without the policy (the messages and citations it
 * used travel with it). `format` versions this shape.
 */
export interface Decision {
  format: string;
  id: string;
  householdId: string;
  asOf: string;
  engine: { name: 'jiuzhu'; version: string };
  policy: { id: string; version: string; sha256: string };
  inputSha256: string;
  region: { code: string; area: string };
  programs: ProgramDecision[];
  circle: { circle: CircleName; programs: string[]; citation?: string; message?: Bilingual };
  parameters: ParameterUse[];
  citations: Record<string, Citation>;
  messages: Record<string, { pass: Bilingual; fail: Bilingual; unknown?: Bilingual }>;
  members: { id: string; name?: string; counted: boolean }[];
  warnings: DecisionWarning[];
}
