import { fenToMoney } from '../money/decimal.js';
import { moneyToBigFen, moneyToFen } from '../money/fen.js';
import type { Bilingual } from '../text/template.js';
import type { Decision } from '../decision/types.js';
import { programOutcomes, type HouseholdChange, type ProgramOutcome, type ProgramOutcomes } from './household.js';

/** How often a program pays: its amounts are per month, per year, or once (临时救助, per hardship event). */
export type Period = 'month' | 'year' | 'once';

/** A program as the totals name it: id, name and the period its amounts are per. */
export interface ProgramInfo {
  id: string;
  name: Bilingual;
  period: Period;
}

/** A program's figures under one policy: households and persons granted, their amounts in all, households undetermined. */
export interface SideTally {
  households: number;
  persons: number;
  /** Whole fen, per the program's period. */
  amount: bigint;
  undetermined: number;
}

/** A program's figures under both policies, and how households moved between them. */
export interface ProgramTally {
  before: SideTally;
  after: SideTally;
  /** Not granted before (ineligible or undetermined), granted after; and the reverse. */
  newlyEligible: number;
  newlyIneligible: number;
  /** Granted under both, with a higher (lower) amount after. */
  amountUp: number;
  amountDown: number;
}

/** The figures of one place (or of the whole population). */
export interface RegionTally {
  /** Households compared (decided under both policies). */
  households: number;
  /** Households whose decision changed: some program's status or amount is not the same. */
  changed: number;
  /**
   * Households granted no program before and some program after; and the reverse, granted some before and none
   * after. A household that moves between programs (低保边缘 → 低保 when a standard rises) is in neither: it is
   * still assisted, and the programs' own counts show the move.
   */
  newlyEligible: number;
  newlyIneligible: number;
  /** By program id: only programs some household qualifies for, or could not be decided for, on either side. */
  programs: Record<string, ProgramTally>;
}

/**
 * Running totals of a comparison of two policies over a population: plain data (bigint fen), so that worker threads
 * tally their batches and the main thread merges them, and the same totals come from `compare` over a population
 * file and from `replay --against` over a decision log.
 */
export interface ChangeTally {
  /** The period of each program's amounts (what monthly and yearly totals are made from). */
  periods: Record<string, Period>;
  overall: RegionTally;
  /** By city code (the first four digits, `440100`), and by the household's own division code. */
  cities: Record<string, RegionTally>;
  counties: Record<string, RegionTally>;
  /** Households outside the region of one of the policies (a city's own layer): counted, not compared. */
  outside: number;
  /** Rows that could not be decided (an invalid household): counted here, reported with their line elsewhere. */
  errors: number;
  /** Households whose monthly total changed, by how much, in the buckets of {@link DISTRIBUTION_BOUNDS}. */
  distribution: number[];
}

/**
 * Upper bounds (exclusive, whole fen) of the buckets of a household's change in its monthly total: below −1000, −1000
 * to −500, … , 500 to 1000, 1000 and more. Households whose monthly total did not change are not in any bucket.
 */
export const DISTRIBUTION_BOUNDS: readonly number[] = [-100_000, -50_000, -20_000, -10_000, 0, 10_000, 20_000, 50_000, 100_000, Infinity];

/**
 * An empty tally for programs paid per the given periods (both policies' programs: `programInfos(before, after)`).
 *
 * @example
 * const tally = createChangeTally(programInfos(today, raised));
 * tallyHousehold(tally, '440106', change.before, change.after);
 */
export function createChangeTally(programs: readonly Pick<ProgramInfo, 'id' | 'period'>[]): ChangeTally {
  const periods: Record<string, Period> = {};
  for (const p of programs) periods[p.id] = p.period;
  return { periods, overall: regionTally(), cities: {}, counties: {}, outside: 0, errors: 0, distribution: DISTRIBUTION_BOUNDS.map(() => 0) };
}

/**
 * Adds one household, decided under both policies, to the totals: overall, for its city and for its county.
 *
 * @example
 * tallyHousehold(tally, '440106', { dibao: { status: 'eligible', amount: '1952.00', persons: 4 } }, { dibao: { status: 'eligible', amount: '2600.00', persons: 4 } });
 * tally.overall.programs.dibao.amountUp // 1
 */
