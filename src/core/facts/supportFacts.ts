import type { Decimal } from 'decimal.js';
import { Dec } from '../money/decimal.js';
import { ageOn, wholeMonthsSince } from '../household/dates.js';
import type { EvaluationContext } from '../engine/context.js';
import { EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER, memberMonthlyIncome } from '../household/income.js';
import { incomeBasis, memberEnrolled, need } from './helpers.js';
import { familyLinks } from '../household/family.js';
import { InformationMissing } from '../engine/signals.js';
import type { Member } from '../household/schema.js';
import { STUDENT_LEVELS, SUPPORT_SETTINGS } from '../household/vocabulary.js';
import { defineFact, type FactDefinition } from './definition.js';

const DISPOSABLE_INCOME = 'income.disposableIncomePreviousYear';
const DIBAO_STANDARD = 'dibao.standard';
const SUPPORTER_DIBAO_AGE = 'tekun.supporterDibaoAge';
const SUPPORTER_ELDERLY_AGE = 'tekun.supporterElderlyAge';
const ABSENCE_MONTHS = 'child.parentAbsenceMonths';
/** Parent situations that count only after they have lasted `child.parentAbsenceMonths` (民发〔2019〕62号). */
const TIMED_SITUATIONS = new Set(['prisonOrDetention', 'outOfContact']);

function severe(disability: { grade: number; category: string } | undefined): boolean {
  if (!disability) return false;
  return disability.grade <= 2 || (disability.grade === 3 && (disability.category === 'intellectual' || disability.category === 'mental'));
}

/** What art. 8 asks of a supporter, whether listed or living in the household. */
interface SupporterFacts {
  /** Who it is, for an explanation that cannot decide without more (the member or supporter id, or the relation). */
  who: string;
  birthDate: string;
  isTekun: boolean;
  isDibaoRecipient: boolean;
  disability: { grade: number; category: string } | undefined;
  incapacity: boolean;
  /** The supporter's monthly income, when known (read only if an income test is needed). */
  income: () => Decimal | undefined;
}

/**
 * Whether a legally obliged supporter cannot support (民发〔2021〕43号 art. 8): he or she is a 特困 person; a 低保
 * recipient aged 60+; aged 70+ with income below the local previous-year per-capita disposable income; severely
 * disabled (or grade-3 intellectual/mental) with the same income test; or without civil capacity, missing, in
 * prison, or in a case the province names. The ages and the income line are parameters. Where the income test
 * decides and the income is not recorded, the decision waits for it (undetermined), rather than guessing.
 */
function cannotSupport(ctx: EvaluationContext, supporter: SupporterFacts): boolean {
  if (supporter.isTekun || supporter.incapacity) return true;
  const age = ageOn(supporter.birthDate, ctx.asOf);
  if (supporter.isDibaoRecipient && age >= (ctx.requireParam(SUPPORTER_DIBAO_AGE).value as number)) return true;
  const incomeTested = age >= (ctx.requireParam(SUPPORTER_ELDERLY_AGE).value as number) || severe(supporter.disability);
  if (!incomeTested) return false;
  const income = supporter.income();
  if (income === undefined) throw new InformationMissing('supporterIncome', supporter.who);
  return income.lt(ctx.requireParam(DISPOSABLE_INCOME).value as Decimal);
}

/** Art. 8 for a supporter listed in the input. */
function listedSupporterCannotSupport(ctx: EvaluationContext, supporter: Member['supporters'][number]): boolean {
  return cannotSupport(ctx, {
    who: supporter.id ?? supporter.relation,
    birthDate: supporter.birthDate,
    isTekun: supporter.isTekun,
    isDibaoRecipient: supporter.isDibaoRecipient,
    disability: supporter.disability,
    incapacity: supporter.incapacity !== undefined,
    income: () => (supporter.monthlyIncome === undefined ? undefined : new Dec(supporter.monthlyIncome)),
  });
}

/** School levels up to undergraduate: an adult child in full-time education at these cannot live independently. */
const DEPENDENT_STUDY_LEVELS: ReadonlySet<string> = new Set(STUDENT_LEVELS.filter((level) => level !== 'postgraduate'));

