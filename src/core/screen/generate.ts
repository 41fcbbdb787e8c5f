import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { checkEvaluationInput, decidePrograms } from '../engine/evaluate.js';
import { monthsBefore } from '../household/dates.js';
import type { HouseholdInput } from '../household/schema.js';
import { DISABILITY_CATEGORIES, EXCLUSIONS, SELF_CARE_ITEMS, type Area } from '../household/vocabulary.js';
import { isDecimal } from '../money/decimal.js';
import { resolveParameter, type ParameterScope } from '../policy/parameters.js';
import { NATIONAL, regionWithin } from '../policy/regions.js';
import type { Policy } from '../policy/types.js';

export interface GenerateOptions {
  /** How many households. */
  households: number;
  /** The seed: the same seed, policy and date give the same population, byte for byte. */
  seed: number;
  /** The date incomes are placed around the standards of (default 2025-03-01). */
  asOf?: string;
}

/** A standard assumed where a region has none in force (100.000 fen = 1000 yuan), so incomes still have a scale. */
const FALLBACK_STANDARD_FEN = 100_000;

type Rng = ReturnType<typeof xoroshiro128plus>;

/**
 * A seeded synthetic population for benchmarks and tests, in the policy's regions that have a 低保 standard (a
 * city's own layer: that city's only):
 * household sizes 1–6, ages, disabilities and serious illness, students, exclusions (prison …), incomes spread
 * around the local standard (a third below it, a quarter just above, the rest well above), assets, and 低保
 * enrolments — mostly of households below the line, some of households that have since risen above it. For dynamic
 * management, some households have unstable income, and enrolments have an approval date, mostly a last review
 * (some over a year ago), a recorded monthly amount that is often exactly the entitlement and otherwise not, and now
 * and then a member who has died since. Money is built from whole fen; the only randomness is pure-rand's
 * xoroshiro128+ seeded with `seed`.
 *
 * @example
 * for (const household of generateHouseholds(policy, { households: 3, seed: 42 })) console.log(household.id);
 * // g42-0000001, g42-0000002, g42-0000003
 */
export function* generateHouseholds(policy: Policy, options: GenerateOptions): Generator<HouseholdInput> {
  const asOf = options.asOf ?? '2025-03-01';
  const rng = xoroshiro128plus(options.seed);
  const regions = standardRegions(policy);
  const standards = new Map<string, number | undefined>();
  const standardFen = (region: string, area: Area) => {
    const key = `${region}|${area}`;
    if (!standards.has(key)) standards.set(key, standardOf(policy, region, area, asOf));
    return standards.get(key);
  };
  // Dynamic management draws from a stream of its own, far ahead of the first: the households, their incomes and
  // their enrolments are the same as populations generated before these fields existed.
  const managing = rng.clone();
  managing.jump();
  for (let i = 1; i <= options.households; i++) {
    const generated = household(rng, `g${options.seed}-${String(i).padStart(7, '0')}`, regions, standardFen, asOf);
    yield managed(managing, policy, generated, asOf);
  }
}

/**
 * Adds what dynamic management reads: unstable income (about one household in six with a member of working age, few
 * others), and on a 低保 enrolment an approval date (in the month before payment started), a last review (four in
 * five; 0–20 months ago, so some are overdue), the amount the household is entitled to as the recorded amount (a
 * little under half; the rest keep an amount that differs), and in about one enrolled family in twenty-five with two
 * or more members, a member who died in the last six months.
 */
function managed(rng: Rng, policy: Policy, generated: HouseholdInput, asOf: string): HouseholdInput {
  const working = generated.members.some((m) => m.employment === 'employed' || m.employment === 'unemployed');
  if (chance(rng, working ? 18 : 3)) generated.incomeUnstable = true;
  const enrolment = generated.enrolments?.find((e) => e.program === 'dibao');
  if (!enrolment) return generated;
  const since = enrolment.since;
  const approvalMonth = monthsBefore(since, 1);
  enrolment.approvedOn = `${approvalMonth.slice(0, 8)}${String(int(rng, 1, 28)).padStart(2, '0')}`;
  if (chance(rng, 80)) {
    const reviewed = monthsBefore(asOf, int(rng, 0, 20));
    if (reviewed >= since) enrolment.lastReviewed = reviewed;
  }
  if (chance(rng, 45)) {
    const entitled = dibaoEntitlement(policy, generated, asOf);
    if (entitled !== undefined) enrolment.monthlyAmount = entitled;
  }
  // After the amount: a death since the last payment is what makes a recorded amount wrong.
  const others = generated.members.filter((m) => m.relation !== 'applicant' && m.exclusion === undefined);
  if (others.length > 0 && chance(rng, 4)) {
    const member = pick(rng, others);
    const diedOn = monthsBefore(asOf, int(rng, 0, 6));
    if (diedOn > member.birthDate && diedOn >= since) member.diedOn = diedOn;
  }
  return generated;
}

