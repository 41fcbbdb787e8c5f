import type { Lang } from '../../core/text/template.js';
import type { Command } from './command.js';
import { evaluateCommand } from './commands/evaluate.js';
import { factsCommand } from './commands/facts.js';
import { policyCommand } from './commands/policy.js';
import { purchaseCapCommand } from './commands/purchaseCap.js';
import { replayCommand } from './commands/replay.js';
import { generateCommand } from './commands/generate.js';
import { screenCommand } from './commands/screen.js';
import { validateCommand } from './commands/validate.js';
import { EXIT } from './exitCodes.js';
import { processIo, reportError, type CliIo } from './output.js';

/** Every command of `jiuzhu`; a new command is a file in commands/ and one line here. */
const COMMANDS: readonly Command[] = [
  evaluateCommand,
  validateCommand,
  factsCommand,
  screenCommand,
  generateCommand,
  purchaseCapCommand,
  policyCommand,
  replayCommand,
];

/** The usage of every command, or of one (`jiuzhu screen --help`). */
function usage(commands: readonly Command[] = COMMANDS): string {
  return [
    'jiuzhu — 社会救助政策规则引擎 / social-assistance rules engine',
    '',
    'Usage:',
    ...commands.map((c) => `  ${c.usage}`),
    '',
    'Exit codes: 0 ok · 2 usage · 3 invalid input (screen: some rows failed) · 4 invalid rule files · 5 over the purchase cap · 6 replay: not all identical · 7 cannot write an output · 130 stopped · 1 internal error',
  ].join('\n');
}

/**
 * Runs the `jiuzhu` command with its arguments and returns the exit code (never calls process.exit, so tests can
 * run it in-process).
 *
 * @example
 * await runCli(['evaluate', 'examples/households/guangzhou-2023-prison.json', '--policy', 'guangdong', '--as-of', '2023-06-01'])
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args; // after `--`, `-h` is a file name
  const langAt = options.indexOf('--lang');
  const langValue = options.find((a) => a.startsWith('--lang='))?.slice('--lang='.length) ?? (langAt >= 0 ? options[langAt + 1] : undefined);
  if (langValue !== undefined && langValue !== 'zh' && langValue !== 'en') {
    io.err('--lang must be zh or en');
    return EXIT.usage;
  }
  const lang: Lang = langValue === 'en' ? 'en' : 'zh';
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command: ${name}`);
    io.err(usage());
    return EXIT.usage;
  }
  if (options.includes('--help') || options.includes('-h')) {
    io.out(usage([command]));
    return EXIT.ok;
  }
  try {
    return await command.run({ args, lang, io });
  } catch (error) {
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(error.message);
      io.err(usage());
      return EXIT.usage;
    }
    return reportError(error, lang, io);
  }
}
