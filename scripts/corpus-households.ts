// Households for the no-regression corpus (see generate-corpus.ts): varied, valid, and the same every time for the
// same seed — a small PRNG of our own, so that neither a library upgrade nor a new program changes the inputs, and a
// regenerated corpus differs from the old one only where decisions changed.
import {
  DISABILITY_CATEGORIES,
  EXCLUSIONS,
  FINANCIAL_ASSET_KINDS,
  HARDSHIP_EVENT_KINDS,
  HARDSHIP_EVENT_TYPES,
  INCOME_KINDS,
  PARENT_SITUATIONS,
  RIGID_EXPENDITURE_CATEGORIES,
  SUPPORTER_INCAPACITIES,
} from '../src/core/household/vocabulary.js';

/** mulberry32: a tiny, well-known 32-bit PRNG; plenty for picking test data. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, chance, pick };
}
export type Random = ReturnType<typeof random>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const yuan = (r: Random, max: number) => (r.chance(0.8) ? `${r.int(0, max)}.00` : `${r.int(0, max)}.${pad(r.int(0, 99))}`);

/** A date `years` (fractional) before `asOf`, never after it. */
function dateBefore(r: Random, asOf: string, minYears: number, maxYears: number): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const back = r.int(Math.round(minYears * 12), Math.round(maxYears * 12));
  const months = y * 12 + (m - 1) - back;
  const day = back === 0 ? r.int(1, d) : r.int(1, 28);
  return `${Math.floor(months / 12)}-${pad((months % 12) + 1)}-${pad(day)}`;
}

function monthBefore(asOf: string, back: number): string {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const months = y * 12 + (m - 1) - back;
  return `${Math.floor(months / 12)}-${pad((months % 12) + 1)}`;
}

const COUNTED_KINDS = ['wage', 'wage', 'wage', 'business', 'pension', 'pension', 'supportReceived', 'other', 'unemploymentBenefit'] as const;

function incomes(r: Random, age: number) {
  if (r.chance(0.4)) return [];
  return Array.from({ length: r.int(1, 3) }, () => {
    const kind = r.chance(0.75) ? (age >= 60 && r.chance(0.5) ? 'pension' : r.pick(COUNTED_KINDS)) : r.pick(INCOME_KINDS);
    const period = r.chance(0.75) ? 'month' : r.pick(['year', 'once'] as const);
    const amount = yuan(r, period === 'month' ? 3500 : period === 'year' ? 30000 : 12000);
    return { kind, amount, period };
  });
}

function studentLevel(age: number) {
  if (age < 6) return 'preschool';
  if (age < 12) return 'primary';
  if (age < 15) return 'juniorSecondary';
  if (age < 18) return 'seniorSecondary';
  return age < 22 ? 'undergraduate' : 'postgraduate';
}

function member(r: Random, id: string, relation: string, age: number, asOf: string, area: string) {
  const m: Record<string, unknown> = { id, relation, birthDate: dateBefore(r, asOf, age, age + 0.9) };
  if (r.chance(0.05)) m.exclusion = r.pick(EXCLUSIONS);
  m.incomes = age < 16 ? [] : incomes(r, age);
  if (r.chance(0.15)) m.disability = { grade: r.int(1, 4), category: r.pick(DISABILITY_CATEGORIES) };
  if (r.chance(0.1)) m.seriousIllness = true;
  if (age >= 6 && age <= 24 && r.chance(0.7)) m.student = { level: studentLevel(age) };
  if (age >= 16) m.employment = age >= 60 ? r.pick(['retired', 'notInLabourForce', 'employed'] as const) : r.pick(['employed', 'selfEmployed', 'unemployed', 'unemployed', 'notInLabourForce'] as const);
  if (r.chance(0.05)) m.refusedJobOffers = r.int(1, 3);
  if ((age >= 60 || m.disability) && r.chance(0.4)) {
    const can = () => r.chance(0.5);
    m.selfCare = { eating: can(), dressing: can(), transferring: can(), toileting: can(), walkingIndoors: can(), bathing: can() };
  }
  if (area === 'rural' && r.chance(0.5)) m.ruralCollective = true;
  if ((age >= 60 || age < 18 || m.disability) && r.chance(0.3)) {
    m.supporters = Array.from({ length: r.int(1, 2) }, () => ({
      relation: age < 18 ? 'parent' : 'child',
      birthDate: dateBefore(r, asOf, age < 18 ? 30 : 25, age < 18 ? 50 : 45),
      ...(r.chance(0.6) ? { monthlyIncome: yuan(r, 6000) } : {}),
      ...(r.chance(0.3) ? { incapacity: r.pick(SUPPORTER_INCAPACITIES) } : {}),
      ...(r.chance(0.1) ? { isDibaoRecipient: true } : {}),
    }));
  }
  if (age < 18 && r.chance(0.35)) {
    const parent = (relation: 'mother' | 'father') => ({ relation, situation: r.pick(PARENT_SITUATIONS), since: dateBefore(r, asOf, 0.5, 5) });
    m.parents = r.chance(0.5) ? [parent('mother'), parent('father')] : [parent(r.pick(['mother', 'father'] as const))];
  }
  return m;
}