/**
 * Whether parents owe this person support as their child: a minor, or an adult who cannot live independently
 * (民法典 art. 1067; 婚姻家庭编解释（一） art. 41: lost all or part of the capacity to work) — severely disabled (grade
 * 1–2, or grade 3 intellectual or mental, whom 民发〔2021〕43号 art. 5 counts as unable to work), seriously ill, or in
 * full-time education at undergraduate level or below, the adult children 民发〔2021〕57号 art. 7 counts as members.
 */
function dependentChild(ctx: EvaluationContext, member: Member): boolean {
  if (isMinor(ctx, member)) return true;
  if (member.seriousIllness || severe(member.disability)) return true;
  return member.student !== undefined && member.student.fullTime && DEPENDENT_STUDY_LEVELS.has(member.student.level);
}

function isMinor(ctx: EvaluationContext, member: Member): boolean {
  return ageOn(member.birthDate, ctx.asOf) < 18;
}

/**
 * The enrolments that make a member a 低保 recipient for art. 8(2): the family's 低保, 单人保 (低保 granted to one
 * member of a marginal family, 民发〔2022〕83号) and the gradual-exit months in which the family keeps its 低保.
 */
const DIBAO_PROGRAMS = ['dibao', 'dibao.single', 'dibao.gradualExit'] as const;

/** Exclusions from the household count that art. 8 also names as unable to support: prison and declared missing. */
const UNABLE_EXCLUSIONS: ReadonlySet<string> = new Set(['prison', 'missing', 'otherProvincial']);

/**
 * Art. 8 for a supporter who lives in the household: a minor, a member who has died, one in prison or declared
 * missing cannot support (clergy living apart and compulsory rehabilitation leave the household count, 57号 art. 7,
 * but art. 8 does not name them); otherwise the tests of a listed supporter, with 特困 read from the enrolments and
 * from this very decision (a member it grants 特困 cannot support another), 低保 from the enrolments, and the income
 * from the member's own countable income.
 */
function memberCannotSupport(ctx: EvaluationContext, supporter: Member): boolean {
  if (supporter.diedOn !== undefined || isMinor(ctx, supporter)) return true;
  if (supporter.exclusion !== undefined && UNABLE_EXCLUSIONS.has(supporter.exclusion)) return true;
  return cannotSupport(ctx, {
    who: supporter.id,
    birthDate: supporter.birthDate,
    isTekun: memberEnrolled(ctx, 'tekun', supporter.id) || ctx.grantedSoFar('tekun', supporter.id),
    isDibaoRecipient: DIBAO_PROGRAMS.some((program) => memberEnrolled(ctx, program, supporter.id)),
    disability: supporter.disability,
    incapacity: false,
    income: () => memberMonthlyIncome(ctx, supporter, incomeBasis(ctx, 'household')),
  });
}

/**
 * Whether one of a member's parents is known to be able to support: a parent in the household or listed who can, or
 * one recorded in `parents` as present. Grandparents and older siblings owe a minor support only when the parents are
 * dead or unable (民法典 arts. 1074–1075); when nothing is known of the parents either might owe, and an able
 * grandparent or sibling in the household means the minor is supported either way.
 */
function parentKnownAble(ctx: EvaluationContext, member: Member): boolean {
  return (
    member.parents.some((parent) => ABLE_PARENT_SITUATIONS.has(parent.situation)) ||
    familyLinks(ctx.household).parents(member).some((parent) => knownAble(() => memberCannotSupport(ctx, parent))) ||
    member.supporters.some((s) => s.relation === 'parent' && knownAble(() => listedSupporterCannotSupport(ctx, s)))
  );
}

/** Whether a supporter is known to be able: the test says so (one that needs an unrecorded income does not). */
function knownAble(cannot: () => boolean): boolean {
  try {
    return !cannot();
  } catch (error) {
    if (error instanceof InformationMissing) return false;
    throw error;
  }
}

/**
 * Whether none of a member's children is known to be able to support (in the household, or listed): adult
 * grandchildren then owe it (art. 1074) — and where the children are not recorded, either they or the grandchildren
 * owe, so an able grandchild in the household means the member is supported either way.
 */
