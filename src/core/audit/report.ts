import { DECISION_CATALOGS } from '../decision/locales/catalog.js';
import type { ParameterUse } from '../decision/types.js';
import { formatIssue, formatJsonPath, type Issue } from '../errors/issue.js';
import { fillTemplate, type Lang } from '../text/template.js';
import { visibleLines } from '../text/visible.js';
import type { ComparisonResult, ProgramSide } from './compare.js';
import type { Difference } from './diff.js';
import { AUDIT_CATALOGS, type AuditCatalog } from './locales.js';
import type { RecordProblem } from './record.js';
import type { ReplayResult } from './replay.js';

/**
 * Counts of a replay or comparison run by status, with the log line numbers of every status worth looking at.
 * Statuses in `quiet` (identical, unchanged) are only counted: a log may hold millions of them.
 *
 * @example
 * const tally = new AuditTally();
 * for await (const { line, result } of replayLog(file, store)) tally.add(result.status, line);
 * console.log(tally.render('replay', 'zh')); // 重放 120 条记录：一致 118，不一致 1（第 3 行），…
 */
export class AuditTally {
  readonly counts = new Map<string, number>();
  readonly lines = new Map<string, number[]>();
  total = 0;

  constructor(private readonly quiet: readonly string[] = ['identical', 'unchanged', 'intact']) {}

  /**
   * Counts one result.
   *
   * @example
   * tally.add('differs', 3); tally.count('differs') // 1
   */
  add(status: string, line: number): void {
    this.total += 1;
    this.counts.set(status, this.count(status) + 1);
    if (this.quiet.includes(status)) return;
    const lines = this.lines.get(status) ?? [];
    lines.push(line);
    this.lines.set(status, lines);
  }

  /**
   * How many results had this status.
   *
   * @example
   * tally.count('tampered') // 0
   */
  count(status: string): number {
    return this.counts.get(status) ?? 0;
  }

  /**
   * Whether every result had a quiet status (all identical, or all compared without a problem).
   *
   * @example
   * tally.allQuiet() // true when nothing differs, was tampered with or failed
   */
  allQuiet(): boolean {
    return this.lines.size === 0;
  }

  /**
   * The summary line of a replay or a comparison run.
   *
   * @example
   * tally.render('replay', 'en') // 'replayed 3 records: 2 identical, 1 differ (line 2), 0 tampered, 0 errors'
   */
  render(kind: 'replay' | 'compare', lang: Lang): string {
    const params: Record<string, string | number> = { total: this.total };
    for (const status of ['identical', 'unchanged', 'differs', 'changed', 'forged', 'tampered', 'error']) {
      const key = status === 'error' ? 'errors' : status;
      params[key] = this.count(status);
      const lines = this.lines.get(status) ?? [];
      const shown = lines.slice(0, 20).join(', ') + (lines.length > 20 ? ', …' : '');
      params[`${key}Lines`] = lines.length > 0 ? AUDIT_CATALOGS[lang].lines(shown, lines.length) : '';
    }
    return fillTemplate(kind === 'replay' ? AUDIT_CATALOGS[lang].replaySummary : AUDIT_CATALOGS[lang].compareSummary, params);
  }
}

/**
 * A replay result as text for a person: status, and what differs path by path (at most `limit` paths), or the
 * problem with its code.
 *
 * @example
 * renderReplayResult(3, result, 'zh')
 * // 第 3 行  不一致  决定 1a2b…
 * //   $.programs[0].amount  记录 "1952.00"  重放 "2200.00"
 */
export function renderReplayResult(line: number, result: ReplayResult, lang: Lang, limit = 20): string {
  const t = AUDIT_CATALOGS[lang];
  const head = headLine(line, result.status, result.id, lang);
  if (result.status === 'tampered' || result.status === 'forged' || result.status === 'error') {
    const edited = result.status !== 'error' && result.differences ? [`  ${t.edited}`, ...differenceLines(result.differences, '    ', lang, limit)] : [];
    return visibleLines([head, ...problemLines(result, lang), ...edited]);
  }
  const upgrade = result.engine.recorded === result.engine.replayed ? '' : fillTemplate(t.engine, { ...result.engine });
  if (result.status === 'identical') return visibleLines([head + upgrade]);
  return visibleLines([head + upgrade, ...differenceLines(result.differences, '  ', lang, limit)]);
}

/** At most `limit` differences, one a line, and how many more there are. */
function differenceLines(differences: readonly Difference[], indent: string, lang: Lang, limit: number): string[] {
  const shown = differences.slice(0, limit).map((d) => `${indent}${differenceText(d, lang)}`);
  const more = differences.length > limit ? [`${indent}${fillTemplate(AUDIT_CATALOGS[lang].more, { count: differences.length - limit })}`] : [];
  return [...shown, ...more];
}

