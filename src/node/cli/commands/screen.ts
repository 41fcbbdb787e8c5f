import { accessSync, closeSync, constants, createWriteStream, fstatSync, ftruncateSync, openSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { visibleLine } from '../../../core/text/visible.js';
import cliProgress from 'cli-progress';
import { isRealDate } from '../../../core/household/dates.js';
import { loadPolicy } from '../../policy/load.js';
import { CSV_ENCODINGS, type CsvEncoding } from '../../screen/csvRecords.js';
import { inputFileSize, inputFormat, screenFile, screenStream, type ScreenCounts } from '../../screen/file.js';
import type { FindingsTally, ProgramFindings } from '../../../core/screen/findings.js';
import type { Policy } from '../../../core/policy/types.js';
import type { Lang } from '../../../core/text/template.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { cannotWrite, closeOutput, type CliIo } from '../output.js';

/** The input name that reads standard input. */
export const STDIN = '-';

/** More worker threads than any machine has cores for only costs memory (each holds the policy and its batches). */
const MAX_WORKERS = 256;

/** Exit code of a run stopped by Ctrl-C, SIGTERM or SIGHUP (128 + SIGINT), after finishing the rows already read. */
export const STOPPED = 130;

/**
 * The options of a run of the screening pipeline from the command line (`screen`, `compare`), checked: workers (all
 * cores by default), batch size, input format and encoding; undefined when one is wrong.
 *
 * @example
 * pipelineOptions('people.csv', { workers: '2', encoding: 'gb18030' }) // { workers: 2, batchSize: 1000, encoding: 'gb18030' }
 */
export function pipelineOptions(
  input: string,
  values: { workers?: string; 'batch-size'?: string; format?: string; encoding?: string },
): { workers: number; batchSize: number; format?: 'ndjson' | 'csv'; encoding?: CsvEncoding } | undefined {
  // Digits only: Number('') is 0 and Number('1e3') is 1000, neither what was meant.
  const whole = (text: string | undefined, otherwise: number) => (text === undefined ? otherwise : /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN);
  const workers = whole(values.workers, availableParallelism());
  const batchSize = whole(values['batch-size'], 1000);
  const { format, encoding } = values;
  if (
    !Number.isInteger(workers) || workers > MAX_WORKERS || !Number.isInteger(batchSize) || batchSize < 1 ||
    (format !== undefined && format !== 'ndjson' && format !== 'csv') ||
    (encoding !== undefined && !(CSV_ENCODINGS as readonly string[]).includes(encoding)) ||
    (encoding !== undefined && encoding !== 'utf-8' && inputFormat(input, format as 'ndjson' | 'csv' | undefined) !== 'csv')
  ) {
    return undefined;
  }
  return { workers, batchSize, ...(format ? { format: format as 'ndjson' | 'csv' } : {}), ...(encoding ? { encoding: encoding as CsvEncoding } : {}) };
}

/**
 * What a pipeline command needs, when its command line is wrong.
 *
 * @example
 * io.err(pipelineUsage('zh', '--policy 和 --as-of'))
 */
export function pipelineUsage(lang: Lang, needs: string): string {
  return lang === 'zh'
    ? `需要 <输入文件>、${needs}（YYYY-MM-DD 格式的真实日期）；--workers 为 0 到 ${MAX_WORKERS} 的整数；--format 为 ndjson 或 csv；--encoding 为 utf-8 或 gb18030，仅用于 CSV（标准输入须同时加 --format csv）`
    : `needs <input>, ${needs} (a real date, YYYY-MM-DD); --workers is a whole number from 0 to ${MAX_WORKERS}; --format is ndjson or csv; --encoding is utf-8 or gb18030, for CSV only (from standard input, with --format csv)`;
}

/**
 * `jiuzhu screen <input> --policy P --as-of D [--out FILE] [--errors FILE] [--workers N]`: screens a population
 * file (NDJSON or CSV) into NDJSON results, bad rows into NDJSON errors with their line numbers.
 */
export const screenCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: SPECS.screen.options,
    });
    const input = positionals[0];
    const pipeline = input === undefined ? undefined : pipelineOptions(input, values);
    if (!input || !pipeline || !values.policy || !values['as-of'] || !isRealDate(values['as-of'])) {
      io.err(pipelineUsage(lang, lang === 'zh' ? '--policy 和 --as-of' : '--policy and --as-of'));
      io.err(SPECS.screen.usage[lang]);
      return EXIT.usage;
    }
    const { workers, batchSize, format, encoding } = pipeline;
    // Before anything is read or written: an output that is the input would be emptied before it is read, two
    // outputs in one file would overwrite each other, and a path that cannot be written would fail after the run.
    const named = { '--out': values.out, '--errors': values.errors, '--summary': values.summary };
    const problem = outputProblem(input, named, lang);
    if (problem) {
      io.err(problem.text);
      return problem.exit;
    }
    // Ctrl-C from here on stops the run cleanly, also while the policy is still loading (nothing read yet).
    const { stop, release } = stopOnSignals();
    let out: Writable = process.stdout;
    let errors: Writable = process.stderr;
    const progress = progressReporter(lang);
    let counts!: ScreenCounts & { stopped: boolean };
    let policy: Policy;
    let writeFailure: { file: string; error: unknown } | undefined;
    try {
      policy = await loadPolicy(policySource(values.policy, { io, lang }));
      if (input !== STDIN) inputFileSize(input);
      // Stopped while the policy loaded (the wrong file named?): nothing has been read, so nothing is touched.
      if (stop.signal.aborted) {
        return stoppedBeforeReading(io, lang);
      }
      // Only now, with the policy and the input known good, are the outputs created (or emptied). A write that
      // fails (a full disk) stops the run and is reported, rather than ending it silently or with a stack trace.
      const opened = openPipelineOutputs({ out: values.out, errors: values.errors }, lang, io, (file, error) => {
        writeFailure ??= { file, error };
        stop.abort();
      });
      if ('exit' in opened) return opened.exit;
      out = opened.out ?? out;
      errors = opened.errors ?? errors;
      const options = {
        asOf: values['as-of'],
        ...(format ? { format } : {}),
        ...(encoding ? { encoding } : {}),
        out,
        // `--out found.csv` gives a spreadsheet, with cells that would run as formulas neutralised.
        ...(values.out?.toLowerCase().endsWith('.csv') ? { outFormat: 'csv' as const } : {}),
        errors,
        workers,
        batchSize,
        signal: stop.signal,
        onProgress: progress.update,
      };
      // `-` reads standard input: a pipe from a database export needs no file in between.
      try {
        counts = input === STDIN ? await screenStream(policy, process.stdin, options) : await screenFile(policy, input, options);
      } catch (error) {
        if (!writeFailure) throw error;
      }
    } finally {
      progress.stop();
      release();
      await Promise.all([closeOutput(out), closeOutput(errors)]).catch((error: unknown) => {
        if (!writeFailure) throw error;
      });
    }
    if (writeFailure) {
      io.err(cannotWrite(writeFailure.file, writeFailure.error, lang));
      return EXIT.cannotWrite;
    }
    // The file first: a reader of stderr that has gone (`… 2>&1 | head`) must not cost the platform its summary.
    let summaryFailed = false;
    if (values.summary) {
      try {
        await writeFile(values.summary, `${JSON.stringify(runSummary(input, policy, values['as-of'], counts), null, 2)}\n`);
      } catch (error) {
        summaryFailed = true; // reported after the counts, which must not be lost with it
        io.err(cannotWrite(values.summary, error, lang));
      }
    }
    summary(counts, progress.seconds(), lang, io);
    findingsSummary(counts.findings, policy, lang, io);
    unknownEnrolmentsSummary(counts.unknownEnrolments, lang, io);
    if (counts.stopped) return STOPPED;
    if (summaryFailed) return EXIT.cannotWrite;
    return counts.errors > 0 ? EXIT.invalidInput : EXIT.ok;
  },
};

