import type { Lang } from '../text/template.js';

/** The fixed wording of replay and comparison reports, per language. */
export interface AuditCatalog {
  status: Record<'identical' | 'differs' | 'forged' | 'tampered' | 'error' | 'changed' | 'unchanged', string>;
  line: string;
  decision: string;
  recorded: string;
  replayed: string;
  absent: string;
  more: string;
  engine: string;
  replaySummary: string;
  compareSummary: string;
  lines: (lines: string, count: number) => string;
  compareHead: string;
  noChange: string;
  programChange: string;
  programSide: string;
  causes: string;
  noCauses: string;
  derived: string;
  separator: string;
  parametersHeading: string;
  parameterSide: string;
  reasonChange: string;
  passed: string;
  failed: string;
  member: string;
  repeated: string;
  engines: string;
  empty: string;
  edited: string;
  chainIntact: string;
  chainProblems: string;
  chainUnchained: string;
  headFound: string;
  head: string;
  verifySummary: string;
  reportTitle: string;
  reportColumns: Record<'line' | 'seq' | 'caseNumber' | 'household' | 'asOf' | 'policy' | 'outcome' | 'granted' | 'monthly' | 'findings', string>;
  reportTotals: string;
  reportLogFindings: string;
  totalRecords: string;
  grantedTotal: string;
}

const zh: AuditCatalog = {
  status: { identical: '一致', differs: '不一致', forged: '伪造', tampered: '被改动', error: '无法处理', changed: '有变化', unchanged: '无变化' },
  line: '第 {line} 行',
  decision: '决定 {id}',
  recorded: '记录',
  replayed: '重放',
  absent: '（无）',
  more: '……另有 {count} 处不同（用 --json 查看全部）',
  engine: '（记录由 jiuzhu {recorded} 作出，用 {replayed} 重放）',
  replaySummary: '重放 {total} 条记录：一致 {identical}，不一致 {differs}{differsLines}，伪造 {forged}{forgedLines}，被改动 {tampered}{tamperedLines}，无法处理 {errors}{errorsLines}',
  compareSummary: '比较 {total} 条记录：有变化 {changed}{changedLines}，无变化 {unchanged}，伪造 {forged}{forgedLines}，被改动 {tampered}{tamperedLines}，无法处理 {errors}{errorsLines}',
  lines: (lines) => `（第 ${lines} 行）`,
  compareHead: '户 {household}，{asOf}，按 {policy} {version}（sha256 {sha}…）重新评估：',
  noChange: '无变化',
  programChange: '【{name}】{before} → {after}（{change}）',
  programSide: '{status} {amount} 元/{period}',
  causes: '原因（参数变化）：',
  noCauses: '本项目引用的参数没有变化',
  derived: '随之变化的派生参数：',
  separator: '、',
  parametersHeading: '所用参数的变化：',
  parameterSide: '{value}（{region}，{from} 起）',
  reasonChange: '{rule}{member}：{before} → {after}',
  passed: '通过',
  failed: '未通过',
  member: '（成员 {member}）',
  repeated: '注意：第 {line} 行与第 {first} 行是同一个决定（{id}），重复记录',
  engines: '其中 {count} 条由 jiuzhu {recorded} 作出，用 {replayed} 重放',
  empty: '日志中没有任何记录：没有可以证明的决定',
  edited: '被改动之处（记录的值与按其输入重放的值）：',
  chainIntact: '日志链完整：{records} 条记录，链头为第 {line} 行（第 {seq} 条），sha256 {head}',
  chainProblems: '日志链有 {count} 处问题{lines}',
  chainUnchained: '日志无哈希链：无法证明没有记录被删除',
  headFound: '公布的链头在第 {line} 行（第 {seq} 条）；其后又追加了 {after} 条记录',
  head: '链头：第 {line} 行（第 {seq} 条），sha256 {head}（公布它，日后可用 --expect-head 证明日志末尾未被截去）',
  verifySummary: '核对 {total} 行：记录 {records}，被改动 {tampered}{tamperedLines}，伪造 {forged}{forgedLines}，无法读取 {errors}{errorsLines}',
  reportTitle: 'jiuzhu 决定记录重放报告',
  reportColumns: { line: '行', seq: '链上序号', caseNumber: '案件编号', household: '户', asOf: '评估日期', policy: '政策', outcome: '结果', granted: '给予的救助', monthly: '每月合计（元）', findings: '问题' },
  reportTotals: '合计',
  reportLogFindings: '日志链的问题',
  totalRecords: '记录数',
  grantedTotal: '给予户数 {households}，每月合计 {monthly} 元',
};

