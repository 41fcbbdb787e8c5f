import type { DecisionCatalog } from './catalog.js';

/** 中文：决定书与说明的固定用语。 */
export const zh: DecisionCatalog = {
  heading: '家庭 {household}（地区 {region}，{area}），评估日期 {asOf}',
  policyLine: '适用政策：{policy} 版本 {version}（sha256 {sha}…）',
  area: { urban: '城镇', rural: '农村' },
  status: { eligible: '符合条件', ineligible: '不符合条件', undetermined: '无法确定' },
  programLine: '【{name}】{status}',
  amountLine: '，每{period} {amount} 元',
  period: { month: '月', year: '年', once: '次' },
  colon: '：',
  dash: '——',
  passMark: '✓',
  failMark: '✗',
  amountHeading: '金额计算：',
  membersHeading: '成员金额：',
  memberShare: '{member}：{amount} 元',
  supplementLine: '（含{label} {amount} 元）',
  circleHeading: '救助圈层：',
  circle: { absolute: '绝对困难', relative: '相对困难', other: '其他困难', none: '不属于三个救助圈层' },
  parametersHeading: '所用参数：',
  parameterLine: '{name} = {value}（{region}，{from} 起；{source}）',
  illustrativeSource: '示意值，非官方数据：{note}',
  gradeLabel: '可信等级 {grade}',
  warningsHeading: '提示：',
  cite: '依据：{citation}',
  member: '成员 {member}',
  reasons: {
    'jiuzhu.excludedBy': { pass: '未因其他项目而排除。', fail: '已享受“{program}”，本项目不再给予。' },
    'jiuzhu.undetermined': { pass: '', fail: '无法确定：{detail}' },
    'jiuzhu.notCandidate': { pass: '', fail: '没有符合条件的家庭成员。' },
  },
  warnings: {
    ILLUSTRATIVE_PARAMETERS: '本决定使用了示意参数（非官方数据），请以当地正式文件为准：{names}',
    REGION_FALLBACK: '参数 {name} 没有 {region} 本地取值，使用了上级（{from}）的取值',
    PROGRAM_UNDETERMINED: '项目“{program}”无法确定：{detail}',
  },
  undetermined: {
    parameter: '参数 {name} 在该地区、该日期没有生效的取值',
    noCountedMembers: '家庭没有计入的成员，无法计算人均数',
    missingFact: '缺少计算所需的信息：{name}',
  },
};
