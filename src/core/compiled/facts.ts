import type { Decimal } from 'decimal.js';
import { FACTS, factGetter, resolveFactParams } from '../facts/catalog.js';
import { enrolmentInForce, incomeBasis, memberEnrolled } from '../facts/helpers.js';
import { ageOn } from '../household/dates.js';
import { householdMonthlyIncome, householdMonthlyIncomeFen, memberMonthlyIncome, memberMonthlyIncomeFen } from '../household/income.js';
import type { Member } from '../household/schema.js';
import { Dec, atLeastZero, isDecimal } from '../money/decimal.js';
import { moneyToFen, sumMoney } from '../money/fen.js';
import type { ParameterSlots } from './place.js';
import { SIGNAL, type Run, type Signal, type SignalDetail } from './run.js';
import { amountGranted, grantsHousehold, grantsMember } from '../engine/context.js';
import { Fraction, conditionValueOf, type CValue } from './values.js';

/** A fact as a compiled program reads it: its value, or {@link SIGNAL} when it cannot be worked out. */
export type FactReader = (run: Run, member: Member | undefined) => CValue | Signal;

const NO_COUNTED: SignalDetail = Object.freeze({ kind: 'noCountedMembers' });
const ZERO_FEN = new Fraction(0, 100);

/**
 * Compiles a fact reference. The facts screening reads most — income per head, ages, disability, what earlier
 * programs granted, local options — are read natively, in fen where exact, and what depends only on the place and
 * date (a `flag`, the member's 低保 standard, the CPI) from the place's parameters, looked up once per place. Any other
 * fact is read by the catalog's own code through the interpreted engine's context, cached as the interpreted engine
 * caches it: both engines then read the very same values.
 *
 * @example
 * compileFact('age', {}, slots)(run, member) // 72
 */
