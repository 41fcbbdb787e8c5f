/**
 * jiuzhu (救助): China's social-assistance policy as JSON rule files, and explainable, exact, replayable decisions.
 *
 * @example
 * import { loadPolicy, evaluate, renderExplanation } from 'jiuzhu';
 * const policy = await loadPolicy('guangdong');
 * const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
 * console.log(renderExplanation(decision, 'zh'));
 */
export { loadPolicy, readPolicyDocument, type PolicySource } from './policy/load.js';
export type { Policy, PolicyDocument } from './policy/types.js';
export { BUNDLED_POLICIES } from './policy/files.js';
export { evaluate, evaluateSync, splitEqually, type EvaluateOptions } from './engine/evaluate.js';
export { referenceEligibility, createReferenceEngine } from './engine/reference.js';
export type { Reason } from './engine/context.js';
export { renderExplanation, reasonText, citationText } from './decision/render.js';
export type {
  Decision,
  ProgramDecision,
  ProgramStatus,
  MemberOutcome,
  AmountStep,
  ParameterUse,
  DecisionWarning,
  CircleName,
} from './decision/types.js';
export { checkHousehold, checkHouseholdText, parseHousehold, type HouseholdResult } from './household/parse.js';
export { Household as HouseholdSchema, type Household, type HouseholdInput, type Member } from './household/schema.js';
export { JiuzhuError, formatIssue, formatJsonPath, makeIssue, type Issue, type ErrorKind } from './errors/issue.js';
export { ISSUE_CODES, type IssueCode } from './errors/codes.js';
export { FACTS } from './facts/catalog.js';
export type { FactDefinition } from './facts/definition.js';
export { selfCareGradeOf } from './facts/memberFacts.js';
export { canonicalJson, prettyCanonicalJson, sha256Canonical } from './audit/canonical.js';
export { ENGINE_VERSION, DECISION_FORMAT } from './version.js';
export { screen, type ScreenOptions } from './screen/screen.js';
export {
  screenHousehold,
  type ScreenOutcome,
  type ScreenResult,
  type ScreenRowError,
  type ScreenFinding,
  type ScreenWarning,
} from './screen/household.js';
export { screenFile, type ScreenFileOptions, type ScreenCounts } from './screen/file.js';
export { CSV_COLUMNS } from './screen/rows.js';
export { generateHouseholds, type GenerateOptions } from './screen/generate.js';
export type { Lang, Bilingual } from './text/template.js';
