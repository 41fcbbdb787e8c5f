import fc from 'fast-check';
import { SELF_CARE_ITEMS } from '../../src/core/household/vocabulary.js';
import { householdArb, moneyArb } from './arbitraries.js';

const dateArb = (fromYear: number, toYear: number) =>
  fc
    .record({ y: fc.integer({ min: fromYear, max: toYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

export const selfCareArb = fc.record(Object.fromEntries(SELF_CARE_ITEMS.map((item) => [item, fc.boolean()])) as Record<
  (typeof SELF_CARE_ITEMS)[number],
  fc.Arbitrary<boolean>
>);

const supporterArb = fc.record(
  {
    relation: fc.constantFrom('child', 'spouse', 'parent', 'sibling'),
    birthDate: dateArb(1935, 2000),
    isTekun: fc.boolean(),
    isDibaoRecipient: fc.boolean(),
    monthlyIncome: moneyArb(8000),
    incapacity: fc.option(fc.constantFrom('noCivilCapacity', 'missing', 'prison'), { freq: 4, nil: undefined }),
  },
  { requiredKeys: ['relation', 'birthDate', 'isTekun', 'isDibaoRecipient'] },
);

const parentArb = (relation: 'mother' | 'father') =>
  fc.record({
    relation: fc.constant(relation),
    situation: fc.constantFrom('deceased', 'missing', 'severeDisability', 'seriousIllness', 'prisonOrDetention', 'outOfContact', 'present'),
    since: dateArb(2015, 2023),
  });

const receivedArb = fc.record(
  { insurance: moneyArb(20000), compensation: moneyArb(20000), charity: moneyArb(5000), assistance: moneyArb(5000) },
  { requiredKeys: [] },
);

export const eventArb = (region: string) =>
  fc.record(
    {
      id: fc.constantFrom('e1'),
      type: fc.constantFrom('emergency', 'expenditure'),
      kind: fc.constantFrom('fire', 'medical', 'education', 'suddenIllness'),
      date: fc.constant('2023-05-01'),
      region: fc.constant(region),
      expense: moneyArb(80000),
      loss: moneyArb(50000),
      received: receivedArb,
      meansCheck: fc.constantFrom('pending', 'done'),
    },
    { requiredKeys: ['id', 'type', 'kind', 'date', 'region', 'expense'] },
  );

/** What a case worker may record about a member beyond the basics: marital status, 户籍, a death. */
const memberDetailsArb = fc.record(
  {
    maritalStatus: fc.constantFrom('unmarried', 'married', 'divorced', 'widowed'),
    hukou: fc.record(
      { region: fc.constantFrom('440100', '440106', '442000', '430100', '420100', '510107'), type: fc.constantFrom('agricultural', 'nonAgricultural', 'resident') },
      { requiredKeys: ['region'] },
    ),
  },
  { requiredKeys: [] },
);

/**
 * A household with everything the programs of issue 3 read: self-care items, supporters, parents for minors,
 * a hardship event and rigid expenditure, on top of {@link householdArb}.
 */
export const richHouseholdArb = (regions: string[]) =>
  householdArb(regions).chain((household) =>
    fc
      .record({
        selfCare: fc.array(selfCareArb, { minLength: household.members.length, maxLength: household.members.length }),
        supporters: fc.array(fc.array(supporterArb, { maxLength: 2 }), { minLength: household.members.length, maxLength: household.members.length }),
        parents: fc.array(fc.tuple(parentArb('mother'), parentArb('father')), { minLength: household.members.length, maxLength: household.members.length }),
        events: fc.array(eventArb(household.region), { maxLength: 1 }),
        rigid: fc.array(fc.record({ category: fc.constantFrom('medical', 'education'), amount: moneyArb(30000), date: dateArb(2022, 2023) }), { maxLength: 2 }),
        details: fc.array(memberDetailsArb, { minLength: household.members.length, maxLength: household.members.length }),
        incomeUnstable: fc.option(fc.boolean(), { nil: undefined }),
      })
      .map((extra) => ({
        ...household,
        members: household.members.map((m, i) => ({
          ...m,
          selfCare: extra.selfCare[i],
          supporters: extra.supporters[i],
          parents: extra.parents[i],
          ...extra.details[i],
          disability: m.disability ? { ...m.disability, certificate: true } : undefined,
        })),
        events: extra.events,
        ...(extra.incomeUnstable !== undefined ? { incomeUnstable: extra.incomeUnstable } : {}),
        rigidExpenditures: extra.rigid.filter((r) => r.date <= '2023-06-01'),
      })),
  );