/**
 * What is wrong with the output files, if anything, found without touching them: one that is the input or another
 * output (the same regular file, by device and inode, so a link or `./x` is caught; devices such as /dev/null may be
 * named twice), or one that cannot be written (a directory, a missing directory, no permission). `compare` checks
 * its outputs with it too.
 *
 * @example
 * outputProblem('people.ndjson', { '--out': 'people.ndjson' }, 'en') // { text: '--out people.ndjson is the same file as the input file: …', exit: 2 }
 */
export function outputProblem(input: string, named: Readonly<Record<string, string | undefined>>, lang: Lang): { text: string; exit: number } | undefined {
  const seen = new Map<string, string>();
  const inputKey = input === STDIN ? stdinKey() : fileKey(input);
  if (inputKey) seen.set(inputKey, lang === 'zh' ? '输入文件' : 'the input file');
  for (const [option, file] of Object.entries(named)) {
    if (file === undefined) continue;
    const key = fileKey(file);
    const other = key === undefined ? undefined : seen.get(key);
    if (other !== undefined) {
      const text =
        lang === 'zh'
          ? `${option} ${file} 与${other}是同一个文件：写入会覆盖${other}。请换一个文件。`
          : `${option} ${file} is the same file as ${other}: writing it would overwrite ${other}. Choose another file.`;
      return { text, exit: EXIT.usage };
    }
    if (key !== undefined) seen.set(key, option);
    const unwritable = writeProblem(file);
    if (unwritable) return { text: cannotWrite(file, unwritable, lang), exit: EXIT.cannotWrite };
  }
  return undefined;
}

