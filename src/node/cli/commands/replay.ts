import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compareWithPolicy, type ComparisonResult } from '../../../core/audit/compare.js';
import { checkRecordLog } from '../../audit/log.js';
import { AUDIT_CATALOGS } from '../../../core/audit/locales.js';
import type { ReplayResult } from '../../../core/audit/replay.js';
import { replayLog } from '../../audit/replayLog.js';
import { AuditTally, renderComparison, renderReplayResult } from '../../../core/audit/report.js';
import { SHA256_HEX } from '../../../core/audit/canonical.js';
import { bundledPolicyStore, policyStore } from '../../audit/store.js';
import type { PolicyStore } from '../../../core/audit/store.js';
import { JiuzhuError, formatJsonPath, makeIssue } from '../../../core/errors/issue.js';
import { checkAsOf } from '../../screen/screen.js';
import { loadPolicy } from '../../policy/load.js';
import type { Policy } from '../../../core/policy/types.js';
import type { Lang } from '../../../core/text/template.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { ENGINE_VERSION } from '../../../core/version.js';
import { fillTemplate } from '../../../core/text/template.js';
import type { CliIo } from '../output.js';
import { startProgress, type Progress } from '../progress.js';

/**
 * `jiuzhu replay <log.ndjson> [--store DIR]… [--against POLICY [--as-of D]] [--json]`: proves every decision of a
 * log from its input and the policy in force (looked up by sha256 in the given stores, then the package's own), or
 * shows where it does not; with `--against`, shows what another policy would change for each decision and why.
 */
export const replayCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: SPECS.replay.options,
    });
    const file = positionals[0];
    if (!file || positionals.length > 1 || (values['as-of'] && !values.against)) {
      io.err(lang === 'zh' ? '需要一个 <log.ndjson>；--as-of 只能与 --against 一起用' : 'needs one <log.ndjson>; --as-of goes with --against only');
      io.err(SPECS.replay.usage[lang]);
      return EXIT.usage;
    }
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) throw new JiuzhuError('input', [makeIssue(stats?.isDirectory() ? 'NOT_A_FILE' : 'FILE_NOT_FOUND', [], { file })]);
    const asOf = values['as-of'];
    if (asOf !== undefined) checkAsOf(asOf);
    // A misspelt store would otherwise show as every record's policy "not in the store".
    for (const dir of values.store ?? []) {
      const kind = pathKind(dir);
      if (kind !== 'directory') throw new JiuzhuError('input', [makeIssue(kind === 'file' ? 'NOT_A_DIRECTORY' : 'FILE_NOT_FOUND', ['store'], { file: dir })]);
    }
    const store = policyStore(...(values.store ?? []), bundledPolicyStore());
    const report = new LogReport(io, lang, values.json, startProgress(io, stats.size, values.against ? 'compare' : 'replay'));
    try {
      if (values.against) return await against(file, report, await againstPolicy(values.against, store), asOf);
      return await replayAll(file, report, store);
    } finally {
      report.progress.stop();
    }
  },
};

async function replayAll(file: string, report: LogReport, store: PolicyStore): Promise<number> {
  const t = AUDIT_CATALOGS[report.lang];
  const firstLine = new Map<string, number>();
  const byEngine = new Map<string, number>();
  for await (const { line, bytes, result } of replayLog(file, store)) {
    const shown = result.status === 'identical' ? undefined : () => (report.json ? replayJson(line, result) : renderReplayResult(line, result, report.lang));
    report.add(line, bytes, result.status, shown);
    if (result.status !== 'identical' && result.status !== 'differs') continue;
    // The same decision logged twice may be a retry, or a grant counted twice: the auditor is told either way.
    const first = firstLine.get(result.id);
    if (first === undefined) firstLine.set(result.id, line);
    else report.note('repeated', { line, first, id: result.id }, fillTemplate(t.repeated, { line, first, id: result.id }));
    if (result.engine.recorded !== result.engine.replayed) byEngine.set(result.engine.recorded, (byEngine.get(result.engine.recorded) ?? 0) + 1);
  }
  // Records made by other engine versions replay identical only if nothing but the version differs: say how many.
  for (const [recorded, count] of byEngine) {
    const params = { count, recorded, replayed: ENGINE_VERSION };
    report.note('engines', params, fillTemplate(t.engines, params));
  }
  if (report.tally.total === 0) report.note('empty', {}, t.empty);
  return report.finish('replay', report.tally.allQuiet() && report.tally.total > 0);
}

