import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHouseholds, loadPolicy, screenFile } from '../../src/node/index.js';

/**
 * What screening decided for a population of 100,000 generated households, as the sha256 of its output files: made
 * with main's interpreted engine at 550b7ff (after issue 13's law fixes, before the engine was compiled: issue 17),
 * by this very test's steps run on a checkout of that commit (generateHouseholds with seed 1, then screenFile with 2
 * workers on each date), so the compiled programs are held to the interpreted engine's output, not to their own.
 * Any change in a status, an amount, a member, a reason code, a warning or an error row changes a hash. The files
 * are not kept: the population is made again from its seed (its own hash is checked first).
 */
const POPULATION_SHA256 = 'dad352684425439717b32d69feebfe0304505531b84e786f0c3b859554fd9746';
const SCREENED: Record<string, { out: string; errors: string }> = {
  '2025-03-01': {
    out: '5535e94b53a76da494eac8be48ced88e7415cb81ea4c8e1880f09d071df59d2b',
    errors: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  // Two years earlier: other standards, and 10,799 rows refused (members born after the date).
  '2023-06-01': {
    out: '00a618c32ac6723153067dea2bcf89f576ef65f8c80092f5c9cdb5f5a59247ba',
    errors: '35432ec7dec4de558581da9523c6c0505102f78176b11888c1bc8d8cc2110e94',
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