function childrenGoneOrUnable(ctx: EvaluationContext, member: Member): boolean {
  return (
    !familyLinks(ctx.household).children(member).some((child) => knownAble(() => memberCannotSupport(ctx, child))) &&
    !member.supporters.some((s) => s.relation === 'child' && knownAble(() => listedSupporterCannotSupport(ctx, s)))
  );
}

/**
 * The members of the household who owe this member support, before asking whether they can (民法典 arts. 1059,
 * 1067, 1074, 1075): the spouse; the children (a minor one is found unable); the parents of a dependent child; the
 * grandparents and siblings of a minor whose parents are dead or unable; the grandchildren of one whose children are.
 */
function householdSupporters(ctx: EvaluationContext, member: Member): Member[] {
  const family = familyLinks(ctx.household);
  // A list, not a set: a member owes support once, in the order found, and a household has a handful of members.
  const owing: Member[] = [];
  const owe = (relatives: readonly Member[]) => {
    for (const relative of relatives) if (relative !== member && !owing.includes(relative)) owing.push(relative);
  };
  owe(family.spouses(member));
  owe(family.children(member));
  if (dependentChild(ctx, member)) owe(family.parents(member));
  if (isMinor(ctx, member) && !parentKnownAble(ctx, member)) {
    owe(family.grandparents(member));
    owe(family.siblings(member));
  }
  if (family.grandchildren(member).length > 0 && childrenGoneOrUnable(ctx, member)) owe(family.grandchildren(member));
  return owing;
}

/**
 * Parents recorded for a dependent member (`parents`) who can support under art. 8 and live elsewhere: each owes
 * support whether or not anyone listed him or her. The parents living in the household or listed as supporters are
 * the recorded ones too, so they are taken off the count — a divorced father living elsewhere still counts beside the
 * mother at home. A severely disabled parent can support unless his or her income is below the line (art. 8(3)),
 * which `parents` does not record: asked for (`supporterIncome`) only when no one else can.
 */
function parentsLivingApart(ctx: EvaluationContext, member: Member): { able: number; unknown?: InformationMissing } {
  if (member.parents.length === 0 || !dependentChild(ctx, member)) return NO_PARENTS_APART;
  // An entry naming a member (`memberId`) describes a parent at home, asked about there.
  const apart = member.parents.filter((parent) => parent.memberId === undefined);
  const able = apart.filter((parent) => ABLE_PARENT_SITUATIONS.has(parent.situation)).length;
  const atHome = familyLinks(ctx.household).parents(member).filter((parent) => !namedByEntry(member, parent)).length;
  const accounted = atHome + member.supporters.filter((s) => s.relation === 'parent').length;
  // One that is also a member or a listed supporter is asked about there, with the income recorded for him or her.
  const severe = apart.length > accounted ? apart.find((parent) => parent.situation === 'severeDisability') : undefined;
  return { able: Math.max(0, able - accounted), ...(severe ? { unknown: new InformationMissing('supporterIncome', severe.relation) } : {}) };
}

const NO_PARENTS_APART = Object.freeze({ able: 0 });

/**
 * The situations of a recorded parent (`parents`, in 民发〔2019〕62号's terms) in which he or she can still support
 * under 民发〔2021〕43号 art. 8: present; seriously ill, in compulsory rehabilitation or out of contact (art. 8 names
 * none of these — out of contact is not declared missing). Dead, declared missing and in prison or detention cannot.
 */
const ABLE_PARENT_SITUATIONS: ReadonlySet<string> = new Set(['present', 'seriousIllness', 'compulsoryRehabilitation', 'outOfContact']);

/**
 * What the law's test needs and the input does not say, when no supporter able to support is found: a married member
 * whose spouse is nowhere recorded, a minor about neither of whose parents anything is recorded. (With an able
 * supporter found, what is missing could not change the answer.)
 */
