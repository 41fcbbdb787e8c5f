import type { Lang } from '../text/template.js';

/** The fixed wording of a comparison of two policies over a population (terminal and HTML report), per language. */
export interface CompareCatalog {
  title: string;
  reportTitle: string;
  householdsLine: string;
  monthlyLine: string;
  yearlyLine: string;
  onceLine: string;
  programsHeading: string;
  programColumns: string[];
  /** Households a program could not decide for (information missing), per side: the table counts only those granted. */
  undeterminedLine: string;
  listSeparator: string;
  costHeading: string;
  costColumns: string[];
  period: Record<'month' | 'year' | 'once', string>;
  citiesHeading: string;
  countiesHeading: string;
  regionColumns: string[];
  parametersHeading: string;
  noParameterChange: string;
  parameterLine: string;
  group: string;
  cityOnly: string;
  area: Record<'urban' | 'rural' | 'all', string>;
  none: string;
  perYear: string;
  illustrative: string;
  inForce: string;
  more: string;
  yearNote: string;
  replayTotals: string;
  summaryHeading: string;
  policies: string;
  before: string;
  after: string;
  change: string;
  monthly: string;
  yearly: string;
  once: string;
  households: Record<'compared' | 'outside' | 'errors' | 'changed' | 'newlyEligible' | 'newlyIneligible', string>;
  costChart: string;
  costChartNote: string;
  distributionChart: string;
  distributionNote: string;
  bucket: (from: string | null, to: string | null) => string;
  generated: string;
}

const zh: CompareCatalog = {
  title: '政策调整测算：{before} → {after}，评估日期 {asOf}',
  reportTitle: '政策调整测算报告',
  householdsLine:
    '家庭：比较 {compared} 户（不在某一政策地区内 {outside} 户，出错 {errors} 行）；决定有变化 {changed} 户；新获救助 {newlyEligible} 户（此前未获任何救助），不再获任何救助 {newlyIneligible} 户',
  monthlyLine: '每月合计：现行 {before} 元 → 调整后 {after} 元（{change}）',
  yearlyLine: '每年合计：现行 {before} 元 → 调整后 {after} 元（{change}）',
  onceLine: '一次性（临时救助，按已登记的事件，不计入每年）：现行 {before} 元 → 调整后 {after} 元（{change}）',
  programsHeading: '各项目户数、人数：',
  programColumns: ['项目', '现行户数', '调整后户数', '现行人数', '调整后人数', '新增符合', '不再符合', '金额增加', '金额减少'],
  undeterminedLine: '无法确定（缺少信息，待补充）的户数，现行 → 调整后：{programs}',
  listSeparator: '；',
  costHeading: '各项目金额（元，按项目的发放周期）：',
  costColumns: ['项目', '周期', '现行', '调整后', '变化', '每年变化'],
  period: { month: '每月', year: '每年', once: '一次性' },
  citiesHeading: '按市：',
  countiesHeading: '按区县（有变化的 {changed} 个中列出 {shown} 个，共 {total} 个）：',
  regionColumns: ['地区', '户数', '有变化', '新获救助', '不再获救助', '每月现行', '每月调整后', '每月变化', '每年变化'],
  parametersHeading: '两个政策中不同的参数值：',
  noParameterChange: '（参数值相同）',
  parameterLine: '{name}  {region} {area}  {from} 起：{before} → {after}{inForce}',
  group: '地区组 {group}',
  cityOnly: '{region}（未细分到区县）',
  area: { urban: '城镇', rural: '农村', all: '城乡' },
  none: '（无）',
  perYear: '（每年）',
  illustrative: '（示意值）',
  inForce: '  [评估日生效]',
  more: '……另有 {count} 项（见 --json 或 --report）',
  yearNote: '说明：每年 = 每月 × 12（精确计算），加上按年发放的项目；一次性发放（临时救助）按已登记的事件单列，不计入每年。“新获救助”只计此前未获任何救助的家庭；在项目之间转换的家庭（如低保边缘转为低保）见各项目的“新增符合”“不再符合”。',
  replayTotals: '合计（现行 = 记录中的决定，调整后 = 按 {policy} 重新评估）：比较 {households} 户，决定有变化 {changed} 户，新获救助 {newlyEligible} 户，不再获任何救助 {newlyIneligible} 户',
  summaryHeading: '概要',
  policies: '现行政策 {before}，调整后政策 {after}，评估日期 {asOf}',
  before: '现行',
  after: '调整后',
  change: '变化',
  monthly: '每月合计（元）',
  yearly: '每年合计（元）',
  once: '一次性（元）',
  households: {
    compared: '比较的家庭（户）',
    outside: '不在某一政策地区内（户）',
    errors: '出错（行）',
    changed: '决定有变化（户）',
    newlyEligible: '新获救助（户，此前未获任何救助）',
    newlyIneligible: '不再获任何救助（户）',
  },
  costChart: '各项目每月金额：现行与调整后',
  costChartNote: '按月发放的项目，单位：元',
  distributionChart: '家庭每月金额变化的分布',
  distributionNote: '户数；每月金额没有变化的家庭不计入',
  bucket: (from, to) => (from === null ? `少于 ${to}` : to === null ? `${from} 及以上` : `${from} 至 ${to}`),
  generated: '由 jiuzhu {engine} 生成；金额按分精确计算。',
};

