import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { compareWithPolicy, type ComparisonResult } from '../../../core/audit/compare.js';
import { checkRecordLog } from '../../audit/readLog.js';
import { COMPARE_CATALOGS } from '../../../core/compare/locales.js';
import { programInfos } from '../../../core/compare/report.js';
import { changeTotals, createChangeTally, tallyDecisions } from '../../../core/compare/totals.js';
import { renderTotals } from '../../compare/render.js';
import { AUDIT_CATALOGS } from '../../../core/audit/locales.js';
import type { ReplayResult } from '../../../core/audit/replay.js';
import { replayLog, verifyLog } from '../../audit/replayLog.js';
import { AuditTally, renderComparison, renderLogFinding, renderReplayResult } from '../../../core/audit/report.js';
import { SHA256_HEX } from '../../../core/audit/canonical.js';
import { bundledPolicyStore, policyStore } from '../../audit/store.js';
import type { PolicyStore } from '../../../core/audit/store.js';
import { ChainCheck, type ChainReport } from '../../audit/chain.js';
import type { VerifyResult } from '../../audit/batch.js';
import { ReplayReport, reportFormat } from '../../audit/reportFile.js';
import { JiuzhuError, formatJsonPath, makeIssue, type Issue } from '../../../core/errors/issue.js';
import { recordSummary, type RecordSummary } from '../../audit/summary.js';
import { checkAsOf } from '../../screen/screen.js';
import { loadPolicy } from '../../policy/load.js';
import type { Policy } from '../../../core/policy/types.js';
import type { Lang } from '../../../core/text/template.js';
import { visibleJson, visibleLine } from '../../../core/text/visible.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { ENGINE_VERSION } from '../../../core/version.js';
import { fillTemplate } from '../../../core/text/template.js';
import { writingTo, type CliIo } from '../output.js';
import { startProgress, type Progress } from '../progress.js';

/**
 * `jiuzhu replay <log.ndjson|-> [--store DIR]… [--against POLICY [--as-of D]] [--report FILE] [--expect-head SHA]
 * [--workers N] [--json]`: proves every decision of a log from its input and the policy in force (looked up by
 * sha256 in the given stores, then the package's own), and the log's chain (nothing deleted, inserted or moved), or
 * shows where not; with `--against`, shows what another policy would change for each decision and why.
 */
export const replayCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS.replay.options });
    const file = positionals[0];
    if (!file || positionals.length > 1 || (values['as-of'] && !values.against)) {
      io.err(lang === 'zh' ? '需要一个 <log.ndjson>（或 - 表示标准输入）；--as-of 只能与 --against 一起用' : 'needs one <log.ndjson> (or - for standard input); --as-of goes with --against only');
      io.err(SPECS.replay.usage[lang]);
      return EXIT.usage;
    }
    const common = logOptions(values, lang, io, 'replay');
    if (typeof common === 'number') return common;
    if (values.report !== undefined && reportFormat(values.report) === undefined) {
      io.err(lang === 'zh' ? '--report 的文件名须以 .csv 或 .html 结尾' : 'the --report file must end in .csv or .html');
      return EXIT.usage;
    }
    const size = logSize(file);
    const asOf = values['as-of'];
    if (asOf !== undefined) checkAsOf(asOf);
    // A misspelt store would otherwise show as every record's policy "not in the store".
    for (const dir of values.store ?? []) {
      const kind = pathKind(dir);
      if (kind !== 'directory') throw new JiuzhuError('input', [makeIssue(kind === 'file' ? 'NOT_A_DIRECTORY' : 'FILE_NOT_FOUND', ['store'], { file: dir })]);
    }
    const store = policyStore(...(values.store ?? []), bundledPolicyStore());
    const report = values.report ? await writingTo(values.report, () => ReplayReport.open(values.report!, lang)) : undefined;
    const pass = new LogPass(io, lang, values.json, startProgress(io, size, values.against ? 'compare' : 'replay'), report);
    try {
      if (values.against) return await against(source(file), pass, await againstPolicy(values.against, store, { io, lang }), asOf, store);
      return await replayAll(source(file), pass, store, common);
    } finally {
      pass.progress.stop();
    }
  },
};

/**
 * `jiuzhu verify-log <log.ndjson|-> [--expect-head SHA] [--workers N] [--json]`: checks, without deciding anything
 * again, that every record is sealed and well formed and that the chain is whole; prints the head to publish.
 */
