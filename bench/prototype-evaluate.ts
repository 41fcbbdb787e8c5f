// `npx tsx bench/prototype-evaluate.ts <population.ndjson> [rows] [asOf]`: the smallest prototype of a faster
// `evaluate` (target (a): ≥ 0.12 × (p)), measured against today's in one process, on one thread, on the same rows.
// Not part of `npm test` or `npm run bench`: it reads the engine's own modules (src/), not the package's API.
//
// The prototype decides with the compiled programs (src/core/compiled) and traces every program's reasons as codes
// (what a lazily rendered explanation needs to be written later: the rule, code, subject and outcome of each test),
// and writes the input's sha256 as evaluate does. It leaves out what lazy explanations would defer — reasons' quoted
// figures, breakdown steps, the parameters used, citations and messages — so it is a bound on what that design could
// reach, not a finished evaluate.
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../src/core/audit/canonical.js';
import { canonicalHouseholdJson } from '../src/core/audit/inputCanonical.js';
import { decideProgramsCompiled } from '../src/core/compiled/decide.js';
import { checkEvaluationInput, decidePrograms, evaluateSync } from '../src/core/engine/evaluate.js';
import { checkHouseholdInput } from '../src/core/household/parse.js';
import { loadPolicy } from '../src/node/index.js';

const [file, rowsText = '20000', asOf = '2025-03-01'] = process.argv.slice(2);
const policy = await loadPolicy('guangdong');
const lines = readFileSync(file!, 'utf8').split('\n').filter(Boolean).slice(0, Number(rowsText));
const all = () => true;

const passes: Record<string, (line: string) => unknown> = {
  '(p) JSON.parse only': (line) => JSON.parse(line),
  '(a) evaluateSync, full explanation': (line) => evaluateSync(policy, JSON.parse(line), { asOf }),
  'interpreted decidePrograms, every program traced (codes)': (line) => {
    const input = JSON.parse(line);
    return decidePrograms(policy, checkEvaluationInput(input, asOf), asOf, all);
  },
  'prototype: compiled, every program traced (codes), input sha256': (line) => {
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
