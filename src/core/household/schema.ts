import { z } from 'zod';
import { Count, Identifier, IsoDate, IsoMonth, Money, NonNegativeDecimal, RegionCode } from './primitives.js';
import {
  AREAS,
  DISABILITY_CATEGORIES,
  EMPLOYMENT_STATUSES,
  EXCLUSIONS,
  FINANCIAL_ASSET_KINDS,
  HARDSHIP_EVENT_KINDS,
  HARDSHIP_EVENT_TYPES,
  HUKOU_TYPES,
  INCOME_KINDS,
  INCOME_PERIODS,
  MARITAL_STATUSES,
  MEANS_CHECK_STATES,
  PARENT_SITUATIONS,
  RELATIONS,
  RIGID_EXPENDITURE_CATEGORIES,
  STUDENT_LEVELS,
  SUPPORT_SETTINGS,
  SUPPORTER_INCAPACITIES,
} from './vocabulary.js';

/**
 * The household input: the facts a 民政 officer records about an applying family. Strict: an unknown key is an
 * error, so that a misspelt field never silently drops a fact. Rich enough for every program the bundled rule files decide.
 */

export const Income = z
  .strictObject({
    kind: z.enum(INCOME_KINDS),
    amount: Money,
    period: z.enum(INCOME_PERIODS),
    date: IsoDate.optional().meta({
      description:
        'When a one-off income was received: counted only inside the reference period before asOf (the months of income.oneOffSpreadMonths).',
    }),
    note: z.string().max(500).optional(),
  })
  .meta({ description: 'One income (or deductible payment) of a member, with its period.' });

export const Disability = z.strictObject({
  grade: z.number().int().min(1).max(4),
  category: z.enum(DISABILITY_CATEGORIES),
  certificate: z.boolean().default(true).meta({ description: 'Holds a disability certificate (残疾人证).' }),
});

export const Student = z.strictObject({
  level: z.enum(STUDENT_LEVELS),
  fullTime: z.boolean().default(true),
});

/** The six self-care items: `true` = achieved unaided, `false` = not achieved (民发〔2021〕43号 arts. 20–23). */
export const SelfCare = z.strictObject({
  eating: z.boolean(),
  dressing: z.boolean(),
  transferring: z.boolean().meta({ description: '自主上下床' }),
  toileting: z.boolean(),
  walkingIndoors: z.boolean(),
  bathing: z.boolean(),
});

/** A person with a legal duty to support the member (法定赡养、抚养、扶养义务人), with the facts art. 8 needs. */
export const Supporter = z.strictObject({
  id: Identifier.optional(),
  relation: z.enum(RELATIONS),
  birthDate: IsoDate,
  isTekun: z.boolean().default(false),
  isDibaoRecipient: z.boolean().default(false),
  disability: Disability.optional(),
  monthlyIncome: Money.optional().meta({ description: 'The supporter’s own monthly income, for the art. 8 income tests.' }),
  incapacity: z.enum(SUPPORTER_INCAPACITIES).optional(),
});

export const Parent = z.strictObject({
  relation: z.enum(['mother', 'father']),
  situation: z.enum(PARENT_SITUATIONS),
  since: IsoDate.optional().meta({ description: 'Since when the situation holds (prison, out of contact: ≥ 6 months count).' }),
  disability: Disability.optional(),
});

/** Where a member's household registration (户籍) is, and its type. */
export const Hukou = z.strictObject({
  region: RegionCode.meta({ description: 'The division code of the place of household registration (户籍所在地).' }),
  type: z.enum(HUKOU_TYPES).optional().meta({ description: '户口性质: agricultural, non-agricultural, or the unified resident type.' }),
});

export const Member = z.strictObject({
  id: Identifier,
  name: z.string().max(100).optional(),
  relation: z.enum(RELATIONS),
  birthDate: IsoDate,
  diedOn: IsoDate.optional().meta({
    description: 'Date of death: the member is no longer counted, and a family receiving assistance must be re-checked (民发〔2022〕83号).',
  }),
  maritalStatus: z.enum(MARITAL_STATUSES).optional().meta({ description: '婚姻状况 (a single-parent family is a 分类施保 group in some cities).' }),
  spouseId: Identifier.optional().meta({
    description:
      'The member of this household who is this member’s spouse, where the relations to the applicant do not say it (two couples of one family living together).',
  }),
  parentIds: z.array(Identifier).max(2).optional().meta({
    description: 'The members of this household who are this member’s parents, where the relations to the applicant do not say it.',
  }),
  hukou: Hukou.optional(),
  exclusion: z
    .enum(EXCLUSIONS)
    .optional()
    .meta({ description: 'Why this person is not counted in the household (民发〔2021〕57号 art. 7).' }),
  incomes: z.array(Income).max(100).default([]),
  disability: Disability.optional(),
  seriousIllness: z.boolean().default(false).meta({ description: 'A locally recognised serious illness (重特大疾病).' }),
  student: Student.optional(),
  employment: z.enum(EMPLOYMENT_STATUSES).optional(),
  refusedJobOffers: Count.default(0).meta({ description: 'Suitable jobs refused without good reason (art. 34).' }),
  selfCare: SelfCare.optional(),
  ruralCollective: z
    .boolean()
    .default(false)
    .meta({ description: 'Holds contracted land or shares rural collective income (rural 特困 rate).' }),
  workInjuryNursingFee: z.boolean().default(false),
  supportSetting: z
    .enum(SUPPORT_SETTINGS)
    .default('dispersed')
    .meta({ description: 'Where a 特困 person or a child is supported: at home (分散) or in an institution (集中).' }),
  supporters: z.array(Supporter).max(30).default([]),
  parents: z.array(Parent).max(2).default([]),
});

