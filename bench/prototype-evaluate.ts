// `npx tsx bench/prototype-evaluate.ts <population.ndjson> [rows] [asOf]`: where `evaluate`'s time goes (target (a):
// ≥ 0.12 × (p)), in one process, on one thread, on the same rows: today's evaluate (the compiled programs, fully
// explained), the interpreted engine's, and what deciding alone costs in each engine.
// Not part of `npm test` or `npm run bench`: it reads the engine's own modules (src/), not the package's API.
//
// The codes-only pass decides with the compiled programs and traces every program's reasons as codes, with the
// input's sha256 as evaluate writes it: what evaluate would cost without the figures reasons quote, the breakdown
// steps, the parameters used, citations and messages.
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../src/core/audit/canonical.js';
import { canonicalHouseholdJson } from '../src/core/audit/inputCanonical.js';
import { decideProgramsCompiled } from '../src/core/compiled/decide.js';
import { checkEvaluationInput, decidePrograms, evaluateInterpreted } from '../src/core/engine/evaluate.js';
import { evaluateSync } from '../src/core/evaluate.js';
import { checkHouseholdInput } from '../src/core/household/parse.js';
import { loadPolicy } from '../src/node/index.js';

const [file, rowsText = '20000', asOf = '2025-03-01'] = process.argv.slice(2);
const policy = await loadPolicy('guangdong');
const lines = readFileSync(file!, 'utf8').split('\n').filter(Boolean).slice(0, Number(rowsText));
const all = () => true;

const passes: Record<string, (line: string) => unknown> = {
  '(p) JSON.parse only': (line) => JSON.parse(line),
  '(a) evaluateSync, full explanation': (line) => evaluateSync(policy, JSON.parse(line), { asOf }),
  'interpreted evaluate, full explanation (before stop 28)': (line) => evaluateInterpreted(policy, JSON.parse(line), { asOf }),
  'interpreted decidePrograms, every program traced (codes)': (line) => {
    const input = JSON.parse(line);
    return decidePrograms(policy, checkEvaluationInput(input, asOf), asOf, all);
  },
  'compiled, every program traced (codes), input sha256': (line) => {
    const input = JSON.parse(line);
    const { schemaShaped } = checkHouseholdInput(input);
    const household = checkEvaluationInput(input, asOf);
    const inputSha256 = sha256Hex(canonicalHouseholdJson(input, schemaShaped));
    return { inputSha256, ...decideProgramsCompiled(policy, household, asOf, all) };
  },
  'interpreted decidePrograms, no reasons': (line) => {
    const input = JSON.parse(line);
    return decidePrograms(policy, checkEvaluationInput(input, asOf), asOf);
  },
  'compiled, no reasons (screening decides so)': (line) => {
    const input = JSON.parse(line);
    return decideProgramsCompiled(policy, checkEvaluationInput(input, asOf), asOf);
  },
};
const micros: Record<string, number> = Object.fromEntries(Object.keys(passes).map((name) => [name, Infinity]));
// Rounds take every pass in turn, so that a busy spell on a shared machine does not fall on one pass only.
for (let round = 0; round < 3; round++) {
  for (const [name, pass] of Object.entries(passes)) {
    const before = process.cpuUsage();
    for (const line of lines) {
      try {
        pass(line);
      } catch {
        // a refused row costs what it costs in every pass
      }
    }
    const used = process.cpuUsage(before);
    micros[name] = Math.min(micros[name]!, (used.user + used.system) / lines.length);
  }
}
const p = micros['(p) JSON.parse only']!;
console.log(`${lines.length} rows, CPU µs per row (best of 3 rounds), and the rate as a share of (p):`);
for (const [name, us] of Object.entries(micros)) console.log(`${us.toFixed(1).padStart(8)} µs  ${(p / us).toFixed(3)} × (p)  ${name}`);
