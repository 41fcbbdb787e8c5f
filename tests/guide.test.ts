import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedProject } from './helpers/installedProject.js';

/**
 * The officers' guide (docs/zh/README.md) shows real commands with their real output. Here it is followed as an
 * officer would, in a project where jiuzhu is installed: each file it shows (a JSON block after
 * `<!-- file: PATH -->`) is written, each `$ ` command of a console block is run, and its output must be the lines
 * shown under it — `…` stands for lines left out; only a sha256 and today's date may differ.
 */

type Step =
  | { kind: 'file'; path: string; text: string }
  | { kind: 'edit'; path: string; from: string; to: string; line: number }
  | { kind: 'command'; command: string; expected: string[]; line: number };

const GUIDE = join(import.meta.dirname, '..', 'docs', 'zh', 'README.md');

function guideSteps(markdown: string): Step[] {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    // An edit the text asks the officer to make by hand, written out for the test: `<!-- edit: PATH: FROM => TO -->`.
    const edit = /^<!-- edit: (\S+): (.+) => (.+) -->$/.exec(lines[i]!);
    if (edit) steps.push({ kind: 'edit', path: edit[1]!, from: edit[2]!, to: edit[3]!, line: i + 1 });
    const fence = /^(\s*)```(json|console)$/.exec(lines[i]!);
    if (!fence) continue;
    const indent = fence[1]!.length;
    const body: string[] = [];
    const start = i + 1;
    for (i += 1; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!.slice(indent));
    if (fence[2] === 'json') {
      const marker = /<!-- file: (\S+) -->/.exec(lines[start - 2] ?? '');
      if (marker) steps.push({ kind: 'file', path: marker[1]!, text: `${body.join('\n')}\n` });
      continue;
    }
    body.forEach((line, at) => {
      if (line.startsWith('$ ')) steps.push({ kind: 'command', command: line.slice(2), expected: [], line: start + at + 1 });
      else (steps.at(-1) as Extract<Step, { kind: 'command' }>).expected.push(line);
    });
  }
  return steps;
}

/** What may differ from run to run: a content hash (the bundled rules change), and the date the command was run. */
function normalised(line: string): string {
  return line
    .replace(/[0-9a-f]{64}/g, '<sha256>')
    .replace(/sha256 [0-9a-f]{12}…/g, 'sha256 <sha256>…')
    .replace(/今天（\d{4}-\d{2}-\d{2}）/g, '今天（<today>）');
}

/** Whether the actual lines are the expected ones, a `…` line standing for any number of lines. */
function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const [head, ...rest] = expected;
  if (head === undefined) return actual.length === 0;
  if (head === '…') return actual.some((_, skip) => matches(rest, actual.slice(skip))) || matches(rest, []);
  return actual[0] !== undefined && normalised(head) === normalised(actual[0]) && matches(rest, actual.slice(1));
}

describe('the officers’ guide in Chinese runs as written', () => {
  const steps = guideSteps(readFileSync(GUIDE, 'utf8'));

  it('every command shows its real output: init, a standard raised, the advice and errors explained, an archive, a city added, test cases, a comparison priced', () => {
    const { project, cli } = installedProject();
    const commands = steps.filter((step) => step.kind === 'command');
    expect(commands.length).toBeGreaterThanOrEqual(15);
    expect(steps.filter((step) => step.kind === 'file').length).toBeGreaterThanOrEqual(8);
    const differences: string[] = [];
    for (const step of steps) {
      if (step.kind === 'file') {
        mkdirSync(dirname(join(project, step.path)), { recursive: true });
        writeFileSync(join(project, step.path), step.text);
        continue;
      }
      if (step.kind === 'edit') {
        const text = readFileSync(join(project, step.path), 'utf8');
        // The text to change must be there, once: otherwise the guide describes a file the officer does not have.
        if (text.split(step.from).length !== 2) differences.push(`docs/zh/README.md:${step.line}: "${step.from}" is not in ${step.path} exactly once`);
        writeFileSync(join(project, step.path), text.replace(step.from, () => step.to));
        continue;
      }
      const shell = step.command.replaceAll('npx jiuzhu', `"${process.execPath}" "${cli}"`);
      const run = spawnSync('sh', ['-c', `{ ${shell}\n} 2>&1`], { cwd: project, encoding: 'utf8' });
      // A command that prints nothing shows no lines under it.
      const actual = run.stdout === '' ? [] : run.stdout.replace(/\n$/, '').split('\n');
      if (!matches(step.expected, actual)) {
        differences.push(`docs/zh/README.md:${step.line}: $ ${step.command}\n--- the guide shows\n${step.expected.join('\n')}\n--- it prints\n${actual.join('\n')}`);
      }
    }
    expect(differences.join('\n\n')).toBe('');
    // Some forty commands, each a fresh process, and a comparison of 2,000 households: minutes on a loaded machine.
  }, 300_000);

  it('the README links the guide, and the guide links the list of every error code', () => {
    expect(readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')).toContain('(docs/zh/README.md)');
    expect(readFileSync(GUIDE, 'utf8')).toContain('(../error-codes.md)');
  });
});
