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
  BUNDLED_POLICIES,
  canonicalJson,
  checkHousehold,
  compareDecisions,
  evaluateSync,
  loadPolicy,
  recordLine,
  toRecord,
  type DecisionRecord,
  type Policy,
} from '../src/index.js';
import { household, random } from './corpus-households.js';
import { packBundledPolicies } from './pack-store.js';

const CORPUS = join(import.meta.dirname, '..', 'tests', 'corpus', 'records.ndjson');
/** Records kept per policy at least; more when needed to cover every outcome. */
const PER_POLICY = 55;
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

function choose(records: DecisionRecord[]): DecisionRecord[] {
  const seen = new Map<string, number>();
  const chosen = new Set<number>();
  records.forEach((record, i) => {
    const fs = features(record);
    if (!fs.some((f) => (seen.get(f) ?? 0) < EACH_AT_LEAST)) return;
    chosen.add(i);
    for (const f of fs) seen.set(f, (seen.get(f) ?? 0) + 1);
  });
  for (let i = 0; chosen.size < PER_POLICY && i < records.length; i += 7) chosen.add(i);
  return [...chosen].sort((a, b) => a - b).map((i) => records[i]!);
}

async function corpusFor(name: string): Promise<DecisionRecord[]> {
  const policy = await loadPolicy(name);
  const regions = regionsOf(name, policy);
  const programs = policy.programs.map((p) => p.id);
  const r = random([...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
  const records: DecisionRecord[] = [];
  let invalid = 0;
  for (let i = 0; i < CANDIDATES; i++) {
    const { input, asOf } = household(r, `corpus-${name}-${i}`, regions, programs);
    if (!checkHousehold(input).ok) {
      invalid += 1;
      continue;
    }
    records.push(toRecord(evaluateSync(policy, input, { asOf }), input));
  }
  if (invalid > CANDIDATES / 20) throw new Error(`${name}: ${invalid} of ${CANDIDATES} generated households are invalid; fix corpus-households.ts`);
  return choose(records);
}

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
  for (const record of records) {
    const before = old.get(`${record.decision.householdId} ${record.asOf}`);
    if (!before) continue;
    if (canonicalJson(before.input) !== canonicalJson(record.input)) {
      out.push(`${record.decision.householdId}: input changed (corpus-households.ts changed)`);
      continue;
    }
    for (const change of compareDecisions(before.decision, record.decision).programs) {
      const side = (s?: { status: string; amount: string }) => (s ? `${s.status} ${s.amount}` : 'absent');
      out.push(`${record.decision.householdId} ${change.program}: ${side(change.before)} → ${side(change.after)} (${change.amountChange}; ${change.causes.join(', ') || 'no parameter changed'})`);
    }
  }
  const kept = records.filter((r) => old.has(`${r.decision.householdId} ${r.asOf}`)).length;
  return [`${kept} of ${records.length} households were in the previous corpus (of ${old.size}); decisions that changed for them:`, ...(out.length ? out : ['  none'])];
}

const packs = await packBundledPolicies();
for (const { name, sha256, written } of packs) console.log(`${written ? 'packed' : 'store has'} ${name}: store/${sha256}.json`);
const records: DecisionRecord[] = [];
for (const name of Object.keys(BUNDLED_POLICIES)) records.push(...(await corpusFor(name)));
const review = reviewAgainstOld(records);
writeFileSync(CORPUS, records.map(recordLine).join(''));

const counts = new Map<string, number>();
for (const record of records) for (const f of features(record)) counts.set(`${record.policy.id} ${f}`, (counts.get(`${record.policy.id} ${f}`) ?? 0) + 1);
console.log(`\nwrote ${records.length} records to tests/corpus/records.ndjson\n\ncoverage (policy feature: records):`);
for (const [key, n] of [...counts].sort()) if (key.includes(' program:') || key.includes(' year:')) console.log(`  ${key}: ${n}`);
console.log(`\n${review.join('\n')}`);