export const verifyLogCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS['verify-log'].options });
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      io.err(lang === 'zh' ? '需要一个 <log.ndjson>（或 - 表示标准输入）' : 'needs one <log.ndjson> (or - for standard input)');
      io.err(SPECS['verify-log'].usage[lang]);
      return EXIT.usage;
    }
    const common = logOptions(values, lang, io, 'verify-log');
    if (typeof common === 'number') return common;
    const pass = new LogPass(io, lang, values.json, startProgress(io, logSize(file), 'verify'), undefined);
    try {
      const chain = new ChainCheck();
      for await (const { line, bytes, result, summary } of verifyLog(source(file), { workers: common.workers, chain })) {
        const shown = result.status === 'intact' ? undefined : () => (pass.json ? problemJson(line, result) : renderReplayResult(line, result as ReplayResult, lang));
        pass.add(line, bytes, result.status, shown, result.status === 'intact' ? { line, status: 'intact', id: result.id } : undefined, undefined, summary);
      }
      const finished = pass.chain(chain.finish(common.expectHead));
      return pass.finish('verify', pass.tally.allQuiet() && finished && pass.tally.total > 0);
    } finally {
      pass.progress.stop();
    }
  },
};

interface LogOptions {
  workers: number;
  expectHead?: string;
}

/** The options replay and verify-log share: threads and the published head. */
function logOptions(values: { workers?: string; 'expect-head'?: string }, lang: Lang, io: CliIo, command: 'replay' | 'verify-log'): LogOptions | number {
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  const head = values['expect-head'];
  // Each flag that is wrong, and only those: naming one the user never gave sends him looking for it.
  const wrong: string[] = [];
  if (!Number.isSafeInteger(workers) || workers < 0) wrong.push(lang === 'zh' ? '--workers 须为不小于 0 的整数' : '--workers must be a whole number ≥ 0');
  if (head !== undefined && !SHA256_HEX.test(head)) wrong.push(lang === 'zh' ? '--expect-head 须为 64 位十六进制的 sha256' : '--expect-head must be a sha256 of 64 hex digits');
  if (wrong.length > 0) {
    io.err(wrong.join(lang === 'zh' ? '；' : '; '));
    io.err(SPECS[command].usage[lang]);
    return EXIT.usage;
  }
  return { workers, ...(head !== undefined ? { expectHead: head } : {}) };
}

/** The log to read: a file, or standard input for `-`. */
function source(file: string): string | Readable {
  return file === '-' ? process.stdin : file;
}

/** A log file's size, for progress (0 for standard input); a missing file or a directory is an input error. */
function logSize(file: string): number {
  if (file === '-') return 0;
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile()) throw new JiuzhuError('input', [makeIssue(stats?.isDirectory() ? 'NOT_A_FILE' : 'FILE_NOT_FOUND', [], { file })]);
  return stats.size;
}

async function replayAll(log: string | Readable, pass: LogPass, store: PolicyStore, options: LogOptions): Promise<number> {
  const t = AUDIT_CATALOGS[pass.lang];
  const firstLine = new Map<string, number>();
  const byEngine = new Map<string, number>();
  const chain = new ChainCheck();
  for await (const { line, bytes, result, summary } of replayLog(log, store, { workers: options.workers, chain })) {
    const shown = result.status === 'identical' ? undefined : () => (pass.json ? replayJson(line, result) : renderReplayResult(line, result, pass.lang));
    pass.add(line, bytes, result.status, shown, result.status === 'identical' ? replayJson(line, result) : undefined, 'error' in result ? result.error.issues : [], summary);
    if (result.status !== 'identical' && result.status !== 'differs') continue;
    // The same decision logged twice may be a retry, or a grant counted twice: the auditor is told either way.
    const first = firstLine.get(result.id);
    if (first === undefined) firstLine.set(result.id, line);
    else pass.note('repeated', { line, first, id: result.id }, fillTemplate(t.repeated, { line, first, id: result.id }));
    if (result.engine.recorded !== result.engine.replayed) byEngine.set(result.engine.recorded, (byEngine.get(result.engine.recorded) ?? 0) + 1);
  }
  // Records made by other engine versions replay identical only if nothing but the version differs: say how many.
  for (const [recorded, count] of byEngine) {
    const params = { count, recorded, replayed: ENGINE_VERSION };
    pass.note('engines', params, fillTemplate(t.engines, params));
  }
  if (pass.tally.total === 0) pass.note('empty', {}, t.empty);
  const whole = pass.chain(chain.finish(options.expectHead));
  return pass.finish('replay', pass.tally.allQuiet() && whole && pass.tally.total > 0);
}

