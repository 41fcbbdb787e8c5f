// `npm run bench:packaging`: what using jiuzhu costs before it decides anything — the time `import('jiuzhu')` takes,
// the gzipped size of the core bundled for a browser and of the self-check page, and the packages installed with it.
// Writes the "Packaging" section of bench/RESULTS.md (between its markers; `npm run bench` keeps it). Not part of `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bundleCorePage } from '../tests/browser/bundle-core-page.mjs';
import { buildSelfCheck } from '../examples/self-check/build.mjs';
import { PACKAGING_END as END, PACKAGING_START as START } from './packaging-markers.mjs';

const root = join(import.meta.dirname, '..');

// `--before DIR`: a built checkout of an earlier jiuzhu, timed in the same rounds (the machine's load drifts).
const { values } = parseArgs({ options: { before: { type: 'string' } } });

/**
 * The median wall time (ms) of 21 fresh Node processes running each command, taken in turns so that a change in
 * the machine's load touches all of them alike.
 */
function medians(commands, runs = 21) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ code, cwd }, j) => {
      const start = process.hrtime.bigint();
      const { status } = spawnSync(process.execPath, ['-e', code], { cwd });
      if (status !== 0) throw new Error(`node -e "${code}" failed in ${cwd}`);
      times[j].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((list) => Math.round(list.sort((a, b) => a - b)[(runs - 1) / 2]));
}

const [bare, core, node, before] = medians([
  { code: '', cwd: root },
  { code: "import('jiuzhu')", cwd: root },
  { code: "import('jiuzhu/node')", cwd: root },
  ...(values.before ? [{ code: "import('jiuzhu')", cwd: values.before }] : []),
]);
const coreBytes = await bundleCorePage();
const selfCheck = await buildSelfCheck(mkdtempSync(join(tmpdir(), 'jiuzhu-self-check-')));
const gz = (files) => files.reduce((sum, f) => sum + f.gzip, 0);
const guangzhou = selfCheck.filter((f) => !/^chunks\/(hunan|hubei)-/.test(f.file));
const installed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' }).trim().split('\n').length - 1;
const direct = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const section = `${START}
## Packaging

\`npm run bench:packaging -- --before <a built checkout of b8889c5>\`, on ${cpus().length} cores, Node ${process.version}: medians of 21 fresh
processes, before and now taken in turns.

| | before the split (b8889c5) | now |
|---|---:|---:|
| \`node -e "import('jiuzhu')"\` | ${before ?? '?'} ms | ${core} ms |
| \`node -e "import('jiuzhu/node')"\` | — | ${node} ms |
| \`node -e ""\` (Node alone, for scale) | ${bare} ms | ${bare} ms |
| the core bundled for a browser (evaluate, renderExplanation, records; Guangdong's rules inside), gzipped | cannot be bundled (\`fs\`, \`crypto\`, \`worker_threads\` …) | ${kib(gzipSync(coreBytes, { level: 9 }).length)} (${kib(coreBytes.length)} minified) |
| the self-check page, gzipped: all of it / what a Guangzhou visitor loads | — | ${kib(gz(selfCheck))} / ${kib(gz(guangzhou))} |
| runtime dependencies: direct / installed in all (\`npm ls --omit=dev --all\`) | 8 / 22 | ${direct} / ${installed} |

Before, \`import('jiuzhu')\` loaded the whole package — screening, logs, piscina (which reads the machine on import)
and json-rules-engine with its dependencies. Now the core loads only the engine; the bundled policies are read when
\`loadPolicy\` asks for one. json-rules-engine (with clone, eventemitter2, hash-it, jsonpath-plus, jsep …) is an
optional peer of \`jiuzhu/reference\`, and piscina (with its native helper) gave way to a small pool on
\`worker_threads\`; @noble/hashes and csv-stringify came in. Most of the browser bundle is zod (the household and rule
checks) and the rule files.
${END}`;

const file = join(root, 'bench', 'RESULTS.md');
const text = readFileSync(file, 'utf8');
const at = text.indexOf(START);
writeFileSync(file, at < 0 ? `${text.trimEnd()}\n\n${section}\n` : `${text.slice(0, at)}${section}${text.slice(text.indexOf(END) + END.length)}`);
console.log(section);