function missingSupportInformation(ctx: EvaluationContext, member: Member): void {
  const family = familyLinks(ctx.household);
  if (member.maritalStatus === 'married' && family.spouses(member).length === 0 && !member.supporters.some((s) => s.relation === 'spouse')) {
    throw new InformationMissing('spouseUnrecorded', member.id);
  }
  if (isMinor(ctx, member) && family.parents(member).length === 0 && member.parents.length === 0 && !member.supporters.some((s) => s.relation === 'parent')) {
    throw new InformationMissing('parentsUnrecorded', member.id);
  }
}

/** How many of a member's legally obliged supporters can support (art. 8), recording whom the count rests on. */
function ableSupporters(ctx: EvaluationContext, member: Member): number {
  const inHousehold = householdSupporters(ctx, member);
  // A supporter this decision may yet grant 特困 would no longer count: the engine decides again if it does.
  for (const supporter of inHousehold) ctx.dependsOnGrant(member.id, supporter.id);
  // A supporter whose ability turns on an unrecorded income matters only if no one else is able.
  let unknown: InformationMissing | undefined;
  const able = (cannot: () => boolean) => {
    try {
      return !cannot();
    } catch (error) {
      if (!(error instanceof InformationMissing)) throw error;
      unknown ??= error;
      return false;
    }
  };
  const listed = member.supporters.filter((s) => able(() => listedSupporterCannotSupport(ctx, s))).length;
  const living = inHousehold.filter((s) => able(() => memberCannotSupport(ctx, s))).length;
  const apart = parentsLivingApart(ctx, member);
  unknown ??= apart.unknown;
  const count = listed + living + apart.able;
  if (count > 0) return count;
  if (unknown) throw unknown;
  missingSupportInformation(ctx, member);
  return 0;
}

/** Whether one of a member's `parents` entries describes this member of the household (`memberId`). */
function namedByEntry(member: Member, parent: Member): boolean {
  for (const entry of member.parents) if (entry.memberId === parent.id) return true;
  return false;
}

/** A parent as 民发〔2019〕62号 sees him or her: a `parents` entry, or one read from a member's own record. */
interface ParentSituation {
  situation: Member['parents'][number]['situation'];
  since?: string;
  disability?: { grade: number; category: string } | undefined;
}

/**
 * A child's parents in 民发〔2019〕62号's terms: each entry of `parents`, and each parent living in the household whom
 * no entry names (`memberId`), his or her situation read from the member's record. A parent at home can have died
 * (`diedOn`), be declared missing, in prison or in compulsory rehabilitation (the exclusions of 民发〔2021〕57号 art.
 * 7), severely disabled or seriously ill; prison counts only once it has lasted the set months, which the member's
 * record does not date, so it waits for an entry with `since`. A child has two parents, so two entries are the whole
 * record, parents at home among them. One entry beside two parents at home, neither named by it, describes one of
 * them: the one whose record says the same, where only one does. Otherwise (or where the relations make more than
 * two parents at home) each reading is given, and a count that differs between them waits for the link.
 */
function childsParents(ctx: EvaluationContext, member: Member): (readonly ParentSituation[])[] {
  // Asked twice in a row for each minor (parents gone, parents unable): the second time, the first answer of the
  // same evaluation (its context is new each time, so an input changed between two evaluations is read afresh).
  const last = lastParents;
  if (last.member === member && last.ctx === ctx) return last.readings;
  const readings = readParents(ctx, member);
  lastParents = { member, ctx, readings };
  return readings;
}

let lastParents: { member?: Member; ctx?: EvaluationContext; readings: (readonly ParentSituation[])[] } = { readings: [] };

function readParents(ctx: EvaluationContext, member: Member): (readonly ParentSituation[])[] {
  const entries: readonly ParentSituation[] = member.parents;
  const family = familyLinks(ctx.household).parents(member);
  // Every minor of every household screened is asked: the usual cases make no more than the one reading.
  if (entries.length === 2 || family.length === 0) return [entries];
  const atHome: ParentSituation[] = [];
  for (const parent of family) {
    if (namedByEntry(member, parent)) continue;
    atHome.push({ situation: memberParentSituation(ctx, parent) ?? 'present', disability: parent.disability });
  }
  const open = 2 - entries.length;
  if (atHome.length <= open) return [[...entries, ...atHome]];
  // The one whose record says the same as the entry is the one it describes, where that picks out one.
  const alike = entries.length === 1 ? atHome.filter((parent) => parent.situation === entries[0]!.situation) : [];
  const others = alike.length === 1 ? atHome.filter((parent) => parent !== alike[0]) : atHome;
  if (others.length <= open) return [[...entries, ...others]];
  return choose(others, open).map((chosen) => [...entries, ...chosen]);
}

