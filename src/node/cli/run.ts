import { parseArgs } from 'node:util';
import { nearestName } from '../../core/text/nearest.js';
import type { Lang } from '../../core/text/template.js';
import { ENGINE_VERSION } from '../../core/version.js';
import type { Command } from './command.js';
import { COMMANDS, type CommandSpec, type SPECS } from './specs.js';
import { EXIT } from './exitCodes.js';
import { JiuzhuError } from '../../core/errors/issue.js';
import { processIo, reportError, type CliIo } from './output.js';

/** Each command's module, loaded only when it runs: `jiuzhu --help` loads none. */
const LOADERS: Record<keyof typeof SPECS, () => Promise<Command>> = {
  evaluate: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
  test: async () => (await import('./commands/test.js')).testCommand,
  facts: async () => (await import('./commands/facts.js')).factsCommand,
  screen: async () => (await import('./commands/screen.js')).screenCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  'purchase-cap': async () => (await import('./commands/purchaseCap.js')).purchaseCapCommand,
  policy: async () => (await import('./commands/policy.js')).policyCommand,
  replay: async () => (await import('./commands/replay.js')).replayCommand,
  'verify-log': async () => (await import('./commands/replay.js')).verifyLogCommand,
};

const TEXT = {
  zh: {
    title: 'jiuzhu —— 社会救助政策规则引擎',
    usage: '用法：jiuzhu <命令> [选项]',
    commands: '命令：',
    options: '选项：',
    example: '示例：',
    more: '查看一个命令的全部选项：jiuzhu <命令> --help（英文加 --lang en）',
    version: '显示版本',
    help: '显示本帮助',
    exitCodes: '退出码：0 成功 · 2 命令行有误 · 3 输入无效（筛查：有出错行）· 4 规则文件无效 · 5 超出购买服务上限 · 6 重放不全一致或日志链不完整 · 7 输出无法写入 · 8 测试用例未通过 · 130 已中止 · 1 内部错误',
    unknownCommand: '未知的命令“{name}”',
    unknownOption: '{command} 没有选项 {option}',
    didYouMean: '，是否想输入 {suggestion}？',
    badLang: '--lang 只能是 zh 或 en',
  },
  en: {
    title: 'jiuzhu — social-assistance rules engine',
    usage: 'usage: jiuzhu <command> [options]',
    commands: 'Commands:',
    options: 'Options:',
    example: 'Example:',
    more: "Every option of a command: jiuzhu <command> --help --lang en",
    version: 'print the version',
    help: 'print this help',
    exitCodes: 'Exit codes: 0 ok · 2 usage · 3 invalid input (screen: some rows failed) · 4 invalid rule files · 5 over the purchase cap · 6 replay/verify-log: not all identical, or the chain not whole · 7 cannot write an output · 8 a test case failed · 130 stopped · 1 internal error',
    unknownCommand: 'unknown command "{name}"',
    unknownOption: '{command} has no option {option}',
    didYouMean: '; did you mean {suggestion}?',
    badLang: '--lang must be zh or en',
  },
} as const;

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