export function tallyHousehold(tally: ChangeTally, region: string, before: ProgramOutcomes, after: ProgramOutcomes): void {
  let changed = false;
  let grantedAnyBefore = false;
  let grantedAnyAfter = false;
  let monthlyChange = 0;
  const ids = Object.keys(before);
  for (const id of Object.keys(after)) if (!Object.hasOwn(before, id)) ids.push(id);
  const places = [tally.overall, placeTally(tally.cities, cityOf(region)), placeTally(tally.counties, region)];
  for (const id of ids) {
    const a = Object.hasOwn(before, id) ? before[id] : undefined;
    const b = Object.hasOwn(after, id) ? after[id] : undefined;
    const grantedBefore = a?.status === 'eligible';
    const grantedAfter = b?.status === 'eligible';
    const amountBefore = grantedBefore ? fen(a!.amount) : 0;
    const amountAfter = grantedAfter ? fen(b!.amount) : 0;
    if (a?.status !== b?.status || amountBefore !== amountAfter) changed = true;
    grantedAnyBefore ||= grantedBefore;
    grantedAnyAfter ||= grantedAfter;
    if ((tally.periods[id] ?? 'month') === 'month') monthlyChange += amountAfter - amountBefore;
    for (const place of places) {
      const p = programTally(place, id);
      addSide(p.before, a);
      addSide(p.after, b);
      if (!grantedBefore && grantedAfter) p.newlyEligible++;
      else if (grantedBefore && !grantedAfter) p.newlyIneligible++;
      else if (grantedBefore && grantedAfter && amountAfter !== amountBefore) {
        if (amountAfter > amountBefore) p.amountUp++;
        else p.amountDown++;
      }
    }
  }
  for (const place of places) {
    place.households++;
    if (changed) place.changed++;
    if (!grantedAnyBefore && grantedAnyAfter) place.newlyEligible++;
    if (grantedAnyBefore && !grantedAnyAfter) place.newlyIneligible++;
  }
  if (monthlyChange !== 0) tally.distribution[DISTRIBUTION_BOUNDS.findIndex((bound) => monthlyChange < bound)]!++;
}

/**
 * Adds a household compared to a tally (or counts it outside a policy's region); whether its decision changed.
 *
 * @example
 * if (tallyChange(tally, outcome)) changedLines.push(outcome.householdId)
 */
export function tallyChange(tally: ChangeTally, change: HouseholdChange): boolean {
  if (change.outside) {
    tally.outside++;
    return false;
  }
  const changedBefore = tally.overall.changed;
  tallyHousehold(tally, change.region, change.before, change.after);
  return tally.overall.changed > changedBefore;
}

/**
 * Adds a household decided twice — a decision from a log and the same input decided again under another policy
 * (`replay --against`) — to the totals, as `compare` adds the households of a population. A program one policy has
 * and the tally does not know is counted in the period its decision gives.
 *
 * @example
 * const result = await compareWithPolicy(record, raised);
 * if (result.status === 'compared') tallyDecisions(tally, result.recorded, result.compared);
 */
export function tallyDecisions(tally: ChangeTally, before: Decision, after: Decision): void {
  for (const p of [...before.programs, ...after.programs]) if (!Object.hasOwn(tally.periods, p.program)) tally.periods[p.program] = p.period;
  tallyHousehold(tally, after.region.code, programOutcomes(before.programs), programOutcomes(after.programs));
}

/**
 * Adds one tally to another (a batch's to the run's).
 *
 * @example
 * mergeChangeTallies(run, batch)
 */
export function mergeChangeTallies(into: ChangeTally, from: Readonly<ChangeTally>): void {
  for (const [id, period] of Object.entries(from.periods)) if (!Object.hasOwn(into.periods, id)) into.periods[id] = period;
  mergeRegion(into.overall, from.overall);
  for (const [code, place] of Object.entries(from.cities)) mergeRegion(placeTally(into.cities, code), place);
  for (const [code, place] of Object.entries(from.counties)) mergeRegion(placeTally(into.counties, code), place);
  into.outside += from.outside;
  into.errors += from.errors;
  from.distribution.forEach((count, i) => (into.distribution[i] = (into.distribution[i] ?? 0) + count));
}

