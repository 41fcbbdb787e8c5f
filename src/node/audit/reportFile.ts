import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { AUDIT_CATALOGS } from '../../core/audit/locales.js';
import { DECISION_CATALOGS } from '../../core/decision/locales/catalog.js';
import type { Decimal } from 'decimal.js';
import { Dec, formatMoney } from '../../core/money/decimal.js';
import type { Lang } from '../../core/text/template.js';
import { fillTemplate } from '../../core/text/template.js';
import { visibleLine } from '../../core/text/visible.js';
import type { Issue } from '../../core/errors/issue.js';
import type { ChainReport } from './chain.js';
import type { RecordSummary } from './summary.js';

/** The formats a replay report is written in, chosen by the file's name. */
export type ReportFormat = 'csv' | 'html';

/**
 * The format for a report file's name: `.csv` or `.html`/`.htm`, else undefined.
 *
 * @example
 * reportFormat('audit-2026.html') // 'html'
 */
export function reportFormat(file: string): ReportFormat | undefined {
  const lower = file.toLowerCase();
  return lower.endsWith('.csv') ? 'csv' : lower.endsWith('.html') || lower.endsWith('.htm') ? 'html' : undefined;
}

/** One record of the log as the report lists it. */
export interface ReportRow {
  line: number;
  status: string;
  summary?: RecordSummary;
  issues: readonly Issue[];
}

/** Per program: households granted and what they get a month, for records proved and for the rest. */
interface ProgramTotals {
  proved: { households: number; monthly: Decimal };
  unproved: { households: number; monthly: Decimal };
}

/**
 * A replay report an auditor can file, written while the log is replayed: every record (identical ones too) with its
 * line, place in the chain, case number, household, date, policy, outcome, what it grants and the monthly total; then
 * the problems of the log's chain (records missing, inserted …) and the totals — per outcome, and per program the
 * households granted and the money a month, for records proved and for the others. CSV (a cell a spreadsheet would run
 * as a formula is written as text) or a self-contained HTML page. Text from the records is shown with its control
 * characters escaped.
 *
 * @example
 * const report = await ReplayReport.open('audit.csv', 'zh');
 * report.add({ line: 2, status: 'identical', summary, issues: [] });
 * await report.finish(tally.counts, chain.finish());
 */
export class ReplayReport {
  private readonly totals = new Map<string, ProgramTotals>();
  private proved = 0;

  private constructor(
    /** The report's file name. */
    readonly file: string,
    private readonly out: WriteStream,
    private readonly format: ReportFormat,
    private readonly lang: Lang,
  ) {}

  /** Opens the report file (created or replaced) and writes its head. */
  static async open(file: string, lang: Lang): Promise<ReplayReport> {
    const format = reportFormat(file) ?? 'csv';
    const out = createWriteStream(file);
    await once(out, 'open');
    const report = new ReplayReport(file, out, format, lang);
    const t = AUDIT_CATALOGS[lang];
    const c = t.reportColumns;
    const columns = [c.line, c.seq, c.caseNumber, c.household, c.asOf, c.policy, c.outcome, c.granted, c.monthly, c.findings];
    if (format === 'csv') await report.write(stringify([columns], { escape_formulas: true }));
    else await report.write(`<!doctype html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${html(t.reportTitle)}</title>${STYLE}</head><body>\n<h1>${html(t.reportTitle)}</h1>\n<table>\n<tr>${columns.map((h) => `<th>${html(h)}</th>`).join('')}</tr>\n`);
    return report;
  }

  /** Lists one record. */
  async add(row: ReportRow): Promise<void> {
    const t = AUDIT_CATALOGS[this.lang];
    const s = row.summary;
    const granted = s?.granted ?? [];
    let monthly = new Dec(0);
    for (const g of granted) if (g.period === 'month' && isMoney(g.amount)) monthly = monthly.plus(g.amount);
    const provedRecord = row.status === 'identical';
    if (provedRecord) this.proved += 1;
    for (const g of granted) {
      const totals = this.totals.get(g.program) ?? { proved: { households: 0, monthly: new Dec(0) }, unproved: { households: 0, monthly: new Dec(0) } };
      const side = provedRecord ? totals.proved : totals.unproved;
      side.households += 1;
      if (g.period === 'month' && isMoney(g.amount)) side.monthly = side.monthly.plus(g.amount);
      this.totals.set(g.program, totals);
    }
    const periods = DECISION_CATALOGS[this.lang].period as Record<string, string>;
    const cells = [
      String(row.line),
      s?.seq !== undefined ? String(s.seq) : '',
      s?.caseNumber ?? '',
      s?.household ?? '',
      s?.asOf ?? '',
      s?.policy ?? '',
      (t.status as Record<string, string>)[row.status] ?? row.status,
      granted.map((g) => `${g.program} ${g.amount}/${periods[g.period] ?? g.period}`).join('; '),
      granted.length > 0 ? formatMoney(monthly) : '',
      row.issues.map((issue) => issue.code).join(' '),
    ];
    await this.writeRow(cells, provedRecord ? '' : 'problem');
  }

  /** Writes the chain's problems and the totals, and closes the file. */
  async finish(counts: ReadonlyMap<string, number>, chain: ChainReport | undefined): Promise<void> {
    const t = AUDIT_CATALOGS[this.lang];
    const status = t.status as Record<string, string>;
    const findings = chain?.findings ?? [];
    const rows: string[][] = [];
    if (findings.length > 0) {
      rows.push([t.reportLogFindings]);
      for (const f of findings) rows.push([String(f.line), '', '', '', '', '', f.issue.code, '', '', f.issue.message[this.lang]]);
    }
    rows.push([t.reportTotals]);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    rows.push([t.totalRecords, String(total), ...[...counts].map(([s, n]) => `${status[s] ?? s} ${n}`)]);
    for (const [program, { proved, unproved }] of [...this.totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const text = (side: { households: number; monthly: Decimal }) => fillTemplate(t.grantedTotal, { households: side.households, monthly: formatMoney(side.monthly) });
      rows.push([program, `${status.identical}: ${text(proved)}`, unproved.households > 0 ? `${this.lang === 'zh' ? '其他' : 'others'}: ${text(unproved)}` : '']);
    }
    if (chain?.head) rows.push(['head', String(chain.head.line), String(chain.head.seq), chain.head.sha256]);
    if (this.format === 'csv') {
      await this.write(stringify([[], ...rows.map((row) => row.map(visibleLine))], { escape_formulas: true }));
    } else {
      await this.write('</table>\n');
      await this.write(`<table class="totals">\n${rows.map((r) => `<tr>${r.map((cell) => `<td>${html(visibleLine(cell))}</td>`).join('')}</tr>`).join('\n')}\n</table>\n</body></html>\n`);
    }
    this.out.end();
    await once(this.out, 'close');
  }

  private async writeRow(cells: string[], kind: string): Promise<void> {
    // A CSV is read in a terminal as often as in a spreadsheet: a newline or an escape from a record is escaped here too.
    if (this.format === 'csv') return this.write(stringify([cells.map(visibleLine)], { escape_formulas: true }));
    return this.write(`<tr${kind ? ` class="${kind}"` : ''}>${cells.map((cell) => `<td>${html(visibleLine(cell))}</td>`).join('')}</tr>\n`);
  }

  private async write(text: string): Promise<void> {
    if (this.out.errored) throw this.out.errored;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

const STYLE =
  '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #999;padding:2px 6px;font-size:13px}tr.problem td{background:#fde2e2}</style>';

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function isMoney(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}