export function compileFact(
  name: string,
  givenParams: Readonly<Record<string, string | number | boolean>> | undefined,
  slots: ParameterSlots,
  stepIndex?: ReadonlyMap<string, number>,
): FactReader {
  const fact = FACTS.get(name)!;
  const { params } = resolveFactParams(fact, givenParams);
  switch (name) {
    case 'age':
      return memberCached(slotOf(name), (run, m) => ageOn(m.birthDate, run.ctx.asOf));
    case 'isCounted':
      return (_run, m) => m!.exclusion === undefined;
    case 'relation':
      return (_run, m) => m!.relation;
    case 'exclusion':
      return (_run, m) => m!.exclusion ?? 'none';
    case 'disabilityGrade':
      return (_run, m) => m!.disability?.grade ?? 0;
    case 'disabilityCategory':
      return (_run, m) => m!.disability?.category ?? 'none';
    case 'hasDisabilityCertificate':
      return (_run, m) => m!.disability?.certificate === true;
    case 'hasSeriousIllness':
      return (_run, m) => m!.seriousIllness;
    case 'studentLevel':
      return (_run, m) => m!.student?.level ?? 'none';
    case 'isFullTimeStudent':
      return (_run, m) => m!.student?.fullTime === true;
    case 'employment':
      return (_run, m) => m!.employment ?? 'unknown';
    case 'refusedJobOffers':
      return (_run, m) => m!.refusedJobOffers;
    case 'ruralCollective':
      return (_run, m) => m!.ruralCollective;
    case 'receivesWorkInjuryNursingFee':
      return (_run, m) => m!.workInjuryNursingFee;
    case 'supportSetting':
      return (_run, m) => m!.supportSetting;
    case 'recordedParents':
      return (_run, m) => m!.parents.length;
    case 'countedMembers':
      return (run) => run.ctx.view.counted.length;
    case 'beneficiaryCount':
      return (run) => run.ctx.beneficiaries.length;
    case 'area':
      return (run) => run.ctx.household.area;
    case 'vehicleCount':
      return (run) => run.ctx.household.assets.vehicles.filter((v) => !v.exempt).length;
    case 'houseCount':
      return (run) => run.ctx.household.assets.houses.filter((h) => !h.exempt).length;
    case 'highestVehicleValue':
      return householdCached(slotOf(name), highestVehicleValue);
    case 'financialAssetsPerCapita':
      return householdCached(slotOf(name), financialAssetsPerCapita);
    case 'perCapitaIncome':
      return householdCached(slotOf(name, params), perCapitaIncome(params.basis!));
    case 'memberMonthlyIncome':
      return memberCached(slotOf(name, params), ownIncome(params.basis!));
    case 'isEnrolled':
      return (run) => enrolmentInForce(run.ctx, params.program!) !== undefined;
    case 'isMemberEnrolled':
      return (run, m) => memberEnrolled(run.ctx, params.program!, m!.id);
    case 'householdGranted': {
      const program = slots.programs.get(params.program!);
      const undecided: SignalDetail = Object.freeze({ kind: 'programUndetermined', program: params.program! });
      return (run) => {
        const decided = run.outcome(program);
        if (decided === undefined) return false;
        return grantsHousehold(decided) ?? run.fail(undecided);
      };
    }
    case 'memberGranted': {
      const program = slots.programs.get(params.program!);
      const undecided: SignalDetail = Object.freeze({ kind: 'programUndetermined', program: params.program! });
      return (run, m) => {
        const decided = run.outcome(program);
        if (decided === undefined) return false;
        return grantsMember(decided, m!.id) ?? run.fail(undecided);
      };
    }
    case 'memberProgramAmount': {
      const program = slots.programs.get(params.program!);
      const undecided: SignalDetail = Object.freeze({ kind: 'programUndetermined', program: params.program! });
      return (run, m) => {
        const decided = run.outcome(program);
        const amount = decided === undefined ? null : amountGranted(decided, m!.id);
        if (amount === undefined) return run.fail(undecided);
        if (amount === null) return ZERO_FEN;
        const fen = moneyToFen(amount);
        return fen === undefined ? new Dec(amount) : new Fraction(fen, 100);
      };
    }
    case 'flag': {
      const slot = slots.of(params.parameter!);
      return (run) => run.read(slot).operand === true;
    }
    case 'cpiYearOnYear': {
      const slot = slots.of('price.cpiYearOnYear');
      return (run) => {
        const cpi = run.read(slot);
        return cpi.resolved === undefined ? null : (cpi.fraction ?? (cpi.operand as CValue));
      };
    }
    case 'amountStep': {
      // The value of one of the program's steps worked out so far (nothing before the steps run, as in the
      // interpreted engine, whose step values are those of the program's latest run of its steps).
      const index = stepIndex?.get(params.step!);
      return (run) => {
        const value = index === undefined ? undefined : run.steps[index];
        return value === undefined ? null : conditionValueOf(value);
      };
    }
    case 'personalDibaoStandard': {
      // The rural rate for a member with contracted land or rural collective income, else the place's own.
      const own = slots.of('dibao.standard');
      const rural = slots.of('dibao.standard', 'rural');
      return (run, m) => {
        const standard = run.read(m!.ruralCollective ? rural : own);
        return standard.resolved === undefined ? run.fail(standard.missing) : (standard.fraction ?? (standard.operand as CValue));
      };
    }
  }
  return interpreted(name, params);
}

/** Read by the catalog's own code, in the interpreted engine's context (and cached there as it caches it). */
function interpreted(name: string, params: Readonly<Record<string, string>>): FactReader {
  const get = factGetter(FACTS.get(name)!, params);
  return (run, member) => {
    try {
      return get(run.ctx, member) as CValue;
    } catch (error) {
      return run.failWith(error);
    }
  };
}

/** Where a cached fact's reader keeps its value: the member's slots or the view's (`Run.memberSlots`, `Run.viewSlots`). */
export interface FactCache {
  perMember: boolean;
  slot: number;
}

const caches = new WeakMap<FactReader, FactCache>();

/**
 * Where a fact reader keeps the value it worked out, for code that looks there first (`quickTests.ts`), or undefined
 * for a fact read anew each time.
 *
 * @example
 * factCacheOf(compileFact('age', {}, slots)) // { perMember: true, slot: 0 }
 */
export function factCacheOf(reader: FactReader): FactCache | undefined {
  return caches.get(reader);
}

