import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHouseholds, loadPolicy, screenFile } from '../../src/node/index.js';

/**
 * What screening decided for a population of 100,000 generated households, as the sha256 of its output files: made
 * with the engine of main at 5885f09 (before the engine was compiled, issue 17) by
 *   jiuzhu generate --households 100000 --policy guangdong --seed 1 --out people.ndjson
 *   jiuzhu screen people.ndjson --policy guangdong --as-of <date> --out out.ndjson --errors errors.ndjson
 * Any change in a status, an amount, a member, a reason code, a warning or an error row changes a hash. The files
 * are not kept: the population is made again from its seed (its own hash is checked first).
 */
const POPULATION_SHA256 = '89af0459f31b8406c7f11a8c2d765e97b9c46a2b0b85a3806a9f4265e5ebc5f9';
const SCREENED: Record<string, { out: string; errors: string }> = {
  '2025-03-01': {
    out: 'c69a4c17fac4200799f1308c6305c70a6f3c28aed79a02981be5e0dfb72f243e',
    errors: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  // Two years earlier: other standards, and 10,007 rows refused (members born after the date).
  '2023-06-01': {
    out: 'd9f05651535123fa5a126d4d3a4a4b12a462967e5d78f62a42a664663735f75f',
    errors: '17c388a5d96f44e5383b06b5e23c70ca1f489e3137c3ea64eeb0643e62834061',
  },
};

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('screening 100,000 generated households decides exactly as before', () => {
  it('gives byte-identical output and error files on two dates', async () => {
    const policy = await loadPolicy('guangdong');
    let population = '';
    for (const household of generateHouseholds(policy, { households: 100_000, seed: 1 })) population += `${JSON.stringify(household)}\n`;
    expect(sha256(population)).toBe(POPULATION_SHA256);
    const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-fixture-'));
    const people = join(dir, 'people.ndjson');
    writeFileSync(people, population);
    for (const [asOf, expected] of Object.entries(SCREENED)) {
      const out = join(dir, `out-${asOf}.ndjson`);
      const errors = join(dir, `errors-${asOf}.ndjson`);
      const outStream = createWriteStream(out);
      const errorStream = createWriteStream(errors);
      await screenFile(policy, people, { asOf, out: outStream, errors: errorStream, workers: 2 });
      await Promise.all([outStream, errorStream].map((s) => new Promise((done) => s.end(done))));
      expect({ asOf, out: sha256(readFileSync(out)), errors: sha256(readFileSync(errors)) }).toEqual({ asOf, ...expected });
    }
  }, 300_000);
});