/**
 * A regular file's identity: its device and inode (so a link or `./x` is the same file); for a path not yet there,
 * where it will be created. Undefined for a device, a pipe or a terminal, which two outputs may share.
 */
function fileKey(file: string): string | undefined {
  try {
    return keyOf(statSync(file));
  } catch {
    return futurePath(file);
  }
}

/** Standard input's identity when it is a regular file (`< people.ndjson`), which an output must not empty. */
function stdinKey(): string | undefined {
  try {
    return keyOf(fstatSync(0));
  } catch {
    return undefined;
  }
}

function keyOf(stat: Stats): string | undefined {
  return stat.isFile() ? `${stat.dev}:${stat.ino}` : undefined;
}

/**
 * Where a file not yet there will be created: links followed (a dangling link writes its target), and its directory
 * by real path. Paths are joined as text and resolved by the system, never normalised first: `dl/../x` is `x` in
 * the directory above where the link `dl` points, not in the current one.
 */
function futurePath(file: string): string {
  let path = file;
  for (let hops = 0; hops < 40; hops++) {
    let target: string;
    try {
      target = readlinkSync(path);
    } catch {
      break; // not a link: the file itself, still to be made
    }
    path = isAbsolute(target) ? target : `${dirname(path)}/${target}`;
  }
  try {
    // The system's realpath: Node's own normalises `dl/..` as text before following `dl`.
    return join(realpathSync.native(dirname(path)), basename(path));
  } catch {
    return resolve(path);
  }
}