const OTHERS = [
  ['spouse', 25, 80],
  ['child', 0, 30],
  ['child', 0, 17],
  ['parent', 55, 95],
  ['grandchild', 0, 16],
  ['sibling', 20, 70],
  ['grandparent', 70, 98],
] as const;

/**
 * One household for a policy: region, area, date between 2019 and 2026 (often in the month a parameter of the policy
 * takes a new value, where decisions change), 1–6 members of all ages, incomes of every kind and period,
 * disabilities, self-care, supporters, parents, assets, rigid expenditures, hardship events, and sometimes enrolments
 * in the policy's own programs (e.g. a 低保 family whose income rose, for 渐退期).
 */
export function household(r: Random, id: string, regions: readonly string[], programs: readonly string[], changes: readonly string[]) {
  const region = r.pick(regions);
  const area = r.pick(['urban', 'rural'] as const);
  const asOf =
    changes.length > 0 && r.chance(0.35)
      ? `${r.pick(changes).slice(0, 8)}${pad(r.int(1, 28))}`
      : `${r.int(2019, 2026)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
  const size = r.pick([1, 1, 2, 2, 3, 3, 4, 4, 5, 6]);
  const applicantAge = r.chance(0.3) ? r.int(60, 95) : r.int(18, 70);
  const members = [member(r, 'm1', 'applicant', applicantAge, asOf, area)];
  for (let i = 2; i <= size; i++) {
    const [relation, min, max] = r.pick(OTHERS);
    members.push(member(r, `m${i}`, relation, r.int(min, max), asOf, area));
  }
  const input: Record<string, unknown> = {
    id,
    region,
    area,
    members,
    assets: {
      financial: Array.from({ length: r.int(0, 2) }, () => ({ kind: r.pick(FINANCIAL_ASSET_KINDS), amount: yuan(r, r.chance(0.7) ? 20000 : 80000) })),
      vehicles: r.chance(0.1) ? [{ value: yuan(r, 80000), exempt: r.chance(0.5) }] : [],
      houses: Array.from({ length: r.int(0, 2) }, () => ({ floorArea: String(r.int(20, 140)), exempt: r.chance(0.2) })),
    },
  };
  if (r.chance(0.15)) {
    input.rigidExpenditures = [
      { category: r.pick(RIGID_EXPENDITURE_CATEGORIES), amount: yuan(r, 30000), date: dateBefore(r, asOf, 0, 1), memberId: r.pick(members).id },
    ];
  }
  if (r.chance(0.3) && programs.length > 0) {
    const program = r.chance(0.7) && programs.includes('dibao') ? 'dibao' : r.pick(programs);
    input.enrolments = [
      {
        program,
        since: dateBefore(r, asOf, 0.5, 6),
        monthlyAmount: yuan(r, 2000),
        ...(r.chance(0.7) ? { incomeFirstExceeded: monthBefore(asOf, r.int(0, 9)), exceededBecause: r.chance(0.7) ? 'employment' : 'other' } : {}),
      },
    ];
  }
  if (r.chance(0.12)) {
    input.events = [
      { id: 'e1', type: r.pick(HARDSHIP_EVENT_TYPES), kind: r.pick(HARDSHIP_EVENT_KINDS), date: dateBefore(r, asOf, 0, 0.5), region, expense: yuan(r, 50000) },
    ];
  }
  return { input, asOf };
}
