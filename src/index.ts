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
export { evaluate, evaluateSync, splitEqually, decisionId, type EvaluateOptions } from './engine/evaluate.js';
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
export { Household as HouseholdSchema, type HouseholdInput } from './household/schema.js';
// Household, Member and PurchasePlan name a zod schema and its type in their modules; exported here as types only,
// so that the declarations do not promise a value the package does not export.
export type Household = import('./household/schema.js').Household;
export type Member = import('./household/schema.js').Member;
export type PurchasePlan = import('./fiscal/purchaseCap.js').PurchasePlan;
export { JiuzhuError, formatIssue, formatJsonPath, makeIssue, type Issue, type ErrorKind } from './errors/issue.js';
export { ISSUE_CODES, type IssueCode } from './errors/codes.js';
export { FACTS } from './facts/catalog.js';
export type { FactDefinition } from './facts/definition.js';
export { selfCareGradeOf } from './facts/memberFacts.js';
export { canonicalJson, prettyCanonicalJson, sha256Canonical } from './audit/canonical.js';
export { servicePurchaseCap, renderPurchaseCap, DEFAULT_PURCHASE_CAP_RATE, type PurchaseCapResult } from './fiscal/purchaseCap.js';
export {
  toRecord,
  verifyRecord,
  recordLine,
  recordSha256,
  DecisionRecordSchema,
  type DecisionRecord,
  type RecordOptions,
  type RecordProblem,
} from './audit/record.js';
export { openRecordLog, readRecordLog, parseLogLine, type RecordAppender, type AppenderOptions, type LogEntry } from './audit/log.js';
export {
  policyStore,
  bundledPolicyStore,
  bundledStoreDirectory,
  packPolicy,
  readPolicyPack,
  policyPackText,
  PolicyPackSchema,
  type PolicyStore,
} from './audit/store.js';
export { replay, replayLog, type ReplayResult, type LogReplay, type EngineVersions } from './audit/replay.js';
export {
  compareDecisions,
  compareWithPolicy,
  type ComparisonResult,
  type DecisionComparison,
  type ProgramChange,
  type ProgramSide,
  type ParameterChange,
  type ReasonChange,
} from './audit/compare.js';
export { diffJson, type Difference } from './audit/diff.js';
export { AuditTally, renderReplayResult, renderComparison } from './audit/report.js';
export { ENGINE_VERSION, DECISION_FORMAT, RECORD_FORMAT } from './version.js';
export { screen, type ScreenOptions } from './screen/screen.js';
export {
  screenHousehold,
  type ScreenOutcome,
  type ScreenResult,
  type ScreenRowError,
  type ScreenFinding,
  type ScreenWarning,
} from './screen/household.js';
export { screenFile, screenStream, type ScreenFileOptions, type ScreenCounts } from './screen/file.js';
export type { FindingsTally, ProgramFindings } from './screen/findings.js';
export { CSV_COLUMNS } from './screen/rows.js';
export { CSV_ENCODINGS, type CsvEncoding } from './screen/csvRecords.js';
export { generateHouseholds, type GenerateOptions } from './screen/generate.js';
export type { Lang, Bilingual } from './text/template.js';