/** The help of the whole command line: every command with what it does. */
function overview(lang: Lang): string {
  const t = TEXT[lang];
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    t.title,
    '',
    t.usage,
    '',
    t.commands,
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary[lang]}`),
    '',
    t.options,
    `  ${'--version'.padEnd(width + 8)}${t.version}`,
    `  ${'-h, --help'.padEnd(width + 8)}${t.help}`,
    `  ${'--lang <zh|en>'.padEnd(width + 8)}${lang === 'zh' ? '消息语言（默认 zh）' : 'language of messages (default zh)'}`,
    '',
    t.more,
    t.exitCodes,
  ].join('\n');
}

/** One command's help: what it does, its usage, every option, an example. */
function commandHelp(spec: CommandSpec, lang: Lang): string {
  const t = TEXT[lang];
  const flags = Object.entries(spec.options).map(([name, option]) => [`--${name}${option.value ? ` ${option.value[lang]}` : ''}`, option.help[lang]] as const);
  const rows = [...flags, ['-h, --help', t.help] as const];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    `jiuzhu ${spec.name}${lang === 'zh' ? ' —— ' : ' — '}${spec.summary[lang]}`,
    '',
    spec.usage[lang],
    '',
    t.options,
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    '',
    t.example,
    `  ${spec.example}`,
  ].join('\n');
}

/** `--flag` as the user wrote it, for messages: `--polcy=x` → `--polcy`. */
const flagOf = (arg: string) => arg.split('=')[0]!;

/**
 * The first flag a command does not have, with the one probably meant; checked before the command is loaded, so
 * that a misspelt flag costs nothing to report.
 */
function unknownFlag(spec: CommandSpec, args: readonly string[]): { flag: string; suggestion?: string } | undefined {
  try {
    parseArgs({ args: [...args], options: spec.options, allowPositionals: true, strict: true });
    return undefined;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined; // the command reports the rest
    const flag = args.map(flagOf).find((a) => a.startsWith('-') && a !== '-' && a !== '--' && !Object.hasOwn(spec.options, a.replace(/^--?/, '')) && a !== '-h' && a !== '--help');
    if (!flag) return undefined;
    const known = Object.keys(spec.options).map((name) => `--${name}`);
    return { flag, suggestion: nearestName(flag, known) };
  }
}

/**
 * Runs the `jiuzhu` command with its arguments and returns the exit code (never calls process.exit, so tests can
 * run it in-process). Only the command asked for is loaded.
 *
 * @example
 * await runCli(['evaluate', 'examples/households/guangzhou-2023-prison.json', '--policy', 'guangdong', '--as-of', '2023-06-01'])
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args; // after `--`, `-h` is a file name
  const all = name?.startsWith('-') ? argv : options;
  const langAt = all.indexOf('--lang');
  const langValue = all.find((a) => a.startsWith('--lang='))?.slice('--lang='.length) ?? (langAt >= 0 ? all[langAt + 1] : undefined);
  if (langValue !== undefined && langValue !== 'zh' && langValue !== 'en') {
    io.err(TEXT.zh.badLang);
    return EXIT.usage;
  }
  const lang: Lang = langValue === 'en' ? 'en' : 'zh';
  if (name === '--version' || name === '-v') {
    io.out(ENGINE_VERSION);
    return EXIT.ok;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h' || name === '--lang' || name.startsWith('--lang=')) {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === args[0]) : undefined;
    io.out(topic ? commandHelp(topic, lang) : overview(lang));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    const suggestion = nearestName(name, COMMANDS.map((c) => c.name));
    io.err(fill(TEXT[lang].unknownCommand, { name }) + (suggestion ? fill(TEXT[lang].didYouMean, { suggestion: `jiuzhu ${suggestion}` }) : ''));
    io.err(TEXT[lang].usage);
    return EXIT.usage;
  }
  if (options.includes('--help') || options.includes('-h')) {
    io.out(commandHelp(spec, lang));
    return EXIT.ok;
  }
  const unknown = unknownFlag(spec, options);
  if (unknown) {
    io.err(fill(TEXT[lang].unknownOption, { command: `jiuzhu ${spec.name}`, option: unknown.flag }) + (unknown.suggestion ? fill(TEXT[lang].didYouMean, { suggestion: unknown.suggestion }) : ''));
    io.err(spec.usage[lang]);
    return EXIT.usage;
  }
  try {
    const command = await LOADERS[spec.name as keyof typeof SPECS]();
    return await command.run({ args, lang, io });
  } catch (error) {
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(error.message);
      io.err(spec.usage[lang]);
      return EXIT.usage;
    }
    // A program that asked for JSON reads the problems as JSON on stdout, the people the text on stderr.
    if (error instanceof JiuzhuError && wantsJson(spec, options)) io.out(JSON.stringify({ ok: false, kind: error.kind, issues: error.issues }, null, 2));
    return reportError(error, lang, io);
  }
}

/** Whether the command has `--json` and it was given. */
function wantsJson(spec: CommandSpec, options: readonly string[]): boolean {
  return Object.hasOwn(spec.options, 'json') && options.some((arg) => arg === '--json' || arg === '--json=true');
}