/** The 低保 amount `evaluate` gives the household, when it is granted (not where no standard is in force). */
function dibaoEntitlement(policy: Policy, generated: HouseholdInput, asOf: string): string | undefined {
  // Every generated household is valid (a test holds it to that), so checking it throws nothing.
  const dibao = decidePrograms(policy, checkEvaluationInput(generated, asOf), asOf).programs.find((p) => p.program === 'dibao');
  return dibao?.eligible ? dibao.amount : undefined;
}

/**
 * The regions (cities and their standard classes' members) inside the policy's own region that have a 低保 standard
 * of their own: a city's layer on a province generates that city's households only.
 */
function standardRegions(policy: Policy): string[] {
  const values = policy.parameters.get('dibao.standard')?.values ?? [];
  const regions = new Set<string>();
  for (const value of values) {
    if (value.region && value.region.slice(2) !== '0000') regions.add(value.region);
    if (value.group) for (const [region, groups] of policy.groupsByRegion) if (groups.includes(value.group)) regions.add(region);
  }
  const own = [...regions].filter((region) => regionWithin(region, policy.region));
  return own.length > 0 ? own.sort() : [policy.region === NATIONAL ? '110000' : policy.region];
}

/** The 低保 standard in force for a place, in whole fen; undefined when there is none. */
function standardOf(policy: Policy, region: string, area: Area, asOf: string): number | undefined {
  const scope: ParameterScope = { policy, region, area, asOf, param: (name) => resolveParameter(scope, name) };
  const value = resolveParameter(scope, 'dibao.standard')?.value;
  // Whole fen of the standard (a yearly standard ÷ 12 is cut to the fen: it only sets the scale of incomes).
  return isDecimal(value) ? Number(value.times(100).toFixed(0, 1)) : undefined;
}

const int = (rng: Rng, min: number, max: number) => uniformInt(rng, min, max);
const chance = (rng: Rng, percent: number) => uniformInt(rng, 1, 1000) <= percent * 10;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)]!;

/** Whole fen as a money string: 123456 → "1234.56". */
function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function birthDate(rng: Rng, asOf: string, age: number): string {
  const year = Number(asOf.slice(0, 4)) - age - 1;
  return `${year}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`;
}

const SIZE_WEIGHTS = [18, 26, 24, 18, 9, 5];

function household(
  rng: Rng,
  id: string,
  regions: readonly string[],
  standardFen: (region: string, area: Area) => number | undefined,
  asOf: string,
): HouseholdInput {
  const city = pick(rng, regions);
  const region = city.slice(4) === '00' && chance(rng, 40) ? `${city.slice(0, 4)}${String(int(rng, 2, 20)).padStart(2, '0')}` : city;
  let area: Area = chance(rng, 62) ? 'urban' : 'rural';
  // A place with a standard for one area only (a county's rural standard): its households are of that area, or
  // every one of the others would be undetermined — not a population anyone screens.
  const other: Area = area === 'urban' ? 'rural' : 'urban';
  if (standardFen(region, area) === undefined && standardFen(region, other) !== undefined) area = other;
  let roll = int(rng, 1, 100);
  let size = 1;
  while (roll > SIZE_WEIGHTS[size - 1]! && size < 6) roll -= SIZE_WEIGHTS[size++ - 1]!;
  const standard = standardFen(region, area) ?? FALLBACK_STANDARD_FEN;
  // Per-capita income as a share of the standard, in ‰: a third below, a quarter just above, the rest well above.
  const band = int(rng, 1, 100);
  const permille = band <= 34 ? int(rng, 0, 999) : band <= 58 ? int(rng, 1000, 1250) : int(rng, 1250, 4000);
  const members = people(rng, size, asOf);
  const counted = members.filter((m) => m.exclusion === undefined);
  const earners = counted.filter((m) => m.age >= 18);
  const totalFen = Math.floor((standard * permille * Math.max(counted.length, 1)) / 1000);
  share(rng, totalFen, earners.length > 0 ? earners : counted.slice(0, 1), area);
  const belowLine = permille < 1000;
  const enrolments: NonNullable<HouseholdInput['enrolments']> = [];
  if (belowLine ? chance(rng, 70) : chance(rng, 6)) {
    const exceeded = !belowLine && chance(rng, 50);
    const months = int(rng, 0, 9);
    const [y, m] = [Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)) - months];
    const month = m > 0 ? `${y}-${String(m).padStart(2, '0')}` : `${y - 1}-${String(m + 12).padStart(2, '0')}`;
    enrolments.push({
      program: 'dibao',
      since: `${int(rng, 2015, Number(asOf.slice(0, 4)) - 1)}-${String(int(rng, 1, 12)).padStart(2, '0')}-01`,
      monthlyAmount: yuan(Math.floor((standard * int(rng, 100, 900)) / 1000) * Math.max(counted.length, 1)),
      ...(exceeded ? { incomeFirstExceeded: month, exceededBecause: chance(rng, 60) ? ('employment' as const) : ('other' as const) } : {}),
    });
  }
  return {
    id,
    region,
    area,
    members: members.map(({ age: _age, ...member }) => member),
    assets: assets(rng, standard, counted.length),
    enrolments,
  };
}