const en: AuditCatalog = {
  status: { identical: 'identical', differs: 'differs', forged: 'forged', tampered: 'tampered', error: 'error', changed: 'changed', unchanged: 'unchanged' },
  line: 'line {line}',
  decision: 'decision {id}',
  recorded: 'recorded',
  replayed: 'replayed',
  absent: '(absent)',
  more: '… and {count} more differences (--json shows them all)',
  engine: ' (recorded by jiuzhu {recorded}, replayed with {replayed})',
  replaySummary: 'replayed {total} records: {identical} identical, {differs} differ{differsLines}, {forged} forged{forgedLines}, {tampered} tampered{tamperedLines}, {errors} errors{errorsLines}',
  compareSummary: 'compared {total} records: {changed} changed{changedLines}, {unchanged} unchanged, {forged} forged{forgedLines}, {tampered} tampered{tamperedLines}, {errors} errors{errorsLines}',
  lines: (lines, count) => ` (line${count === 1 ? '' : 's'} ${lines})`,
  compareHead: 'household {household}, {asOf}, re-evaluated under {policy} {version} (sha256 {sha}…):',
  noChange: 'no change',
  programChange: '[{name}] {before} → {after} ({change})',
  programSide: '{status} {amount} yuan/{period}',
  causes: 'because (parameters changed):',
  noCauses: 'no parameter this program reads changed',
  derived: 'derived parameters that follow: ',
  separator: ', ',
  parametersHeading: 'parameters that changed:',
  parameterSide: '{value} ({region}, from {from})',
  reasonChange: '{rule}{member}: {before} → {after}',
  passed: 'passed',
  failed: 'failed',
  member: ' (member {member})',
  repeated: 'note: line {line} repeats the decision of line {first} ({id})',
  engines: '{count} of them made by jiuzhu {recorded}, replayed with {replayed}',
  empty: 'the log holds no records: there is no decision to prove',
  edited: 'what was changed (the recorded value, and what its input gives):',
  chainIntact: 'log chain intact: {records} records, head on line {line} (record {seq}), sha256 {head}',
  chainProblems: 'log chain: {count} problem(s){lines}',
  chainUnchained: 'the log has no hash chain: nothing shows that no record was deleted',
  headFound: 'the published head is on line {line} (record {seq}); {after} record(s) appended after it',
  head: 'head: line {line} (record {seq}), sha256 {head} (publish it; --expect-head later proves that the log\'s end was not cut)',
  verifySummary: 'checked {total} lines: {records} records, {tampered} tampered{tamperedLines}, {forged} forged{forgedLines}, {errors} unreadable{errorsLines}',
  reportTitle: 'jiuzhu replay report',
  reportColumns: { line: 'line', seq: 'chain seq', caseNumber: 'case number', household: 'household', asOf: 'as of', policy: 'policy', outcome: 'outcome', granted: 'granted', monthly: 'monthly total (yuan)', findings: 'problems' },
  reportTotals: 'totals',
  reportLogFindings: 'problems in the log chain',
  totalRecords: 'records',
  grantedTotal: '{households} households granted, {monthly} yuan a month in all',
};

export const AUDIT_CATALOGS: Record<Lang, AuditCatalog> = { zh, en };