async function against(log: string | Readable, pass: LogPass, policy: Policy, asOf: string | undefined, store: PolicyStore): Promise<number> {
  // The same totals as `jiuzhu compare` (one module makes both): recorded decisions before, decided again after.
  const programs = programInfos(policy);
  const totals = createChangeTally(programs);
  // Each record's summary goes with its result, so that the report lists its case number, date and amounts here too.
  const compared = async (record: unknown) => ({ result: await compareWithPolicy(record, policy, { asOf, store }), summary: recordSummary(record) });
  for await (const { line, bytes, result: checked } of checkRecordLog(log, compared)) {
    const [result, summary] = 'summary' in checked ? [checked.result, checked.summary] : [checked, undefined];
    const changed = result.status !== 'compared' || result.comparison.programs.length > 0 || result.comparison.parameters.length > 0;
    const shown = changed ? () => (pass.json ? comparisonJson(line, result) : renderComparison(line, result, pass.lang)) : undefined;
    const issues = 'error' in result ? result.error.issues : [];
    pass.add(line, bytes, result.status !== 'compared' ? result.status : changed ? 'changed' : 'unchanged', shown, changed ? undefined : { line, status: 'unchanged', id: result.id }, issues, summary);
    if (result.status === 'compared') tallyDecisions(totals, result.recorded, result.compared);
  }
  const { overall, cities, counties } = changeTotals(totals, programs);
  const t = COMPARE_CATALOGS[pass.lang];
  const text = [fillTemplate(t.replayTotals, { policy: `${policy.id} ${policy.version}`, ...overall }), ...renderTotals(overall, pass.lang)].join('\n');
  return pass.finish('compare', ['tampered', 'forged', 'error'].every((s) => pass.tally.count(s) === 0), { totals: { overall, cities, counties }, text });
}

/** The policy to compare with: a bundled name, a directory of rule files, or the sha256 of a policy in the store. */
async function againstPolicy(value: string, store: PolicyStore, say: Parameters<typeof policySource>[1]): Promise<Policy> {
  if (!SHA256_HEX.test(value)) return loadPolicy(policySource(value, say));
  const policy = await store.policy(value);
  if (policy) return policy;
  throw new JiuzhuError('policy', [makeIssue('POLICY_NOT_IN_STORE', [], { sha256: value, id: '?', version: '?', stores: store.locations.join(', ') })]);
}

/**
 * One pass over a log: counts by status, the progress bar, the per-record reports (printed at once, except while a
 * bar is drawn on the terminal, when they wait for the end), the chain's findings, the report file, and with
 * `--json` one document with every record (written as it goes: `results` first, the summary last).
 */
class LogPass {
  readonly tally = new AuditTally();
  private readonly held: string[] = [];
  private readonly notes: { kind: string; params: Record<string, string | number>; text: string }[] = [];
  private chainReport: ChainReport | undefined;
  private jsonItems = 0;
  /** The report file's rows, written in order. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly io: CliIo,
    readonly lang: Lang,
    readonly json: boolean,
    readonly progress: Progress,
    private readonly report: ReplayReport | undefined,
  ) {}

  /** Something the auditor should know that is not a record's status: shown before the counts. */
  note(kind: string, params: Record<string, string | number>, text: string): void {
    this.notes.push({ kind, params, text });
  }

  add(line: number, bytes: number, status: string, shown: (() => unknown) | undefined, quiet?: unknown, issues: readonly Issue[] = [], summary?: RecordSummary): void {
    this.tally.add(status, line);
    const item = shown ? shown() : this.json ? quiet : undefined;
    if (item !== undefined) {
      const text = this.json ? `${this.jsonItems++ === 0 ? '{"results":[\n' : ','}${visibleJson(JSON.stringify(item))}` : String(item);
      if (this.progress.drawing) this.held.push(text);
      else this.io.out(text);
    }
    const report = this.report;
    if (report) this.writing = this.writing.then(() => report.add({ line, status, summary, issues }));
    const labels: Record<string, string> = AUDIT_CATALOGS[this.lang].status;
    this.progress.update(bytes, [...this.tally.counts].map(([s, n]) => `${labels[s] ?? s} ${n}`).join(' · '));
  }

  /** Takes the chain's report: its findings join the output; returns whether the chain is whole. */
  chain(report: ChainReport): boolean {
    this.chainReport = report;
    return report.findings.length === 0 && report.chained;
  }

