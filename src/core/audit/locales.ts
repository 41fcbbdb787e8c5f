import type { Lang } from '../text/template.js';

/** The fixed wording of replay and comparison reports, per language. */
export interface AuditCatalog {
  status: Record<'identical' | 'differs' | 'tampered' | 'error' | 'changed' | 'unchanged', string>;
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
}

const zh: AuditCatalog = {
  status: { identical: '一致', differs: '不一致', tampered: '被改动', error: '无法处理', changed: '有变化', unchanged: '无变化' },
  line: '第 {line} 行',
  decision: '决定 {id}',
  recorded: '记录',
  replayed: '重放',
  absent: '（无）',
  more: '……另有 {count} 处不同（用 --json 查看全部）',
  engine: '（记录由 jiuzhu {recorded} 作出，用 {replayed} 重放）',
  replaySummary: '重放 {total} 条记录：一致 {identical}，不一致 {differs}{differsLines}，被改动 {tampered}{tamperedLines}，无法处理 {errors}{errorsLines}',
  compareSummary: '比较 {total} 条记录：有变化 {changed}{changedLines}，无变化 {unchanged}，被改动 {tampered}{tamperedLines}，无法处理 {errors}{errorsLines}',
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
};

const en: AuditCatalog = {
  status: { identical: 'identical', differs: 'differs', tampered: 'tampered', error: 'error', changed: 'changed', unchanged: 'unchanged' },
  line: 'line {line}',
  decision: 'decision {id}',
  recorded: 'recorded',
  replayed: 'replayed',
  absent: '(absent)',
  more: '… and {count} more differences (--json shows them all)',
  engine: ' (recorded by jiuzhu {recorded}, replayed with {replayed})',
  replaySummary: 'replayed {total} records: {identical} identical, {differs} differ{differsLines}, {tampered} tampered{tamperedLines}, {errors} errors{errorsLines}',
  compareSummary: 'compared {total} records: {changed} changed{changedLines}, {unchanged} unchanged, {tampered} tampered{tamperedLines}, {errors} errors{errorsLines}',
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
};

export const AUDIT_CATALOGS: Record<Lang, AuditCatalog> = { zh, en };