/**
 * The city a division code belongs to (`440106` → `440100`); a province-level code stands for itself.
 *
 * @example
 * cityOf('440106') // '440100'
 */
export function cityOf(region: string): string {
  return region.slice(2, 4) === '00' ? region : `${region.slice(0, 4)}00`;
}

function regionTally(): RegionTally {
  return { households: 0, changed: 0, newlyEligible: 0, newlyIneligible: 0, programs: {} };
}

function sideTally(): SideTally {
  return { households: 0, persons: 0, amount: 0n, undetermined: 0 };
}

function placeTally(places: Record<string, RegionTally>, code: string): RegionTally {
  if (!Object.hasOwn(places, code)) places[code] = regionTally();
  return places[code]!;
}

function programTally(place: RegionTally, id: string): ProgramTally {
  if (!Object.hasOwn(place.programs, id)) {
    place.programs[id] = { before: sideTally(), after: sideTally(), newlyEligible: 0, newlyIneligible: 0, amountUp: 0, amountDown: 0 };
  }
  return place.programs[id]!;
}

function addSide(side: SideTally, outcome: ProgramOutcome | undefined): void {
  if (outcome === undefined) return;
  if (outcome.status === 'undetermined') {
    side.undetermined++;
    return;
  }
  side.households++;
  side.persons += outcome.persons;
  if (outcome.amount !== '0.00') side.amount += moneyToBigFen(outcome.amount);
}

/** A household's amount in whole fen (a number: one household's amounts stay far inside the exact range). */
function fen(amount: string): number {
  return moneyToFen(amount) ?? Number(moneyToBigFen(amount));
}

function mergeRegion(into: RegionTally, from: Readonly<RegionTally>): void {
  into.households += from.households;
  into.changed += from.changed;
  into.newlyEligible += from.newlyEligible;
  into.newlyIneligible += from.newlyIneligible;
  for (const [id, p] of Object.entries(from.programs)) {
    const total = programTally(into, id);
    mergeSide(total.before, p.before);
    mergeSide(total.after, p.after);
    total.newlyEligible += p.newlyEligible;
    total.newlyIneligible += p.newlyIneligible;
    total.amountUp += p.amountUp;
    total.amountDown += p.amountDown;
  }
}

function mergeSide(into: SideTally, from: Readonly<SideTally>): void {
  into.households += from.households;
  into.persons += from.persons;
  into.amount += from.amount;
  into.undetermined += from.undetermined;
}

/** Money totals before and after, and the change (signed), as decimal strings. */
export interface MoneyChange {
  before: string;
  after: string;
  change: string;
}

/** A program's totals in a report: figures on each side, movements, and the cost in its period, a month and a year. */
export interface ProgramTotals {
  program: string;
  name: Bilingual;
  period: Period;
  before: { households: number; persons: number; undetermined: number; amount: string };
  after: { households: number; persons: number; undetermined: number; amount: string };
  newlyEligible: number;
  newlyIneligible: number;
  amountUp: number;
  amountDown: number;
  /** The amounts in all, per the program's period. */
  cost: MoneyChange;
  /** A month's cost: for programs paid monthly; absent for yearly and one-off programs. */
  monthly?: MoneyChange;
  /** A year's cost: 12 × the monthly cost, or the yearly amounts; absent for one-off programs (see `once`). */
  yearly?: MoneyChange;
}

/** The totals of a place (or of the whole population). */
export interface RegionTotals {
  /** The division code; `all` for the whole population. */
  region: string;
  households: number;
  changed: number;
  newlyEligible: number;
  newlyIneligible: number;
  /** Every monthly program together, a month (exact); × 12 for a year, plus the yearly programs. */
  monthly: MoneyChange;
  yearly: MoneyChange;
  /** One-off payments (临时救助 for the hardship events recorded): not part of the yearly figure. */
  once: MoneyChange;
  /** In the policies' order; programs no household qualifies for on either side are left out. */
  programs: ProgramTotals[];
}

