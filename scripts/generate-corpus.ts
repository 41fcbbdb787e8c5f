// `npm run corpus`: regenerates the no-regression corpus, tests/corpus/records.ndjson — decision records for every
// bundled policy, spanning their programs and outcomes, regions, dates 2019–2026, household shapes and enrolments.
// `npm test` replays every record and fails on any difference, so no engine change silently alters a past decision.
//
// Regenerating is a deliberate act, reviewed like a change of law: run it only when the decisions are meant to change
// (new programs, corrected rules), read what it prints — every decision that differs from the old corpus — and
// commit the corpus with the store/ packs it refers to (it packs the bundled policies first).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_POLICY_NAMES,
  type BundledPolicyName,
  canonicalJson,
  checkHousehold,
  compareDecisions,
  evaluateSync,
  loadPolicy,
  recordLine,
  toRecord,
  type DecisionRecord,
  type Policy,
} from '../src/node/index.js';
import { household, random } from './corpus-households.js';
import { packBundledPolicies } from './pack-store.js';

const CORPUS = join(import.meta.dirname, '..', 'tests', 'corpus', 'records.ndjson');
/** Records kept per policy: at least (4 bundled policies × 52 ≥ 200), and at most (to keep the corpus quick to replay). */
const MIN_PER_POLICY = 52;
const MAX_PER_POLICY = 60;
/** Households tried per policy, from which the corpus is chosen. */
const CANDIDATES = 3000;
/** How often each feature (program outcome, region, year, shape …) should appear, where the candidates allow. */
const EACH_AT_LEAST = 3;
/** Regions beyond those the policy names values for: districts that fall back to their city, cities without values. */
const EXTRA_REGIONS: Record<string, string[]> = {
  national: ['110101', '310104', '440100', '430100', '420100', '510107'],
  guangdong: ['440106', '440111', '440500'],
  hunan: ['430100', '430102', '430200', '431100'],
  hubei: ['420102', '420500', '421300'],
};

/** The regions a policy names values for, inside its own province, and the extra ones above. */
function regionsOf(name: string, policy: Policy): string[] {
  const prefix = policy.region === '000000' ? '' : policy.region.slice(0, 2);
  const known = new Set<string>(EXTRA_REGIONS[name] ?? [`${prefix}0100`]);
  for (const parameter of policy.parameters.values()) {
    for (const value of parameter.values) if ('region' in value && value.region?.startsWith(prefix) && value.region !== '000000') known.add(value.region);
  }
  for (const region of policy.groupsByRegion.keys()) known.add(region);
  return [...known].sort();
}

/** What a record shows, to make sure the corpus shows each of them: outcomes, region, year, shape, warnings. */
function features(record: DecisionRecord): string[] {
  const d = record.decision;
  const input = record.input as { area: string; members: unknown[]; enrolments?: { program: string }[]; events?: unknown[] };
  return [
    ...d.programs.map((p) => `program:${p.program}:${p.status}`),
    `region:${d.region.code}`,
    `year:${d.asOf.slice(0, 4)}`,
    `area:${input.area}`,
    `size:${input.members.length}`,
    `circle:${d.circle.circle}`,
    ...(input.enrolments ?? []).map((e) => `enrolled:${e.program}`),
    ...(input.events?.length ? ['events'] : []),
    ...d.warnings.map((w) => `warning:${w.code}`),
  ];
}

/**
 * Picks the records to keep, in rounds: first every feature once, then twice, … up to {@link EACH_AT_LEAST} times,
 * as long as the policy's share allows; then evenly spread records up to the minimum.
 */
function choose(records: DecisionRecord[]): DecisionRecord[] {
  const shown = records.map(features);
  const seen = new Map<string, number>();
  const chosen = new Set<number>();
  const take = (i: number) => {
    chosen.add(i);
    for (const f of shown[i]!) seen.set(f, (seen.get(f) ?? 0) + 1);
  };
  for (let round = 1; round <= EACH_AT_LEAST; round++) {
    for (let i = 0; i < records.length && chosen.size < MAX_PER_POLICY; i++) {
      if (!chosen.has(i) && shown[i]!.some((f) => (seen.get(f) ?? 0) < round)) take(i);
    }
  }
  for (let i = 0; chosen.size < MIN_PER_POLICY && i < records.length; i += 7) if (!chosen.has(i)) take(i);
  return [...chosen].sort((a, b) => a - b).map((i) => records[i]!);
}

