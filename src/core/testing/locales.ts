import type { Lang } from '../text/template.js';
import type { CheckKind } from './run.js';

/** The fixed wording of a test run's report, per language. */
export interface TestingCatalog {
  passedMark: string;
  failedMark: string;
  invalidMark: string;
  /** What each check compares, with `{program}` (its name) and `{subject}` (member, event, rule …). */
  check: Record<CheckKind, string>;
  expectedActual: string;
  /** Words for yes / no values (a program present, a warning given, a household refused). */
  yes: string;
  no: string;
  absent: string;
  mixed: string;
  passed: string;
  failed: string;
  listSeparator: string;
  none: string;
  refusedBecause: string;
  parametersHeading: string;
  stepsHeading: string;
  cannotRun: string;
  policyLine: string;
  summary: string;
}

const zh: TestingCatalog = {
  passedMark: '✓ 通过',
  failedMark: '✗ 未通过',
  invalidMark: '! 无法运行',
  check: {
    program: '【{program}】决定中有此项目',
    status: '【{program}】资格',
    amount: '【{program}】金额',
    memberAmount: '【{program}】成员 {subject} 的金额',
    eligibleMembers: '【{program}】符合条件的成员',
    supplements: '【{program}】成员 {subject} 的加发合计',
    validUntil: '【{program}】有效期至',
    event: '【{program}】决定中有事件 {subject}',
    eventStatus: '【{program}】事件 {subject} 的资格',
    eventAmount: '【{program}】事件 {subject} 的金额',
    eventClassification: '【{program}】事件 {subject}',
    circle: '救助圈层',
    reason: '审查 {subject}',
    parameter: '参数 {subject}',
    warning: '提示 {subject}',
    refused: '家庭信息被拒绝（输入有误）',
    errorKind: '问题类别',
    errorCodes: '问题代码',
  },
  expectedActual: '{what}：期望 {expected}，实际 {actual}（{path}）',
  yes: '是',
  no: '否',
  absent: '（无）',
  mixed: '有的通过、有的未通过',
  passed: '通过',
  failed: '未通过',
  listSeparator: '、',
  none: '（空）',
  refusedBecause: '评估拒绝了这户家庭：',
  parametersHeading: '所用参数：',
  stepsHeading: '【{program}】金额计算：',
  cannotRun: '用例无法运行：',
  policyLine: '按政策 {policy} {version} 运行',
  summary: '测试用例 {total} 个：通过 {passed}，未通过 {failed}，无法运行 {invalid}',
};

const en: TestingCatalog = {
  passedMark: '✓ passed',
  failedMark: '✗ FAILED',
  invalidMark: '! cannot run',
  check: {
    program: '[{program}] in the decision',
    status: '[{program}] status',
    amount: '[{program}] amount',
    memberAmount: "[{program}] member {subject}'s amount",
    eligibleMembers: '[{program}] members granted',
    supplements: "[{program}] member {subject}'s supplements",
    validUntil: '[{program}] valid until',
    event: '[{program}] event {subject} in the decision',
    eventStatus: '[{program}] event {subject} status',
    eventAmount: '[{program}] event {subject} amount',
    eventClassification: '[{program}] event {subject}',
    circle: 'circle of assistance',
    reason: 'test {subject}',
    parameter: 'parameter {subject}',
    warning: 'warning {subject}',
    refused: 'household refused (invalid input)',
    errorKind: 'kind of problem',
    errorCodes: 'issue codes',
  },
  expectedActual: '{what}: expected {expected}, got {actual} ({path})',
  yes: 'yes',
  no: 'no',
  absent: '(absent)',
  mixed: 'passed for some, failed for others',
  passed: 'passed',
  failed: 'failed',
  listSeparator: ', ',
  none: '(none)',
  refusedBecause: 'the evaluation refused the household:',
  parametersHeading: 'parameters used:',
  stepsHeading: '[{program}] how the amount was worked out:',
  cannotRun: 'the case cannot be run:',
  policyLine: 'run under {policy} {version}',
  summary: '{total} test cases: {passed} passed, {failed} failed, {invalid} could not be run',
};

export const TESTING_CATALOGS: Record<Lang, TestingCatalog> = { zh, en };