async function against(file: string, report: LogReport, policy: Policy, asOf: string | undefined): Promise<number> {
  for await (const { line, bytes, result } of checkRecordLog(file, (record) => compareWithPolicy(record, policy, { asOf }))) {
    const changed = result.status !== 'compared' || result.comparison.programs.length > 0 || result.comparison.parameters.length > 0;
    const shown = changed ? () => (report.json ? comparisonJson(line, result) : renderComparison(line, result, report.lang)) : undefined;
    report.add(line, bytes, result.status !== 'compared' ? result.status : changed ? 'changed' : 'unchanged', shown);
  }
  return report.finish('compare', report.tally.count('tampered') + report.tally.count('error') === 0);
}

/** The policy to compare with: a bundled name, a directory of rule files, or the sha256 of a policy in the store. */
async function againstPolicy(value: string, store: PolicyStore): Promise<Policy> {
  if (!SHA256_HEX.test(value)) return loadPolicy(policySource(value));
  const policy = await store.policy(value);
  if (policy) return policy;
  throw new JiuzhuError('policy', [makeIssue('POLICY_NOT_IN_STORE', [], { sha256: value, id: '?', version: '?', stores: store.locations.join(', ') })]);
}

/**
 * One pass over a log: counts by status, the progress bar, and the per-record reports — printed at once, except while
 * a bar is drawn on the terminal (they would tear it) or for `--json` (one document), when they wait for the end.
 */
class LogReport {
  readonly tally = new AuditTally();
  private readonly held: unknown[] = [];

  constructor(
    private readonly io: CliIo,
    readonly lang: Lang,
    readonly json: boolean,
    readonly progress: Progress,
  ) {}

  private readonly notes: { kind: string; params: Record<string, string | number>; text: string }[] = [];

  /** Something the auditor should know that is not a record's status: shown before the counts. */
  note(kind: string, params: Record<string, string | number>, text: string): void {
    this.notes.push({ kind, params, text });
  }

  add(line: number, bytes: number, status: string, shown: (() => unknown) | undefined): void {
    this.tally.add(status, line);
    if (shown) {
      if (this.json || this.progress.drawing) this.held.push(shown());
      else this.io.out(String(shown()));
    }
    const labels: Record<string, string> = AUDIT_CATALOGS[this.lang].status;
    this.progress.update(bytes, [...this.tally.counts].map(([s, n]) => `${labels[s] ?? s} ${n}`).join(' · '));
  }

  finish(kind: 'replay' | 'compare', ok: boolean): number {
    this.progress.stop();
    if (this.json) {
      const counts = Object.fromEntries([['total', this.tally.total], ...this.tally.counts]);
      const notes = this.notes.map(({ kind, params, text }) => ({ kind, ...params, message: text }));
      this.io.out(JSON.stringify({ summary: counts, results: this.held, ...(notes.length > 0 ? { notes } : {}) }, null, 2));
    } else {
      for (const text of this.held) this.io.out(String(text));
      for (const { text } of this.notes) this.io.out(text);
      this.io.out(this.tally.render(kind, this.lang));
    }
    return ok ? EXIT.ok : EXIT.notIdentical;
  }
}

function replayJson(line: number, result: ReplayResult): unknown {
  if (result.status === 'tampered' || result.status === 'error') {
    const edited = result.status === 'tampered' && result.differences ? { differences: result.differences.map((d) => ({ ...d, path: formatJsonPath(d.path) })) } : {};
    return { line, status: result.status, id: result.id, issues: result.error.issues, ...edited };
  }
  if (result.status === 'identical') return { line, status: result.status, id: result.id };
  const differences = result.differences.map((d) => ({ ...d, path: formatJsonPath(d.path) }));
  return { line, status: result.status, id: result.id, engine: result.engine, differences };
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