/** Programs no kept record of the policy is eligible for: the candidates never qualified (say so when regenerating). */
function neverEligible(name: string, policy: Policy, records: DecisionRecord[]): string[] {
  return policy.programs
    .filter((program) => !records.some((r) => r.decision.programs.some((p) => p.program === program.id && p.eligible)))
    .map((program) => `${name}:${program.id}`);
}

async function corpusFor(name: BundledPolicyName): Promise<DecisionRecord[]> {
  const policy = await loadPolicy(name);
  const regions = regionsOf(name, policy);
  const programs = policy.programs.map((p) => p.id);
  const changes = [...new Set([...policy.parameters.values()].flatMap((p) => p.values.map((v) => v.from)))].filter((d) => d >= '2019' && d < '2027').sort();
  const r = random([...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
  const records: DecisionRecord[] = [];
  let invalid = 0;
  for (let i = 0; i < CANDIDATES; i++) {
    const { input, asOf } = household(r, `corpus-${name}-${i}`, regions, programs, changes);
    if (!checkHousehold(input).ok) {
      invalid += 1;
      continue;
    }
    records.push(toRecord(evaluateSync(policy, input, { asOf }), input));
  }
  if (invalid > CANDIDATES / 20) throw new Error(`${name}: ${invalid} of ${CANDIDATES} generated households are invalid; fix corpus-households.ts`);
  const chosen = choose(records);
  never.push(...neverEligible(name, policy, chosen));
  return chosen;
}

const never: string[] = [];

/** What changed against the corpus being replaced, by household: the review of a regeneration. */
function reviewAgainstOld(records: DecisionRecord[]): string[] {
  if (!existsSync(CORPUS)) return ['no previous corpus'];
  const old = new Map<string, DecisionRecord>();
  for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as DecisionRecord;
    old.set(`${record.decision.householdId} ${record.asOf}`, record);
  }
  const out: string[] = [];
  const added = new Set<string>();
  const removed = new Set<string>();
  let inputs = 0;
  for (const record of records) {
    const before = old.get(`${record.decision.householdId} ${record.asOf}`);
    if (!before) continue;
    if (canonicalJson(before.input) !== canonicalJson(record.input)) {
      inputs += 1;
      continue;
    }
    for (const change of compareDecisions(before.decision, record.decision).programs) {
      if (!change.before) added.add(`${record.policy.id}:${change.program}`);
      if (!change.after) removed.add(`${record.policy.id}:${change.program}`);
      if (!change.before || !change.after) continue;
      const side = (s: { status: string; amount: string }) => `${s.status} ${s.amount}`;
      const why = [...change.causes, ...change.derived].join(', ') || 'no parameter changed';
      out.push(`  ${record.decision.householdId} ${change.program}: ${side(change.before)} → ${side(change.after)} (${change.amountChange}; ${why})`);
    }
  }
  const kept = records.filter((r) => old.has(`${r.decision.householdId} ${r.asOf}`)).length;
  return [
    `${kept} of ${records.length} households were in the previous corpus (of ${old.size}).`,
    ...(inputs ? [`${inputs} of them have another input now (the generator or a policy's program list changed).`] : []),
    ...(added.size ? [`programs new in their decisions: ${[...added].sort().join(', ')}`] : []),
    ...(removed.size ? [`programs gone from their decisions: ${[...removed].sort().join(', ')}`] : []),
    'decisions that changed for the same input:',
    ...(out.length ? out : ['  none']),
  ];
}

const packs = await packBundledPolicies();
for (const { name, sha256, written } of packs) console.log(`${written ? 'packed' : 'store has'} ${name}: store/${sha256}.json`);
const records: DecisionRecord[] = [];
for (const name of BUNDLED_POLICY_NAMES) records.push(...(await corpusFor(name)));
const review = reviewAgainstOld(records);
writeFileSync(CORPUS, records.map(recordLine).join(''));

const counts = new Map<string, number>();
for (const record of records) for (const f of features(record)) counts.set(`${record.policy.id} ${f}`, (counts.get(`${record.policy.id} ${f}`) ?? 0) + 1);
console.log(`\nwrote ${records.length} records to tests/corpus/records.ndjson\n\ncoverage (policy feature: records):`);
for (const [key, n] of [...counts].sort()) if (key.includes(' program:') || key.includes(' year:')) console.log(`  ${key}: ${n}`);
if (never.length > 0) console.log(`\nnever eligible in the corpus (no generated household qualified): ${never.join(', ')}`);
console.log(`\n${review.join('\n')}`);