const en: CompareCatalog = {
  title: 'Pricing a policy change: {before} → {after}, as of {asOf}',
  reportTitle: 'Policy change estimate',
  householdsLine:
    'households: {compared} compared ({outside} outside a policy\'s region, {errors} rows with errors); {changed} decisions changed; {newlyEligible} newly assisted (granted nothing before), {newlyIneligible} no longer granted anything',
  monthlyLine: 'a month: {before} yuan → {after} yuan ({change})',
  yearlyLine: 'a year: {before} yuan → {after} yuan ({change})',
  onceLine: 'one-off (临时救助, for the events recorded; not in the year): {before} yuan → {after} yuan ({change})',
  programsHeading: 'households and persons by program:',
  programColumns: ['program', 'households before', 'after', 'persons before', 'after', 'newly eligible', 'no longer', 'amount up', 'amount down'],
  undeterminedLine: 'households undetermined (information missing), before → after: {programs}',
  listSeparator: '; ',
  costHeading: 'amounts by program (yuan, per the program\'s period):',
  costColumns: ['program', 'period', 'before', 'after', 'change', 'change a year'],
  period: { month: 'month', year: 'year', once: 'once' },
  citiesHeading: 'by city:',
  countiesHeading: 'by county ({shown} of the {changed} that changed, of {total}):',
  regionColumns: ['region', 'households', 'changed', 'newly assisted', 'no longer', 'a month before', 'after', 'change', 'change a year'],
  parametersHeading: 'parameter values that differ:',
  noParameterChange: '(the same parameter values)',
  parameterLine: '{name}  {region} {area}  from {from}: {before} → {after}{inForce}',
  group: 'region group {group}',
  cityOnly: '{region} (no county recorded)',
  area: { urban: 'urban', rural: 'rural', all: 'all areas' },
  none: '(none)',
  perYear: ' a year',
  illustrative: ' (illustrative)',
  inForce: '  [in force]',
  more: '… and {count} more (see --json or --report)',
  yearNote: 'A year is 12 × a month, exactly, plus the programs paid yearly; one-off payments (临时救助) are for the events recorded, shown apart and not in the year. "Newly assisted" counts only households granted nothing before; those moving between programs (低保边缘 → 低保) show in each program\'s "newly eligible" and "no longer".',
  replayTotals: 'totals (before = the recorded decisions, after = decided again under {policy}): {households} households, {changed} decisions changed, {newlyEligible} newly assisted, {newlyIneligible} no longer granted anything',
  summaryHeading: 'Summary',
  policies: 'today: {before}; changed: {after}; as of {asOf}',
  before: 'before',
  after: 'after',
  change: 'change',
  monthly: 'a month (yuan)',
  yearly: 'a year (yuan)',
  once: 'one-off (yuan)',
  households: {
    compared: 'households compared',
    outside: "outside a policy's region",
    errors: 'rows with errors',
    changed: 'decisions changed',
    newlyEligible: 'newly assisted (granted nothing before)',
    newlyIneligible: 'no longer granted anything',
  },
  costChart: 'Monthly amounts by program, before and after',
  costChartNote: 'programs paid monthly, yuan',
  distributionChart: "Households by the change of their monthly amount",
  distributionNote: 'households; those whose monthly amount did not change are not counted',
  bucket: (from, to) => (from === null ? `below ${to}` : to === null ? `${from} and more` : `${from} to ${to}`),
  generated: 'Made by jiuzhu {engine}; amounts exact to the fen.',
};

export const COMPARE_CATALOGS: Record<Lang, CompareCatalog> = { zh, en };