/**
 * A tally as totals to print and file: overall, per city and per county (in code order), money as exact decimal
 * strings. A year is 12 × a month exactly, plus the programs paid yearly; one-off payments (临时救助, per hardship
 * event) are totalled apart (`once`) and left out of the year, since the events recorded are not a year's events.
 *
 * @example
 * const { overall } = changeTotals(tally, programInfos(today, raised));
 * overall.yearly.change // '+12345600.00'
 */
export function changeTotals(tally: Readonly<ChangeTally>, programs: readonly ProgramInfo[]): { overall: RegionTotals; cities: RegionTotals[]; counties: RegionTotals[] } {
  const byCode = (places: Record<string, RegionTally>) =>
    Object.keys(places)
      .sort()
      .map((code) => regionTotals(code, places[code]!, programs, tally.periods));
  return { overall: regionTotals('all', tally.overall, programs, tally.periods), cities: byCode(tally.cities), counties: byCode(tally.counties) };
}

function regionTotals(region: string, place: Readonly<RegionTally>, programs: readonly ProgramInfo[], periods: Readonly<Record<string, Period>>): RegionTotals {
  const sums = { month: [0n, 0n], year: [0n, 0n], once: [0n, 0n] } as Record<Period, [bigint, bigint]>;
  const listed: ProgramTotals[] = [];
  const known = new Set(programs.map((p) => p.id));
  const infos = [...programs, ...Object.keys(place.programs).filter((id) => !known.has(id)).map((id) => ({ id, name: { zh: id, en: id }, period: periods[id] ?? 'month' }))];
  for (const info of infos) {
    if (!Object.hasOwn(place.programs, info.id)) continue;
    const p = place.programs[info.id]!;
    const period = periods[info.id] ?? info.period;
    sums[period][0] += p.before.amount;
    sums[period][1] += p.after.amount;
    const cost = money(p.before.amount, p.after.amount);
    listed.push({
      program: info.id,
      name: info.name,
      period,
      before: { ...p.before, amount: fenToMoney(p.before.amount) },
      after: { ...p.after, amount: fenToMoney(p.after.amount) },
      newlyEligible: p.newlyEligible,
      newlyIneligible: p.newlyIneligible,
      amountUp: p.amountUp,
      amountDown: p.amountDown,
      cost,
      ...(period === 'month' ? { monthly: cost, yearly: money(p.before.amount * 12n, p.after.amount * 12n) } : {}),
      ...(period === 'year' ? { yearly: cost } : {}),
    });
  }
  return {
    region,
    households: place.households,
    changed: place.changed,
    newlyEligible: place.newlyEligible,
    newlyIneligible: place.newlyIneligible,
    monthly: money(sums.month[0], sums.month[1]),
    yearly: money(sums.month[0] * 12n + sums.year[0], sums.month[1] * 12n + sums.year[1]),
    once: money(sums.once[0], sums.once[1]),
    programs: listed,
  };
}

function money(before: bigint, after: bigint): MoneyChange {
  const change = after - before;
  return { before: fenToMoney(before), after: fenToMoney(after), change: `${change < 0n ? '' : '+'}${fenToMoney(change)}` };
}

/**
 * The distribution of households' monthly changes as labelled buckets: from (inclusive) and to (exclusive), in yuan,
 * `null` for an open end.
 *
 * @example
 * distributionBuckets(tally) // [{ from: null, to: '-1000.00', households: 0 }, …, { from: '1000.00', to: null, households: 3 }]
 */
export function distributionBuckets(tally: Readonly<ChangeTally>): { from: string | null; to: string | null; households: number }[] {
  return DISTRIBUTION_BOUNDS.map((bound, i) => {
    const lower = i === 0 ? null : DISTRIBUTION_BOUNDS[i - 1]!;
    // The bucket above 0 starts at 0.01: no change is in no bucket.
    const from = lower === null ? null : lower === 0 ? '0.01' : fenToMoney(lower);
    return { from, to: bound === Infinity ? null : fenToMoney(bound), households: tally.distribution[i] ?? 0 };
  });
}