/** Every way to pick `count` (1 or 2) of the parents found, in their order. */
function choose(parents: readonly ParentSituation[], count: number): (readonly ParentSituation[])[] {
  const ways: (readonly ParentSituation[])[] = [];
  for (let i = 0; i < parents.length; i++) {
    if (count === 1) ways.push([parents[i]!]);
    else for (let j = i + 1; j < parents.length; j++) ways.push([parents[i]!, parents[j]!]);
  }
  return ways;
}

/**
 * What a member's own record says of him or her as a parent under 62号, or undefined for a parent able to raise: the
 * situation that decides most, where several hold — gone before unable, and prison, which counts only after months
 * the record does not date, last.
 */
function memberParentSituation(ctx: EvaluationContext, parent: Member): ParentSituation['situation'] | undefined {
  if (parent.diedOn !== undefined && parent.diedOn <= ctx.asOf) return 'deceased';
  if (parent.exclusion === 'missing') return 'missing';
  if (parent.exclusion === 'compulsoryRehabilitation') return 'compulsoryRehabilitation';
  if (parent.disability && severeForChild(parent.disability)) return 'severeDisability';
  if (parent.seriousIllness) return 'seriousIllness';
  if (parent.exclusion === 'prison') return 'prisonOrDetention';
  return undefined;
}

/**
 * How many of a child's parents are in one of `situations`. A timed situation (prison or detention, out of contact)
 * counts once it has lasted the set months. Where its start is not recorded, the count waits for it — unless the
 * other parent can raise the child or is not recorded: 62号 asks both parents to be gone or unable, so the date could
 * not change the answer, and the parent counts as not (yet) unable.
 */
function parentsIn(ctx: EvaluationContext, member: Member, situations: ReadonlySet<string>): number {
  const readings = childsParents(ctx, member);
  if (readings.length === 1) return parentsInReading(ctx, member, readings[0]!, situations);
  const counts = readings.map((parents) => parentsInReading(ctx, member, parents, situations));
  if (counts.every((count) => count === counts[0])) return counts[0]!;
  // The readings differ in the count but may agree on the answer: no reading qualifies (a parent able to raise the
  // child in each, or one unrecorded), or each does (both parents gone or unable in each).
  const cannot = readings.every((parents) => parents.length < 2 || parents.some((parent) => situationHolds(ctx, parent) === false));
  if (cannot) return Math.min(...counts);
  const qualifies = readings.every((parents) => parents.length === 2 && parents.every((parent) => situationHolds(ctx, parent) === true));
  if (qualifies) return counts[0]!;
  throw new InformationMissing('parentsOverlap', member.id);
}

function parentsInReading(ctx: EvaluationContext, child: Member, parents: readonly ParentSituation[], situations: ReadonlySet<string>): number {
  let count = 0;
  for (const parent of parents) {
    if (!situations.has(parent.situation)) continue;
    const holds = situationHolds(ctx, parent);
    if (holds === undefined) {
      const other = parents.find((each) => each !== parent);
      if (other !== undefined && situationHolds(ctx, other) !== false) throw new InformationMissing('parentSince', child.id);
    } else if (holds) count++;
  }
  return count;
}

/**
 * Whether a parent is dead, missing or unable to raise the child as 62号 counts it, or undefined for a timed
 * situation with no start recorded.
 */
function situationHolds(ctx: EvaluationContext, parent: ParentSituation): boolean | undefined {
  // A situation recorded as beginning after the date of the decision did not hold on it.
  if (parent.situation === 'present' || (parent.since !== undefined && parent.since > ctx.asOf)) return false;
  if (parent.situation === 'severeDisability' && parent.disability && !severeForChild(parent.disability)) return false;
  if (!TIMED_SITUATIONS.has(parent.situation)) return true;
  if (parent.since === undefined) return undefined;
  return wholeMonthsSince(parent.since, ctx.asOf) >= (ctx.requireParam(ABSENCE_MONTHS).value as number);
}