/** A household fact cached for the view that read it (not while an event is decided: it moves the place). */
function householdCached(slot: number, compute: (run: Run) => CValue | Signal): FactReader {
  return cachedAt({ perMember: false, slot }, (run) => {
    if (run.ctx.event) return compute(run);
    const slots = run.viewSlots();
    const cached = slots[slot];
    if (cached !== undefined) return cached;
    const value = compute(run);
    if (value !== SIGNAL) slots[slot] = value;
    return value;
  });
}

/** A member fact, cached per member: no program changes one (member facts are read only at the household's place). */
function memberCached(slot: number, compute: (run: Run, member: Member) => CValue | Signal): FactReader {
  return cachedAt({ perMember: true, slot }, (run, member) => {
    const slots = run.memberSlots(member!);
    const cached = slots[slot];
    if (cached !== undefined) return cached;
    const value = compute(run, member!);
    if (value !== SIGNAL) slots[slot] = value;
    return value;
  });
}

function cachedAt(cache: FactCache, reader: FactReader): FactReader {
  caches.set(reader, cache);
  return reader;
}

/** The slot of each distinct (fact, params) in the compiled programs' fact caches. */
const SLOTS = new Map<string, number>();

function slotOf(name: string, params: Readonly<Record<string, string>> = {}): number {
  const key = `${name}|${JSON.stringify(params)}`;
  let slot = SLOTS.get(key);
  if (slot === undefined) SLOTS.set(key, (slot = SLOTS.size));
  return slot;
}

/** `perCapitaIncome`: the household's countable income ÷ the counted members, exactly. */
function perCapitaIncome(basisName: string) {
  return (run: Run): CValue | Signal => {
    const ctx = run.ctx;
    const n = ctx.view.counted.length;
    if (n === 0) return run.fail(NO_COUNTED);
    try {
      const basis = incomeBasis(ctx, basisName);
      const fen = householdMonthlyIncomeFen(ctx, basis);
      return fen === undefined ? householdMonthlyIncome(ctx, basis).div(n) : new Fraction(fen, 100 * n);
    } catch (error) {
      return run.failWith(error);
    }
  };
}

/** `memberMonthlyIncome`: the member's own countable income, never below zero. */
function ownIncome(basisName: string) {
  return (run: Run, member: Member): CValue | Signal => {
    try {
      const basis = incomeBasis(run.ctx, basisName);
      const fen = memberMonthlyIncomeFen(run.ctx, member, basis);
      return fen === undefined ? atLeastZero(memberMonthlyIncome(run.ctx, member, basis)) : fen <= 0 ? ZERO_FEN : new Fraction(fen, 100);
    } catch (error) {
      return run.failWith(error);
    }
  };
}

function financialAssetsPerCapita(run: Run): CValue | Signal {
  const n = run.ctx.view.counted.length;
  if (n === 0) return run.fail(NO_COUNTED);
  const amounts = run.ctx.household.assets.financial;
  let fen = 0;
  for (const asset of amounts) {
    const each = moneyToFen(asset.amount);
    if (each === undefined || !Number.isSafeInteger(fen + each)) return sumMoney(amounts.map((a) => a.amount)).div(n);
    fen += each;
  }
  return new Fraction(fen, 100 * n);
}

function highestVehicleValue(run: Run): CValue {
  let highest = 0;
  for (const vehicle of run.ctx.household.assets.vehicles) {
    if (vehicle.exempt) continue;
    const fen = moneyToFen(vehicle.value);
    if (fen === undefined) return exactHighestVehicleValue(run);
    if (fen > highest) highest = fen;
  }
  return new Fraction(highest, 100);
}

function exactHighestVehicleValue(run: Run): CValue {
  return run.ctx.household.assets.vehicles.filter((v) => !v.exempt).reduce((max, v) => Dec.max(max, v.value), new Dec(0));
}

/** Whether a value read from the interpreted engine is a number a condition can compare. */
export function isFigure(value: unknown): value is Decimal | Fraction | number {
  return typeof value === 'number' || value instanceof Fraction || isDecimal(value);
}