/** Why a file could not be written, checked without creating or emptying it; undefined when it can be. */
function writeProblem(file: string): unknown {
  const isDirectory = Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (file.endsWith('/')) return isDirectory; // names a directory, existing or not
  try {
    if (statSync(file).isDirectory()) return isDirectory;
    accessSync(file, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
    try {
      // a new file (or a dangling link's target): the directory it will be made in must be there, and writable
      accessSync(dirname(futurePath(file)), constants.W_OK);
    } catch (dirError) {
      return dirError;
    }
  }
  return undefined;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM stop a run cleanly from here on (screen and compare): the rows read are finished and
 * reported. `release` gives the signals back.
 *
 * @example
 * const { stop, release } = stopOnSignals();
 * try { await screenFile(policy, file, { asOf, signal: stop.signal }); } finally { release(); }
 */
export function stopOnSignals(): { stop: AbortController; release: () => void } {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A closed terminal or a dropped ssh session sends SIGHUP, which would otherwise end the process mid-write.
  process.once('SIGHUP', onSignal);
  return {
    stop,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
    },
  };
}

/**
 * A pipeline command stopped (Ctrl-C) while its policy loaded: says that nothing was read or touched, and gives the
 * exit code of a stopped run.
 *
 * @example
 * if (stop.signal.aborted) return stoppedBeforeReading(io, lang); // 130
 */
export function stoppedBeforeReading(io: CliIo, lang: Lang): number {
  io.err(lang === 'zh' ? '已中止：尚未读入任何行，输出文件未改动。' : 'stopped before any row was read; no output file was touched.');
  return STOPPED;
}

/**
 * The streams of `--out` and `--errors` (screen and compare), created or emptied all or none — only once the policy
 * and the input are known good; a write that fails later goes to `onFailure`, which stops the run so it is reported
 * rather than ended silently. `{ exit }` when one cannot be opened (said on stderr); an output not named is absent.
 *
 * @example
 * const opened = openPipelineOutputs({ out: 'found.ndjson' }, 'zh', io, (file, error) => stop.abort());
 * if ('exit' in opened) return opened.exit;
 */
export function openPipelineOutputs(
  named: { out?: string | undefined; errors?: string | undefined },
  lang: Lang,
  io: CliIo,
  onFailure: (file: string, error: unknown) => void,
): { out?: Writable; errors?: Writable } | { exit: number } {
  const files = [named.out, named.errors].filter((file): file is string => file !== undefined);
  const opening = openOutputs(files);
  if ('error' in opening) {
    io.err(cannotWrite(opening.file, opening.error, lang));
    return { exit: EXIT.cannotWrite };
  }
  const streams = files.map((file, i) => createWriteStream('', { fd: opening.fds[i]! }).on('error', (error) => onFailure(file, error)));
  return { ...(named.out ? { out: streams[0]! } : {}), ...(named.errors ? { errors: streams[named.out ? 1 : 0]! } : {}) };
}

/**
 * Opens the outputs for writing, all or none: each is opened without emptying it, and only when every one has
 * opened are they emptied — so an output that fails to open (a race with the checks above) costs no other.
 *
 * @example
 * const opening = openOutputs(['found.ndjson', 'bad.ndjson']);
 * if ('fds' in opening) createWriteStream('', { fd: opening.fds[0] });
 */
export function openOutputs(files: readonly string[]): { fds: number[] } | { file: string; error: unknown } {
  const fds: number[] = [];
  for (const file of files) {
    try {
      fds.push(openSync(file, 'a'));
    } catch (error) {
      for (const fd of fds) closeSync(fd);
      return { file, error };
    }
  }
  for (const fd of fds) if (fstatSync(fd).isFile()) ftruncateSync(fd, 0);
  return { fds };
}

/**
 * The run's counts and findings as JSON, for the platform that files them (a dashboard, the month's report): what
 * was screened against which policy, and what was found. No clock time, so the same input gives the same file.
 */
function runSummary(input: string, policy: Policy, asOf: string, counts: ScreenCounts & { stopped: boolean }) {
  const { rows, results, errors, stopped, findings } = counts;
  return {
    input,
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    asOf,
    rows,
    results,
    errors,
    stopped,
    // in the policy's order, as printed; `period` is what missedAmount is per
    findings: Object.fromEntries(foundPrograms(findings, policy).map(({ program, found, period }) => [program.id, { ...found, period }])),
    // households per enrolment program the policy does not have: read as not enrolled
    unknownEnrolments: counts.unknownEnrolments,
  };
}

/**
 * Enrolments in programs the policy does not have (a misspelt id), by households: each is read as no enrolment, so
 * the officer checks these before chasing what was found missed.
 */
function unknownEnrolmentsSummary(unknown: Readonly<Record<string, number>>, lang: Lang, io: CliIo): void {
  const entries = Object.entries(unknown);
  if (entries.length === 0) return;
  const list = entries.map(([program, households]) => (lang === 'zh' ? `“${visibleLine(program)}” ${households} 户` : `"${visibleLine(program)}" ${households}`)).join(lang === 'zh' ? '，' : ', ');
  io.err(
    lang === 'zh'
      ? `登记的享受项目不在本政策中（按未享受计，请核对项目名称）：${list}`
      : `enrolments in programs the policy does not have (read as not enrolled; check the names), households: ${list}`,
  );
}

/** The programs something was found for, in the policy's order, with the period their amounts are per. */
function foundPrograms(findings: Readonly<FindingsTally>, policy: Policy) {
  return policy.programs
    .filter((program) => Object.hasOwn(findings, program.id))
    .map((program) => ({ program, found: findings[program.id]!, period: program.amount?.period ?? 'month' }));
}

/**
 * What the run found, program by program in the policy's order (programs with nothing found are left out): the
 * figures a monitoring officer reports, without reading the output file.
 */
function findingsSummary(findings: Readonly<FindingsTally>, policy: Policy, lang: Lang, io: CliIo): void {
  const found = foundPrograms(findings, policy);
  if (found.length === 0) return;
  io.err(lang === 'zh' ? '发现（户数）：' : 'found (households):');
  for (const { program, found: counts, period } of found) {
    const { missed, review, warn, undetermined, missedAmount, missedAmountPending, missedAmountPendingOn } = counts;
    const on = Object.entries(missedAmountPendingOn)
      .map(([what, households]) => `${visibleLine(what)} ${households}`)
      .join(lang === 'zh' ? '；' : '; ');
    // What finding them would cost, in the program's period; recognitions without cash (低保边缘) have none. Those
    // whose amount waits for information (特困 before the self-care assessment) are counted, not priced.
    const pending =
      missedAmountPending === 0 ? '' : lang === 'zh' ? `，其中 ${missedAmountPending} 户金额待定（待：${on}），未计入` : `; ${missedAmountPending} of them with an amount still to set (waiting on: ${on}), not in it`;
    const cost =
      missedAmount === '0.00' && pending === ''
        ? ''
        : lang === 'zh'
          ? `（${{ month: '每月', year: '每年', once: '一次性' }[period]}合计 ${missedAmount} 元${pending}）`
          : ` (${missedAmount} yuan ${{ month: 'a month', year: 'a year', once: 'once' }[period]} in all${pending})`;
    io.err(
      lang === 'zh'
        ? `  ${program.name.zh}（${program.id}）：应享未享 ${missed}${cost}，应退未退 ${review}，预警 ${warn}${undetermined > 0 ? `，无法确定（待补充信息）${undetermined}` : ''}${managementSummary(counts, lang)}`
        : `  ${program.name.en} (${program.id}): missed ${missed}${cost}, review ${review}, warn ${warn}${undetermined > 0 ? `, undetermined (information missing) ${undetermined}` : ''}${managementSummary(counts, lang)}`,
    );
  }
}

/**
 * Dynamic management's part of a program's summary line — amounts to increase and decrease (with what they come to
 * a month), reviews due, recipients who died — or nothing for a program none of them concerns (most of them).
 */
function managementSummary(found: ProgramFindings, lang: Lang): string {
  const { increase, decrease, increaseAmount, decreaseAmount, reviewDue, deceased } = found;
  if (increase + decrease + reviewDue + deceased === 0) return '';
  return lang === 'zh'
    ? `，增发 ${increase}（每月合计 ${increaseAmount} 元），减发 ${decrease}（每月合计 ${decreaseAmount} 元），到期复核 ${reviewDue}，享受对象死亡 ${deceased}`
    : `, increase ${increase} (${increaseAmount} yuan a month in all), decrease ${decrease} (${decreaseAmount} yuan a month in all), review due ${reviewDue}, recipient died ${deceased}`;
}

/** A progress bar with rate and ETA on a terminal; nothing until the summary otherwise. */
function progressReporter(lang: Lang) {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {}, seconds };
  let bar: cliProgress.SingleBar | undefined;
  // Standard input has no size: rows and rate, with no bar or time left.
  const barOf = (sized: boolean) =>
    new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: sized
          ? lang === 'zh'
            ? '筛查 {bar} {percentage}% | {rows} 户 | {rate} 户/秒 | 错误 {errors} | 剩余 {remaining}'
            : 'screening {bar} {percentage}% | {rows} rows | {rate} rows/s | {errors} errors | ETA {remaining}'
          : lang === 'zh'
            ? '筛查 {rows} 户 | {rate} 户/秒 | 错误 {errors}'
            : 'screening {rows} rows | {rate} rows/s | {errors} errors',
        hideCursor: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
  return {
    update(counts: Readonly<ScreenCounts>) {
      const elapsed = Math.max(seconds(), 0.001);
      // From the average since the start: the reader runs a few batches ahead, so the byte count moves in jumps
      // and a rate over the last moments would swing between nothing and everything.
      const left = counts.bytes > 0 ? ((counts.totalBytes - counts.bytes) * elapsed) / counts.bytes : undefined;
      const payload = { rows: counts.rows, errors: counts.errors, rate: Math.round(counts.rows / elapsed), remaining: duration(left) };
      if (!bar) (bar = barOf(counts.totalBytes > 0)).start(Math.max(counts.totalBytes, 1), counts.bytes, payload);
      else bar.update(counts.bytes, payload);
    },
    stop: () => bar?.stop(),
    seconds,
  };
}

/** Seconds as `12s` or `3m05s`; `…` while unknown. */
function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '…';
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

function summary(counts: ScreenCounts & { stopped: boolean }, seconds: number, lang: Lang, io: CliIo): void {
  const rate = Math.round(counts.rows / Math.max(seconds, 0.001));
  if (counts.stopped) io.err(lang === 'zh' ? '已中止：已读入的行均已处理并写出。' : 'stopped: every row read was finished and written.');
  io.err(
    lang === 'zh'
      ? `用时 ${seconds.toFixed(1)} 秒，${rate} 户/秒`
      : `${seconds.toFixed(1)} s, ${rate} rows/s`,
  );
  io.err(
    lang === 'zh'
      ? `读入 ${counts.rows} 行 = 结果 ${counts.results} + 错误 ${counts.errors}`
      : `rows in: ${counts.rows} = results out: ${counts.results} + errors out: ${counts.errors}`,
  );
}