/**
 * A problem of a log's chain as text: its line, the message, the code.
 *
 * @example
 * renderLogFinding(5, makeIssue('LOG_RECORD_MISSING', [], { count: 1, line: 5, from: 4, to: '', after: 4 }), 'en')
 * // 'line 5  1 record(s) missing before line 5 (record 4 of the chain, after line 4): deleted from the log  [LOG_RECORD_MISSING]'
 */
export function renderLogFinding(line: number, issue: Issue, lang: Lang): string {
  return visibleLines([`${fillTemplate(AUDIT_CATALOGS[lang].line, { line })}  ${issue.message[lang]}  [${issue.code}]`]);
}

function differenceText(d: Difference, lang: Lang): string {
  const t = AUDIT_CATALOGS[lang];
  const value = (side: 'recorded' | 'replayed') => (side in d ? shorten(JSON.stringify(d[side])) : t.absent);
  return `${formatJsonPath(d.path)}  ${t.recorded} ${value('recorded')}  ${t.replayed} ${value('replayed')}`;
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function headLine(line: number, status: keyof AuditCatalog['status'], id: string | undefined, lang: Lang): string {
  const t = AUDIT_CATALOGS[lang];
  return [fillTemplate(t.line, { line }), t.status[status], id ? fillTemplate(t.decision, { id }) : ''].filter(Boolean).join('  ');
}

function problemLines(problem: RecordProblem, lang: Lang): string[] {
  return problem.error.issues.map((issue) => `  ${formatIssue(issue, lang)}  [${issue.code}]`);
}

/**
 * A comparison under another policy as text: each program whose outcome changed, the signed change, the parameters
 * that caused it (old → new value, with region and date) and the tests that flipped; then every parameter that
 * changed.
 *
 * @example
 * renderComparison(1, result, 'zh')
 * // 第 1 行  户 gz-2023-0001，2023-06-01，按 guangdong 2026.11.0（sha256 ab12…）重新评估：
 * //   【最低生活保障】符合条件 1952.00 元/月 → 符合条件 2200.00 元/月（+248.00）
 * //     原因（参数变化）：dibao.standard：1238.00（440100，2023-01-01 起）→ 1300.00（440100，2023-01-01 起）
 */
export function renderComparison(line: number, result: ComparisonResult, lang: Lang): string {
  const t = AUDIT_CATALOGS[lang];
  const where = fillTemplate(t.line, { line });
  if (result.status !== 'compared') return visibleLines([headLine(line, result.status, result.id, lang), ...problemLines(result, lang)]);
  const { compared, comparison } = result;
  const head = `${where}  ${fillTemplate(t.compareHead, {
    household: compared.householdId,
    asOf: compared.asOf,
    policy: compared.policy.id,
    version: compared.policy.version,
    sha: compared.policy.sha256.slice(0, 12),
  })}`;
  if (comparison.programs.length === 0 && comparison.parameters.length === 0) return visibleLines([`${head} ${t.noChange}`]);
  const out = [head];
  const parameters = new Map(comparison.parameters.map((p) => [p.name, p]));
  for (const program of comparison.programs) {
    out.push(
      `  ${fillTemplate(t.programChange, {
        name: program.name[lang],
        before: sideText(program.before, lang),
        after: sideText(program.after, lang),
        change: program.amountChange,
      })}`,
    );
    out.push(`    ${t.causes}${program.causes.length === 0 ? t.noCauses : ''}`);
    for (const name of program.causes) out.push(`      ${parameterChangeText(name, parameters.get(name)!, lang)}`);
    if (program.derived.length > 0) out.push(`      ${t.derived}${program.derived.join(t.separator)}`);
    for (const reason of program.reasons) {
      const outcome = (r: { passed: boolean } | undefined) => (r === undefined ? t.absent : r.passed ? t.passed : t.failed);
      out.push(
        `    ${fillTemplate(t.reasonChange, {
          rule: reason.rule,
          member: reason.memberId ? fillTemplate(t.member, { member: reason.memberId }) : '',
          before: outcome(reason.before),
          after: outcome(reason.after),
        })}`,
      );
    }
  }
  if (comparison.parameters.length > 0) {
    out.push(`  ${t.parametersHeading}`);
    for (const p of comparison.parameters) out.push(`    ${parameterChangeText(p.name, p, lang)}`);
  }
  return visibleLines(out);
}

function sideText(side: ProgramSide | undefined, lang: Lang): string {
  const t = AUDIT_CATALOGS[lang];
  if (!side) return t.absent;
  const d = DECISION_CATALOGS[lang];
  return fillTemplate(t.programSide, { status: d.status[side.status], amount: side.amount, period: d.period[side.period] });
}

function parameterChangeText(name: string, change: { before?: ParameterUse; after?: ParameterUse }, lang: Lang): string {
  const t = AUDIT_CATALOGS[lang];
  const text = (p: ParameterUse | undefined) => (p ? fillTemplate(t.parameterSide, { value: String(p.value), region: p.region, from: p.from }) : t.absent);
  return `${name}: ${text(change.before)} → ${text(change.after)}`;
}
