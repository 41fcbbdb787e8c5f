/**
 * jiuzhu (救助): China's social-assistance policy as JSON rule files, and explainable, exact, replayable decisions.
 * This is the portable core: no file system, no threads, nothing run on import; it works in Node, a browser, a
 * worker or an edge function. Rule folders, stores, record logs, screening files and the worker pool are in
 * `jiuzhu/node`, which exports all of this too.
 *
 * @example
 * import { loadPolicy, evaluate, renderExplanation } from 'jiuzhu';
 * const policy = await loadPolicy('guangdong');
 * const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
 * console.log(renderExplanation(decision, 'zh'));
 */
export { loadPolicy, type PolicySource } from './core/policy/load.js';
export type { Policy, PolicyDocument } from './core/policy/types.js';
export { BUNDLED_POLICIES, BUNDLED_POLICY_NAMES, isBundledPolicyName, type BundledPolicyName } from './core/policy/bundled.js';
export { parseRuleJson } from './core/policy/ruleJson.js';
export { lintPolicy, type LintOptions } from './core/policy/lint.js';
export { evaluate, evaluateSync } from './core/evaluate.js';
export { splitEqually, decisionId, type EvaluateOptions } from './core/engine/evaluate.js';
export type { Reason, ReasonCode } from './core/engine/context.js';
export { BUNDLED_PROGRAM_IDS, BUNDLED_REASON_CODES, type BundledProgramId, type BundledReasonCode } from './core/policy/bundledIds.js';
export { renderExplanation, reasonText, citationText, parameterText } from './core/decision/render.js';
export type {
  Decision,
  ProgramDecision,
  ProgramStatus,
  MemberOutcome,
  AmountStep,
  ParameterUse,
  DecisionWarning,
  CircleName,
} from './core/decision/types.js';
export { checkHousehold, checkHouseholdText, parseHousehold, type HouseholdResult } from './core/household/parse.js';
export { Household as HouseholdSchema, type HouseholdInput } from './core/household/schema.js';
// Household, Member and PurchasePlan name a zod schema and its type in their modules; exported here as types only,
// so that the declarations do not promise a value the package does not export.
export type Household = import('./core/household/schema.js').Household;
export type Member = import('./core/household/schema.js').Member;
export type PurchasePlan = import('./core/fiscal/purchaseCap.js').PurchasePlan;
export { JiuzhuError, formatIssue, formatJsonPath, makeIssue, type Issue, type ErrorKind } from './core/errors/issue.js';
export { ISSUE_CODES, type IssueCode } from './core/errors/codes.js';
export { FACTS } from './core/facts/catalog.js';
export type { FactDefinition } from './core/facts/definition.js';
export { selfCareGradeOf } from './core/facts/memberFacts.js';
export { canonicalJson, prettyCanonicalJson, sha256Canonical, sha256Hex } from './core/audit/canonical.js';
export { servicePurchaseCap, renderPurchaseCap, DEFAULT_PURCHASE_CAP_RATE, type PurchaseCapResult } from './core/fiscal/purchaseCap.js';
export {
  toRecord,
  verifyRecord,
  recordLine,
  recordSha256,
  chainRecord,
  compactOutcome,
  DecisionRecordSchema,
  CompactOutcomeSchema,
  type DecisionRecord,
  type CompactRecord,
  type LegacyRecord,
  type AnyRecord,
  type CompactOutcome,
  type RecordOptions,
  type RecordProblem,
} from './core/audit/record.js';
export { policyStore, type PolicyStore } from './core/audit/store.js';
export { parsePolicyPack, policyPackText, PolicyPackSchema } from './core/audit/pack.js';
export { replay, type ReplayResult, type EngineVersions } from './core/audit/replay.js';
export {
  compareDecisions,
  compareWithPolicy,
  type ComparisonResult,
  type DecisionComparison,
  type ProgramChange,
  type ProgramSide,
  type ParameterChange,
  type ReasonChange,
} from './core/audit/compare.js';
export { diffJson, type Difference } from './core/audit/diff.js';
export { AuditTally, renderReplayResult, renderComparison } from './core/audit/report.js';
export { ENGINE_VERSION, DECISION_FORMAT, RECORD_FORMAT, LEGACY_RECORD_FORMAT } from './core/version.js';
export { visibleLine, visibleLines } from './core/text/visible.js';
export {
  screenHousehold,
  type ScreenOutcome,
  type ScreenResult,
  type ScreenRowError,
  type ScreenFinding,
  type ScreenWarning,
} from './core/screen/household.js';
export type { FindingsTally, ProgramFindings } from './core/screen/findings.js';
export type { ManagementFindings, ScreenAdjustment, ScreenDeath, ScreenReviewDue } from './core/screen/management.js';
export { MANAGEMENT_CODES, MANAGEMENT_MESSAGES, type ManagementCode, type ManagementMessageParams } from './core/screen/locales.js';
export { generateHouseholds, type GenerateOptions } from './core/screen/generate.js';
export {
  compareHousehold,
  programOutcomes,
  type HouseholdChange,
  type HouseholdChangeOutcome,
  type ProgramOutcome,
  type ProgramOutcomes,
} from './core/compare/household.js';
export {
  createChangeTally,
  tallyHousehold,
  tallyChange,
  tallyDecisions,
  mergeChangeTallies,
  changeTotals,
  distributionBuckets,
  cityOf,
  DISTRIBUTION_BOUNDS,
  type ChangeTally,
  type RegionTally,
  type ProgramTally,
  type SideTally,
  type Period,
  type ProgramInfo,
  type MoneyChange,
  type ProgramTotals,
  type RegionTotals,
} from './core/compare/totals.js';
export { changeReport, programInfos, CHANGE_REPORT_FORMAT, type ChangeReport, type PolicyRef } from './core/compare/report.js';
export { parameterDifferences, type ParameterDifference, type ParameterSetting } from './core/compare/parameters.js';
export { changeReportHtml } from './core/compare/html.js';
export { TestCaseSchema, parseTestCase, type TestCase } from './core/testing/testCase.js';
export { runTestCase, type TestCaseResult, type TestCheck, type CheckKind, type CheckValue } from './core/testing/run.js';
export {
  renderTestReport,
  testReportJson,
  summarizeTests,
  testCaseStatus,
  checkText,
  type TestCaseOutcome,
  type TestCaseStatus,
  type TestSummary,
} from './core/testing/report.js';
export type { Lang, Bilingual } from './core/text/template.js';