  /** Ends the run: the held reports, the notes, the counts, the chain and (comparing) the totals, as text or JSON. */
  async finish(kind: 'replay' | 'compare' | 'verify', ok: boolean, totals?: { totals: unknown; text: string }): Promise<number> {
    this.progress.stop();
    const t = AUDIT_CATALOGS[this.lang];
    const chain = this.chainReport;
    if (this.report) await writingTo(this.report.file, async () => {
      await this.writing;
      await this.report!.finish(this.tally.counts, chain);
    });
    for (const text of this.held) this.io.out(text);
    if (this.json) {
      const counts = Object.fromEntries([['total', this.tally.total], ...this.tally.counts]);
      const notes = this.notes.map(({ kind, params, text }) => ({ kind, ...params, message: text }));
      const chainJson = chain && {
        chained: chain.chained,
        records: chain.records,
        ...(chain.head ? { head: chain.head } : {}),
        ...(chain.expectedHead ? { expectedHead: chain.expectedHead } : {}),
        findings: chain.findings.map(({ line, issue }) => ({ line, code: issue.code, params: issue.params, message: issue.message })),
      };
      const tail = { summary: counts, ...(chainJson ? { chain: chainJson } : {}), ...(notes.length > 0 ? { notes } : {}), ...(totals ? { totals: totals.totals } : {}) };
      this.io.out(`${this.jsonItems === 0 ? '{"results":[' : ''}],${visibleJson(JSON.stringify(tail)).slice(1)}`);
    } else {
      for (const { line, issue } of chain?.findings ?? []) this.io.out(renderLogFinding(line, issue, this.lang));
      for (const { text } of this.notes) this.io.out(visibleLine(text));
      this.io.out(kind === 'verify' ? this.verifySummary() : this.tally.render(kind, this.lang));
      if (chain?.chained) {
        const problems = chain.findings.length;
        const lines = [...new Set(chain.findings.map((f) => f.line))];
        const shownLines = lines.slice(0, 20).join(', ') + (lines.length > 20 ? ', …' : '');
        if (chain.head && problems === 0) this.io.out(fillTemplate(t.chainIntact, { records: chain.records, line: chain.head.line, seq: chain.head.seq, head: chain.head.sha256 }));
        else if (problems > 0) this.io.out(fillTemplate(t.chainProblems, { count: problems, lines: lines.length > 0 ? t.lines(shownLines, lines.length) : '' }));
        if (chain.head && problems > 0) this.io.out(fillTemplate(t.head, { line: chain.head.line, seq: chain.head.seq, head: chain.head.sha256 }));
        if (chain.expectedHead) this.io.out(fillTemplate(t.headFound, { ...chain.expectedHead }));
      } else if (chain && this.tally.total > 0) this.io.out(t.chainUnchained);
      if (totals) this.io.out(`\n${totals.text}`);
    }
    return ok ? EXIT.ok : EXIT.notIdentical;
  }

  private verifySummary(): string {
    const params: Record<string, string | number> = { total: this.tally.total, records: this.tally.total - this.tally.count('error') };
    for (const status of ['tampered', 'forged', 'error']) {
      const key = status === 'error' ? 'errors' : status;
      params[key] = this.tally.count(status);
      const lines = this.tally.lines.get(status) ?? [];
      params[`${key}Lines`] = lines.length > 0 ? AUDIT_CATALOGS[this.lang].lines(lines.slice(0, 20).join(', ') + (lines.length > 20 ? ', …' : ''), lines.length) : '';
    }
    return fillTemplate(AUDIT_CATALOGS[this.lang].verifySummary, params);
  }
}

function replayJson(line: number, result: ReplayResult): unknown {
  if (result.status === 'tampered' || result.status === 'forged' || result.status === 'error') {
    const edited = result.status !== 'error' && result.differences ? { differences: result.differences.map((d) => ({ ...d, path: formatJsonPath(d.path) })) } : {};
    return { line, status: result.status, id: result.id, issues: result.error.issues, ...edited };
  }
  if (result.status === 'identical') return { line, status: result.status, id: result.id };
  const differences = result.differences.map((d) => ({ ...d, path: formatJsonPath(d.path) }));
  return { line, status: result.status, id: result.id, engine: result.engine, differences };
}

function problemJson(line: number, result: VerifyResult): unknown {
  return 'error' in result ? { line, status: result.status, id: result.id, issues: result.error.issues } : { line, status: result.status, id: result.id };
}

function comparisonJson(line: number, result: ComparisonResult): unknown {
  if (result.status !== 'compared') return { line, status: result.status, id: result.id, issues: result.error.issues };
  return { line, status: result.status, id: result.id, asOf: result.asOf, policy: result.compared.policy, ...result.comparison };
}

/** What a path names; a path through a file (ENOTDIR) or without permission names nothing usable. */
function pathKind(path: string): 'directory' | 'file' | 'none' {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? 'none' : stats.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'none';
  }
}
