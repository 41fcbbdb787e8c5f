import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { changeReportHtml } from '../../../core/compare/html.js';
import type { ChangeReport } from '../../../core/compare/report.js';
import { isRealDate } from '../../../core/household/dates.js';
import type { Lang } from '../../../core/text/template.js';
import { compareFile, compareStream, type CompareFileOptions, type CompareRun } from '../../compare/compare.js';
import { renderChangeReport } from '../../compare/render.js';
import { loadPolicy } from '../../policy/load.js';
import { inputFileSize } from '../../screen/file.js';
import { policySource, type Command } from '../command.js';
import { EXIT } from '../exitCodes.js';
import { cannotWrite, closeOutput, type CliIo } from '../output.js';
import { startProgress } from '../progress.js';
import { SPECS } from '../specs.js';
import { STDIN, STOPPED, openPipelineOutputs, outputProblem, pipelineOptions, pipelineUsage, stopOnSignals, stoppedBeforeReading } from './screen.js';

/**
 * `jiuzhu compare <input> --policy A --against B --as-of D [--json] [--out changes.csv] [--report report.html]`:
 * decides a population under today's policy and the changed one, on the screening pipeline (all cores), and reports
 * what the change does: households newly eligible or no longer, amounts up and down, the cost a month and a year,
 * overall, per city and county, and the parameter values that differ.
 */
export const compareCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS.compare.options });
    const input = positionals[0];
    const pipeline = input === undefined ? undefined : pipelineOptions(input, values);
    if (!input || positionals.length > 1 || !pipeline || !values.policy || !values.against || !values['as-of'] || !isRealDate(values['as-of'])) {
      io.err(pipelineUsage(lang, lang === 'zh' ? '--policy、--against 和 --as-of' : '--policy, --against and --as-of'));
      io.err(SPECS.compare.usage[lang]);
      return EXIT.usage;
    }
    const problem = outputProblem(input, { '--out': values.out, '--errors': values.errors, '--report': values.report }, lang);
    if (problem) {
      io.err(problem.text);
      return problem.exit;
    }
    // Ctrl-C from here on stops the run cleanly: the rows read are finished, and the report covers them.
    const { stop, release } = stopOnSignals();
    let out: Writable | undefined;
    let errors: Writable = process.stderr;
    let writeFailure: { file: string; error: unknown } | undefined;
    let progress: ReturnType<typeof startProgress> | undefined;
    let run: CompareRun | undefined;
    try {
      const before = await loadPolicy(policySource(values.policy, { io, lang }));
      const after = await loadPolicy(policySource(values.against, { io, lang }));
      const size = input === STDIN ? 0 : inputFileSize(input);
      if (stop.signal.aborted) {
        return stoppedBeforeReading(io, lang);
      }
      const opened = openPipelineOutputs({ out: values.out, errors: values.errors }, lang, io, (file, error) => {
        writeFailure ??= { file, error };
        stop.abort();
      });
      if ('exit' in opened) return opened.exit;
      out = opened.out;
      errors = opened.errors ?? errors;
      progress = startProgress(io, size, lang === 'zh' ? '测算' : 'comparing');
      const bar = progress;
      const options: CompareFileOptions = {
        asOf: values['as-of'],
        ...pipeline,
        ...(out ? { out, outFormat: values.out!.toLowerCase().endsWith('.csv') ? ('csv' as const) : ('ndjson' as const) } : {}),
        errors,
        signal: stop.signal,
        onProgress: (counts) => bar.update(counts.bytes, lang === 'zh' ? `${counts.rows} 户 · 错误 ${counts.errors}` : `${counts.rows} rows · ${counts.errors} errors`),
      };
      try {
        run = input === STDIN ? await compareStream(before, after, process.stdin, options) : await compareFile(before, after, input, options);
      } catch (error) {
        if (!writeFailure) throw error;
      }
    } finally {
      progress?.stop();
      release();
      await Promise.all([out ? closeOutput(out) : undefined, closeOutput(errors)]).catch((error: unknown) => {
        if (!writeFailure) throw error;
      });
    }
    if (writeFailure) {
      io.err(cannotWrite(writeFailure.file, writeFailure.error, lang));
      return EXIT.cannotWrite;
    }
    const { report, counts } = run!;
    let reportFailed = false;
    if (values.report) {
      try {
        await writeFile(values.report, changeReportHtml(report, lang));
      } catch (error) {
        reportFailed = true; // said after the totals, which must not be lost with it
        io.err(cannotWrite(values.report, error, lang));
      }
    }
    io.out(values.json ? JSON.stringify(report, null, 2) : renderChangeReport(report, lang));
    rowsLine(report, counts.stopped, lang, io);
    if (counts.stopped) return STOPPED;
    if (reportFailed) return EXIT.cannotWrite;
    return counts.errors > 0 ? EXIT.invalidInput : EXIT.ok;
  },
};

/** Rows in = households compared + outside a policy's region + errors: nothing read is lost unsaid. */
function rowsLine(report: ChangeReport, stopped: boolean, lang: Lang, io: CliIo): void {
  const { compared, outside, errors } = report.households;
  if (stopped) io.err(lang === 'zh' ? '已中止：已读入的行均已处理，报告只含这些行。' : 'stopped: every row read was finished; the report covers those rows only.');
  io.err(
    lang === 'zh'
      ? `读入 ${compared + outside + errors} 行 = 比较 ${compared} + 不在政策地区内 ${outside} + 错误 ${errors}`
      : `rows in: ${compared + outside + errors} = compared ${compared} + outside a policy's region ${outside} + errors ${errors}`,
  );
}
