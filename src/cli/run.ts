import { readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prettyCanonicalJson } from '../audit/canonical.js';
import { renderExplanation } from '../decision/render.js';
import { evaluate } from '../engine/evaluate.js';
import { JiuzhuError, makeIssue } from '../errors/issue.js';
import { FACTS } from '../facts/catalog.js';
import { BUNDLED_POLICIES } from '../policy/files.js';
import { loadPolicy, type PolicySource } from '../policy/load.js';
import type { Lang } from '../text/template.js';
import { EXIT } from './exitCodes.js';
import { processIo, reportError, type CliIo } from './output.js';

const USAGE = `jiuzhu — 社会救助政策规则引擎 / social-assistance rules engine

Usage:
  jiuzhu evaluate <household.json> --policy <guangdong|hunan|hubei|national|DIR> --as-of <YYYY-MM-DD> [--lang zh|en] [--json]
  jiuzhu validate [DIR ...]          check rule files (default: every bundled policy)
  jiuzhu facts [--lang zh|en]        list the facts rule files may use

Exit codes: 0 ok · 2 usage · 3 invalid input · 4 invalid rule files · 1 internal error`;

/**
 * Runs the `jiuzhu` command with its arguments and returns the exit code (never calls process.exit, so tests can
 * run it in-process).
 *
 * @example
 * await runCli(['evaluate', 'examples/households/guangzhou-2023-prison.json', '--policy', 'guangdong', '--as-of', '2023-06-01'])
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (error) {
    io.err((error as Error).message);
    io.err(USAGE);
    return EXIT.usage;
  }
  const lang: Lang = parsed.values.lang === 'en' ? 'en' : 'zh';
  if (parsed.values.lang !== undefined && parsed.values.lang !== 'zh' && parsed.values.lang !== 'en') {
    io.err(`--lang must be zh or en`);
    return EXIT.usage;
  }
  try {
    switch (command) {
      case 'evaluate':
        return await evaluateCommand(parsed, lang, io);
      case 'validate':
        return await validateCommand(parsed.positionals, lang, io);
      case 'facts':
        return factsCommand(lang, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        io.err(`unknown command: ${command}`);
        io.err(USAGE);
        return EXIT.usage;
    }
  } catch (error) {
    return reportError(error, lang, io);
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      'as-of': { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
}

/** A bundled policy name, or a directory of rule files. */
export function policySource(value: string): PolicySource {
  if (value in BUNDLED_POLICIES) return value;
  if (existsSync(value) && statSync(value).isDirectory()) return { dir: value };
  throw new JiuzhuError('policy', [
    makeIssue('UNKNOWN_POLICY', [], { name: value, options: `${Object.keys(BUNDLED_POLICIES).join(', ')}, or a directory` }),
  ]);
}

async function evaluateCommand(parsed: ReturnType<typeof parse>, lang: Lang, io: CliIo): Promise<number> {
  const file = parsed.positionals[0];
  const policyName = parsed.values.policy;
  const asOf = parsed.values['as-of'];
  if (!file || !policyName || !asOf) {
    io.err(lang === 'zh' ? '需要 <household.json>、--policy 和 --as-of' : 'needs <household.json>, --policy and --as-of');
    io.err(USAGE);
    return EXIT.usage;
  }
  const policy = await loadPolicy(policySource(policyName));
  const household = await readJsonInput(file);
  const decision = await evaluate(policy, household, { asOf });
  io.out(parsed.values.json ? prettyCanonicalJson(decision) : renderExplanation(decision, lang));
  return EXIT.ok;
}

/** Reads a JSON file; a missing file or a syntax error is an input error with a clear message, not a stack trace. */
export async function readJsonInput(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new JiuzhuError('input', [makeIssue('FILE_NOT_FOUND', [], { file })]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JiuzhuError('input', [{ ...makeIssue('INVALID_JSON', [], { detail: (error as Error).message }), file }]);
  }
}

async function validateCommand(dirs: readonly string[], lang: Lang, io: CliIo): Promise<number> {
  const targets: PolicySource[] = dirs.length > 0 ? dirs.map((d) => policySource(d)) : Object.keys(BUNDLED_POLICIES);
  let worst: number = EXIT.ok;
  for (const target of targets) {
    const label = typeof target === 'string' ? target : 'dir' in target ? target.dir : target.document.id;
    try {
      const policy = await loadPolicy(target);
      const counts = `${policy.programs.length} programs, ${policy.parameters.size} parameters`;
      io.out(lang === 'zh' ? `✓ ${label}：规则文件有效（${counts}，sha256 ${policy.sha256.slice(0, 12)}…）` : `✓ ${label}: rule files are valid (${counts}, sha256 ${policy.sha256.slice(0, 12)}…)`);
    } catch (error) {
      io.err(lang === 'zh' ? `✗ ${label}` : `✗ ${label}`);
      worst = Math.max(worst, reportError(error, lang, io));
    }
  }
  return worst;
}

function factsCommand(lang: Lang, io: CliIo): number {
  const rows = [...FACTS.values()].map((fact) => {
    const params = fact.params ? ` params: ${Object.entries(fact.params).map(([k, v]) => `${k}${v.default ? `=${v.default}` : ''}`).join(', ')}` : '';
    const values = fact.values ? ` values: ${fact.values.join(' | ')}` : '';
    return `${fact.name}  [${fact.level}, ${fact.type}]${params}${values}\n    ${fact.description[lang]}`;
  });
  io.out(rows.join('\n'));
  return EXIT.ok;
}
