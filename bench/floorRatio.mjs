// The floor against (p) in CPU time on one thread, which a loaded machine disturbs far less than the wall clock:
// the same file read and parsed (p), and screened with the floor policy on the calling thread, alternately, best of
// four rounds. On n cores the floor can at best reach n / ratio × (p).
//   node bench/floorRatio.mjs <population.ndjson> [dist directory]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { policyWithoutPrograms } from './floorPolicy.mjs';
import { readAndParse } from './readAndParse.mjs';

const [file, dist = 'dist'] = process.argv.slice(2);
const { loadPolicy, screenFile } = await import(resolve(dist, 'node.js'));
const policy = await policyWithoutPrograms(loadPolicy, await loadPolicy('guangdong'));
/** CPU µs per row of one pass. */
const cpu = async (pass) => {
  const before = process.cpuUsage();
  const rows = await pass();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / rows;
};
const floor = async () => {
  const out = createWriteStream('/dev/null');
  const counts = await screenFile(policy, file, { asOf: '2025-03-01', out, errors: out, workers: 0 });
  out.end();
  await once(out, 'close');
  return counts.rows;
};
const best = { parse: Infinity, floor: Infinity };
for (let round = 0; round < 4; round++) {
  best.parse = Math.min(best.parse, await cpu(async () => readAndParse(file)));
  best.floor = Math.min(best.floor, await cpu(floor));
}
const ratio = best.floor / best.parse;
console.log(`(p) ${best.parse.toFixed(2)} µs/row, floor on one thread ${best.floor.toFixed(2)} µs/row: ${ratio.toFixed(2)} × (p); on 2 cores at best ${(2 / ratio).toFixed(2)} × (p)`);