/** 62号: a parent's severe disability is grade 1–2, or grade 3–4 mental or intellectual. */
function severeForChild(disability: { grade: number; category: string }): boolean {
  return disability.grade <= 2 || disability.category === 'intellectual' || disability.category === 'mental';
}

const UNABLE_SITUATIONS = new Set(['severeDisability', 'seriousIllness', 'prisonOrDetention', 'compulsoryRehabilitation', 'outOfContact']);
const GONE_SITUATIONS = new Set(['deceased', 'missing']);

/** Facts about the people around a member: legally obliged supporters (特困) and parents (children's allowance). */
export const SUPPORT_FACTS: readonly FactDefinition[] = [
  defineFact({
    name: 'ableSupporters',
    level: 'member',
    type: 'count',
    description: {
      zh: '具备赡养、抚养、扶养能力的法定义务人人数：登记的义务人；同住的配偶、成年子女；未成年或不能独立生活的成年子女（一、二级残疾或三级智力、精神残疾，重病，全日制在读本科及以下）的父母，同住或登记为在世的分开居住父母（民发〔2021〕43号第八条；民法典第一千零六十七条）',
      en: 'Legally obliged supporters able to support: those listed; the spouse and adult children in the household; the parents of a minor, or of an adult child who cannot live independently (disability grade 1–2 or grade 3 intellectual/mental, seriously ill, in full-time education up to undergraduate), living with the member or recorded as present elsewhere (民发〔2021〕43号 art. 8; 民法典 art. 1067)',
    },
    parameters: [DISPOSABLE_INCOME, SUPPORTER_DIBAO_AGE, SUPPORTER_ELDERLY_AGE, EMPLOYMENT_COST_PARAMETER, ONE_OFF_SPREAD_PARAMETER],
    // Read again when the program grants 特困 to someone in this household (a 特困 person cannot support another).
    readsOutcomes: true,
    compute: (ctx, m) => ableSupporters(ctx, need(m)),
  }),
  defineFact({
    name: 'personalDibaoStandard',
    level: 'member',
    type: 'money',
    description: {
      zh: '按本人适用的城乡标准确定的低保标准（承包土地或分享农村集体收益者按农村标准）',
      en: 'The 低保 standard at the member’s own rate (rural for those with contracted land or rural collective income)',
    },
    parameters: [DIBAO_STANDARD],
    compute: (ctx, m) => ctx.requireParam(DIBAO_STANDARD, need(m).ruralCollective ? 'rural' : undefined).value as Decimal,
  }),
  defineFact({
    name: 'recordedParents',
    level: 'member',
    type: 'count',
    description: { zh: '登记了情况的父母人数', en: 'Parents whose situation is recorded' },
    compute: (_ctx, m) => need(m).parents.length,
  }),
  defineFact({
    name: 'parentsDeceasedOrMissing',
    level: 'member',
    type: 'count',
    description: { zh: '死亡或宣告失踪的父母人数', en: 'Parents deceased or declared missing' },
    compute: (ctx, m) => parentsIn(ctx, need(m), GONE_SITUATIONS),
  }),
  defineFact({
    name: 'parentsUnableToRaise',
    level: 'member',
    type: 'count',
    description: {
      zh: '重残、重病、服刑或羁押满规定月数、强制隔离戒毒、失联满规定月数的父母人数（民发〔2019〕62号）',
      en: 'Parents severely disabled, seriously ill, in prison or detention or out of contact for the set months, or in compulsory rehabilitation (民发〔2019〕62号)',
    },
    parameters: [ABSENCE_MONTHS],
    compute: (ctx, m) => parentsIn(ctx, need(m), UNABLE_SITUATIONS),
  }),
  defineFact({
    name: 'supportSetting',
    level: 'member',
    type: 'enum',
    values: SUPPORT_SETTINGS,
    description: { zh: '供养（养育）方式：分散或集中', en: 'Supported at home (dispersed) or in an institution' },
    compute: (_ctx, m) => need(m).supportSetting,
  }),
];