type GeneratedMember = NonNullable<HouseholdInput['members']>[number] & { age: number; incomes: NonNullable<HouseholdInput['members'][number]['incomes']> };

function people(rng: Rng, size: number, asOf: string): GeneratedMember[] {
  const applicantAge = int(rng, 22, 88);
  const out: GeneratedMember[] = [];
  for (let i = 0; i < size; i++) {
    const relation = i === 0 ? 'applicant' : i === 1 && chance(rng, 80) ? 'spouse' : applicantAge > 45 && chance(rng, 25) ? 'parent' : 'child';
    const age =
      relation === 'applicant'
        ? applicantAge
        : relation === 'spouse'
          ? Math.max(18, applicantAge + int(rng, -6, 6))
          : relation === 'parent'
            ? Math.min(100, applicantAge + int(rng, 20, 32))
            : Math.max(0, applicantAge - int(rng, 20, 38));
    const member: GeneratedMember = { id: `m${i + 1}`, relation, birthDate: birthDate(rng, asOf, age), age, incomes: [] };
    if (i > 0 && chance(rng, 1.5)) member.exclusion = pick(rng, EXCLUSIONS);
    if (chance(rng, age >= 60 ? 12 : 5)) {
      member.disability = { grade: int(rng, 1, 4), category: pick(rng, DISABILITY_CATEGORIES) };
    }
    if (chance(rng, age >= 50 ? 5 : 1.5)) member.seriousIllness = true;
    if (age >= 6 && age <= 22 && chance(rng, 85)) {
      member.student = { level: age <= 11 ? 'primary' : age <= 14 ? 'juniorSecondary' : age <= 17 ? 'seniorSecondary' : 'undergraduate' };
    }
    if (age >= 18 && age < 60) member.employment = chance(rng, 70) ? 'employed' : chance(rng, 50) ? 'unemployed' : 'notInLabourForce';
    if (age >= 60) member.employment = 'retired';
    if (member.employment === 'unemployed' && chance(rng, 5)) member.refusedJobOffers = int(rng, 1, 4);
    if (age >= 75 && chance(rng, 30)) {
      const failed = int(rng, 1, 6);
      member.selfCare = Object.fromEntries(SELF_CARE_ITEMS.map((item, k) => [item, k >= failed])) as GeneratedMember['selfCare'];
    }
    out.push(member);
  }
  return out;
}

/** Shares a household's monthly countable income (whole fen) among its earners, as wages, pensions or farm income. */
function share(rng: Rng, totalFen: number, earners: GeneratedMember[], area: Area): void {
  let left = totalFen;
  earners.forEach((member, k) => {
    const fen = k === earners.length - 1 ? left : Math.floor((left * int(rng, 30, 80)) / 100);
    left -= fen;
    if (fen <= 0) return;
    if (member.age >= 60) member.incomes.push({ kind: 'pension', amount: yuan(fen), period: 'month' });
    else if (area === 'rural' && chance(rng, 25)) member.incomes.push({ kind: 'business', amount: yuan(fen * 12), period: 'year' });
    else member.incomes.push({ kind: 'wage', amount: yuan(fen), period: 'month' });
    if (chance(rng, 8)) member.incomes.push({ kind: pick(rng, ['scholarship', 'disabilityAllowance', 'award'] as const), amount: yuan(int(rng, 5000, 60000)), period: 'month' });
  });
}

function assets(rng: Rng, standardFen: number, counted: number): NonNullable<HouseholdInput['assets']> {
  const months = chance(rng, 88) ? int(rng, 0, 20) : int(rng, 20, 80);
  return {
    financial: months === 0 ? [] : [{ kind: 'deposit', amount: yuan(standardFen * months * Math.max(counted, 1)) }],
    vehicles: chance(rng, 12) ? [{ value: yuan(int(rng, 1_000_000, 15_000_000)), exempt: chance(rng, 50) }] : [],
    houses: chance(rng, 8) ? [{ exempt: false }, { exempt: false }] : chance(rng, 75) ? [{ exempt: false }] : [],
  };
}