export const FinancialAsset = z.strictObject({ kind: z.enum(FINANCIAL_ASSET_KINDS), amount: Money });

export const Vehicle = z.strictObject({
  value: Money,
  exempt: z.boolean().default(false).meta({ description: 'Needed for production or disability mobility (art. 14).' }),
});

export const House = z.strictObject({
  floorArea: NonNegativeDecimal.optional().meta({ description: 'Square metres.' }),
  exempt: z.boolean().default(false),
});

export const Assets = z.strictObject({
  financial: z.array(FinancialAsset).max(100).default([]),
  vehicles: z.array(Vehicle).max(50).default([]),
  houses: z.array(House).max(50).default([]),
});

export const RigidExpenditure = z.strictObject({
  category: z.enum(RIGID_EXPENDITURE_CATEGORIES),
  amount: Money.meta({ description: 'Out of pocket, after insurance, assistance and subsidies.' }),
  date: IsoDate,
  memberId: Identifier.optional(),
});

export const Enrolment = z
  .strictObject({
    program: z.string().min(1).max(100),
    since: IsoDate,
    memberIds: z.array(Identifier).max(50).optional(),
    monthlyAmount: Money.optional(),
    incomeFirstExceeded: IsoMonth.optional().meta({
      description: '渐退期: the month per-capita income first exceeded the standard.',
    }),
    exceededBecause: z.enum(['employment', 'other']).optional(),
    approvedOn: IsoDate.optional().meta({
      description: 'The date the assistance was approved (审批), as distinct from `since`, when payment started (the month after, art. 21).',
    }),
    lastReviewed: IsoDate.optional().meta({ description: 'The date of the last periodic review (复核) of the family (动态管理).' }),
  })
  .meta({ description: 'A program the household (or some members) currently receives.' });

export const HardshipEvent = z.strictObject({
  id: Identifier,
  type: z.enum(HARDSHIP_EVENT_TYPES),
  kind: z.enum(HARDSHIP_EVENT_KINDS),
  date: IsoDate,
  region: RegionCode.meta({ description: 'Where it happened: an emergency is decided with that place’s standards (急难发生地); expenditure hardship with the household’s.' }),
  area: z.enum(AREAS).optional().meta({ description: 'Urban or rural where it happened (default: the household’s).' }),
  expense: Money.meta({ description: 'The essential spending the event caused (medical bills, school fees …), in yuan.' }),
  loss: Money.optional().meta({ description: 'What the event destroyed or cost the family besides spending (a fire’s loss), in yuan.' }),
  received: z
    .strictObject({
      insurance: Money.optional().meta({ description: 'Insurance paid out for the event.' }),
      compensation: Money.optional().meta({ description: 'Compensation paid by whoever was liable.' }),
      charity: Money.optional().meta({ description: 'Charity and donations received for the event.' }),
      assistance: Money.optional().meta({ description: 'Assistance already given for the same event (an advance, other government help).' }),
    })
    .optional()
    .meta({ description: 'What the family has already received for this event: it reduces the need that remains.' }),
  meansCheck: z.enum(MEANS_CHECK_STATES).optional().meta({
    description:
      'pending: an emergency helped first (先行救助), the income and property check still to come; done (or absent): the household’s recorded income and property are the check.',
  }),
});

export const Household = z
  .strictObject({
    $schema: z.string().optional(),
    id: Identifier,
    region: RegionCode,
    area: z.enum(AREAS),
    members: z.array(Member).min(1).max(50),
    assets: Assets.default({ financial: [], vehicles: [], houses: [] }),
    rigidExpenditures: z.array(RigidExpenditure).max(500).default([]),
    enrolments: z.array(Enrolment).max(50).default([]),
    events: z.array(HardshipEvent).max(50).default([]),
    incomeUnstable: z.boolean().optional().meta({
      description: 'The family’s income is unstable (收入不稳定): with members able to work, it is reviewed every 6 months (动态管理).',
    }),
  })
  .meta({ title: 'jiuzhu household', description: 'A household applying for or receiving social assistance.' });

/** A validated household, with defaults filled in. */
export type Household = z.output<typeof Household>;
/** A household as written in JSON, before defaults. */
export type HouseholdInput = z.input<typeof Household>;
export type Member = z.output<typeof Member>;
export type HardshipEvent = z.output<typeof HardshipEvent>;
