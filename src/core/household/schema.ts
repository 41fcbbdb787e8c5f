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
import { helpText } from '../text/helpText.js';

/**
 * The household input: the facts a 民政 officer records about an applying family. Strict: an unknown key is an
 * error, so that a misspelt field never silently drops a fact. Rich enough for every program the bundled rule files decide.
 */

/** The relation to the applicant, for a member and for a supporter outside the household. */
const Relation = z
  .enum(RELATIONS)
  .meta({ description: helpText('与申请人的关系：applicant 申请人本人、spouse 配偶、child 子女、parent 父母、sibling 兄弟姐妹、grandparent（外）祖父母、grandchild（外）孙子女、childInLaw 儿媳或女婿、other 其他', 'Relation to the applicant.') });

export const Income = z
  .strictObject({
    kind: z.enum(INCOME_KINDS).meta({
      description: helpText(
        '收入种类：wage 工资、business 经营、propertyIncome 财产性收入、pension 养老金、unemploymentBenefit 失业保险金、supportReceived 赡养（抚养、扶养）费、compensation 赔偿、gift 赠与、preferentialTreatment 优待抚恤金、scholarship 奖助学金、socialAssistance 社会救助金、disabilityAllowance 残疾人补贴、taxPaid 缴纳的个人所得税、socialInsuranceContribution 缴纳的社会保险费、supportPaid 支付的赡养费 …（是否计入由规则文件的收入口径决定）',
        'Income kind (whether it counts is for the rule files’ income bases).',
      ),
    }),
    amount: Money,
    period: z.enum(INCOME_PERIODS).meta({ description: helpText('周期：month 每月，year 每年，once 一次性', 'month, year or once.') }),
    date: IsoDate.optional().meta({
      description: helpText(
        '一次性收入的取得日期：只在评估日期之前的计算期内计入（income.oneOffSpreadMonths 个月）',
        'When a one-off income was received: counted only inside the reference period before asOf (the months of income.oneOffSpreadMonths).',
      ),
    }),
    note: z.string().max(500).optional().meta({ description: helpText('备注', 'A note.') }),
  })
  .meta({ description: helpText('成员的一项收入（或可扣减的支出）及其周期', 'One income (or deductible payment) of a member, with its period.') });

export const Disability = z.strictObject({
  grade: z.number().int().min(1).max(4).meta({ description: helpText('残疾等级 1–4（一级最重）', 'Disability grade 1–4 (1 the most severe).') }),
  category: z
    .enum(DISABILITY_CATEGORIES)
    .meta({ description: helpText('残疾类别：visual 视力、hearing 听力、speech 言语、physical 肢体、intellectual 智力、mental 精神、multiple 多重', 'Disability category.') }),
  certificate: z.boolean().default(true).meta({ description: helpText('持有残疾人证（默认 true）', 'Holds a disability certificate (残疾人证).') }),
}).meta({ description: helpText('残疾情况', 'Disability.') });

export const Student = z.strictObject({
  level: z
    .enum(STUDENT_LEVELS)
    .meta({ description: helpText('学段：preschool 学前、primary 小学、juniorSecondary 初中、seniorSecondary 高中、secondaryVocational 中职、higherVocational 高职、undergraduate 本科、postgraduate 研究生', 'School level.') }),
  fullTime: z.boolean().default(true).meta({ description: helpText('全日制（默认 true）', 'Full-time (default true).') }),
}).meta({ description: helpText('在读学生', 'A student.') });

/** The six self-care items: `true` = achieved unaided, `false` = not achieved (民发〔2021〕43号 arts. 20–23). */
export const SelfCare = z.strictObject({
  eating: z.boolean().meta({ description: helpText('自主吃饭', 'Eats unaided.') }),
  dressing: z.boolean().meta({ description: helpText('自主穿衣', 'Dresses unaided.') }),
  transferring: z.boolean().meta({ description: helpText('自主上下床', 'Gets in and out of bed unaided.') }),
  toileting: z.boolean().meta({ description: helpText('自主如厕', 'Uses the toilet unaided.') }),
  walkingIndoors: z.boolean().meta({ description: helpText('室内自主行走', 'Walks indoors unaided.') }),
  bathing: z.boolean().meta({ description: helpText('自主洗澡', 'Bathes unaided.') }),
}).meta({ description: helpText('生活自理能力六项：true 能自主完成，false 不能（民发〔2021〕43号）', 'The six self-care items: true = achieved unaided, false = not (民发〔2021〕43号).') });

/** A person with a legal duty to support the member (法定赡养、抚养、扶养义务人), with the facts art. 8 needs. */
export const Supporter = z.strictObject({
  id: Identifier.optional().meta({ description: helpText('编号', 'An id.') }),
  relation: Relation,
  birthDate: IsoDate.meta({ description: helpText('出生日期 YYYY-MM-DD', 'Date of birth.') }),
  isTekun: z.boolean().default(false).meta({ description: helpText('本人是特困人员', 'Is a 特困 person.') }),
  isDibaoRecipient: z.boolean().default(false).meta({ description: helpText('本人是低保对象', 'Receives 低保.') }),
  disability: Disability.optional(),
  monthlyIncome: Money.optional().meta({ description: helpText('义务人本人的月收入（第八条的收入审查用）', 'The supporter’s own monthly income, for the art. 8 income tests.') }),
  incapacity: z
    .enum(SUPPORTER_INCAPACITIES)
    .optional()
    .meta({ description: helpText('无履行能力的情形：noCivilCapacity 无民事行为能力、missing 宣告失踪、prison 服刑、otherProvincial 其他', 'Why the supporter cannot support.') }),
}).meta({ description: helpText('不在本户的法定赡养、抚养、扶养义务人', 'A person with a legal duty to support the member, outside the household.') });

export const Parent = z
  .strictObject({
    relation: z.enum(['mother', 'father']).meta({ description: helpText('mother 母亲，father 父亲', 'mother or father.') }),
    situation: z
      .enum(PARENT_SITUATIONS)
      .meta({ description: helpText('父母的情况：deceased 死亡、missing 失踪、severeDisability 重残、seriousIllness 重病、prisonOrDetention 服刑或羁押、compulsoryRehabilitation 强制隔离戒毒、outOfContact 失联、present 在世且能抚养', 'The parent’s situation.') }),
    since: IsoDate.optional().meta({ description: helpText('该情况自何日起（服刑、失联须满 6 个月）', 'Since when the situation holds (prison, out of contact: ≥ 6 months count).') }),
    disability: Disability.optional(),
    memberId: Identifier.optional().meta({
      description: helpText(
        '此父母是本户成员时写其成员编号：认定孤儿、事实无人抚养儿童时以这里登记的情况为准（例如服刑的起始日期），不重复计算；该成员即为其父母',
        'Where this parent is a member of the household, the member’s id: for the orphan and de facto unsupported child allowance the situation recorded here (e.g. since when in prison) stands for that member, counted once; the member is taken as this member’s parent.',
      ),
    }),
  })
  .meta({
    description: helpText(
      '未成年人的父母：不在本户的；或在本户、须登记成员记录之外的情况（如服刑起始日期）的，写 memberId',
      'A child’s parent: one outside the household, or one in it (with memberId) whose situation needs more than the member’s own record says (e.g. since when in prison).',
    ),
  });

/** Where a member's household registration (户籍) is, and its type. */
export const Hukou = z.strictObject({
  region: RegionCode.meta({ description: helpText('户籍所在地的行政区划代码', 'The division code of the place of household registration (户籍所在地).') }),
  type: z
    .enum(HUKOU_TYPES)
    .optional()
    .meta({ description: helpText('户口性质：agricultural 农业、nonAgricultural 非农业、resident 居民户口', 'agricultural, non-agricultural, or the unified resident type.') }),
}).meta({ description: helpText('户籍', 'Household registration (户籍).') });

export const Member = z.strictObject({
  id: Identifier.meta({ description: helpText('成员编号，例如 m1（在本户内唯一）', 'The member’s id, e.g. m1 (unique in the household).') }),
  name: z.string().max(100).optional().meta({ description: helpText('姓名（只用于说明）', 'Name (for the explanation only).') }),
  relation: Relation,
  birthDate: IsoDate.meta({ description: helpText('出生日期 YYYY-MM-DD', 'Date of birth.') }),
  diedOn: IsoDate.optional().meta({
    description: helpText('死亡日期：不再计入家庭，享受救助的家庭须重新核查（民发〔2022〕83号）', 'Date of death: the member is no longer counted, and a family receiving assistance must be re-checked (民发〔2022〕83号).'),
  }),
  maritalStatus: z
    .enum(MARITAL_STATUSES)
    .optional()
    .meta({ description: helpText('婚姻状况：unmarried 未婚、married 已婚、divorced 离婚、widowed 丧偶（有的城市对单亲家庭分类施保）', 'Marital status (a single-parent family is a 分类施保 group in some cities).') }),
  spouseId: Identifier.optional().meta({
    description: helpText('本户中谁是此人的配偶（成员编号），在与申请人的关系看不出时写（例如两对夫妻同住）', 'The member of this household who is this member’s spouse, where the relations to the applicant do not say it (two couples of one family living together).'),
  }),
  parentIds: z.array(Identifier).max(2).optional().meta({
    description: helpText('本户中谁是此人的父母（成员编号），在与申请人的关系看不出时写', 'The members of this household who are this member’s parents, where the relations to the applicant do not say it.'),
  }),
  hukou: Hukou.optional(),
  exclusion: z
    .enum(EXCLUSIONS)
    .optional()
    .meta({ description: helpText('不计入共同生活家庭成员的原因：prison 服刑、compulsoryRehabilitation 强制隔离戒毒、missing 宣告失踪、clergyApart 宗教教职人员、otherProvincial 省里规定的其他情形（民发〔2021〕57号第七条）', 'Why this person is not counted in the household (民发〔2021〕57号 art. 7).') }),
  incomes: z.array(Income).max(100).default([]).meta({ description: helpText('收入', 'Incomes.') }),
  disability: Disability.optional(),
  seriousIllness: z.boolean().default(false).meta({ description: helpText('患当地认定的重特大疾病', 'A locally recognised serious illness (重特大疾病).') }),
  student: Student.optional(),
  employment: z
    .enum(EMPLOYMENT_STATUSES)
    .optional()
    .meta({ description: helpText('就业状况：employed 就业、selfEmployed 自雇、unemployed 失业、retired 退休、notInLabourForce 不在劳动力中', 'Employment status.') }),
  refusedJobOffers: Count.default(0).meta({ description: helpText('无正当理由拒绝适当工作的次数（第三十四条）', 'Suitable jobs refused without good reason (art. 34).') }),
  selfCare: SelfCare.optional(),
  ruralCollective: z
    .boolean()
    .default(false)
    .meta({ description: helpText('有承包土地或参与农村集体收益分配（农村特困标准）', 'Holds contracted land or shares rural collective income (rural 特困 rate).') }),
  workInjuryNursingFee: z.boolean().default(false).meta({ description: helpText('领取工伤保险生活护理费', 'Receives a work-injury nursing allowance.') }),
  supportSetting: z
    .enum(SUPPORT_SETTINGS)
    .default('dispersed')
    .meta({ description: helpText('供养（养育）方式：dispersed 分散（在家），institutional 集中（在机构）', 'Where a 特困 person or a child is supported: at home (分散) or in an institution (集中).') }),
  supporters: z.array(Supporter).max(30).default([]).meta({ description: helpText('不在本户的法定义务人', 'Legally obliged supporters outside the household.') }),
  parents: z.array(Parent).max(2).default([]).meta({
    description: helpText(
      '父母的情况（民发〔2019〕62号）：不在本户的父母；同住的父母由其成员记录认定（去世、宣告失踪、服刑、强制隔离戒毒、重残、重病），需补充时写 memberId',
      'The parents’ situations (民发〔2019〕62号): parents outside the household; a parent living in it is read from his or her member record (died, declared missing, in prison, in compulsory rehabilitation, severely disabled, seriously ill), with an entry here (memberId) where more is needed.',
    ),
  }),
}).meta({ description: helpText('家庭成员（包括不计入的）', 'A member of the household (also one not counted).') });

export const FinancialAsset = z
  .strictObject({
    kind: z
      .enum(FINANCIAL_ASSET_KINDS)
      .meta({ description: helpText('种类：deposit 存款、securities 证券、fund 基金、commercialInsurance 商业保险、claim 债权、onlineFinancial 网络理财、other 其他', 'Kind of financial asset.') }),
    amount: Money,
  })
  .meta({ description: helpText('一项金融资产', 'A financial asset.') });

export const Vehicle = z.strictObject({
  value: Money.meta({ description: helpText('车辆价值（元）', 'Value in yuan.') }),
  exempt: z.boolean().default(false).meta({ description: helpText('豁免：生产所需或残疾人代步（第十四条）', 'Needed for production or disability mobility (art. 14).') }),
}).meta({ description: helpText('一辆机动车', 'A motor vehicle.') });

export const House = z.strictObject({
  floorArea: NonNegativeDecimal.optional().meta({ description: helpText('建筑面积（平方米）', 'Square metres.') }),
  exempt: z.boolean().default(false).meta({ description: helpText('豁免（按当地规定不计的住房）', 'Exempt under the local rules.') }),
}).meta({ description: helpText('一套住房', 'A house or flat.') });

export const Assets = z.strictObject({
  financial: z.array(FinancialAsset).max(100).default([]).meta({ description: helpText('金融资产', 'Financial assets.') }),
  vehicles: z.array(Vehicle).max(50).default([]).meta({ description: helpText('机动车', 'Motor vehicles.') }),
  houses: z.array(House).max(50).default([]).meta({ description: helpText('住房', 'Houses.') }),
}).meta({ description: helpText('家庭财产', 'The household’s property.') });

export const RigidExpenditure = z.strictObject({
  category: z
    .enum(RIGID_EXPENDITURE_CATEGORIES)
    .meta({ description: helpText('类别：medical 医疗、education 教育、rehabilitation 康复、other 其他', 'medical, education, rehabilitation or other.') }),
  amount: Money.meta({ description: helpText('自付金额（扣除保险、救助和补贴后）', 'Out of pocket, after insurance, assistance and subsidies.') }),
  date: IsoDate.meta({ description: helpText('支出日期', 'When it was spent.') }),
  memberId: Identifier.optional().meta({ description: helpText('为哪位成员（成员编号）', 'For which member (id).') }),
}).meta({ description: helpText('一项刚性支出', 'A rigid expenditure.') });

export const Enrolment = z
  .strictObject({
    program: z.string().min(1).max(100).meta({ description: helpText('项目编号，例如 dibao', 'The program id, e.g. dibao.') }),
    since: IsoDate.meta({ description: helpText('开始享受的日期', 'Receiving since.') }),
    memberIds: z.array(Identifier).max(50).optional().meta({ description: helpText('享受的成员（不写则全户）', 'The members enrolled (default: the household).') }),
    monthlyAmount: Money.optional().meta({ description: helpText('现在每月发放的金额', 'The amount paid a month now.') }),
    incomeFirstExceeded: IsoMonth.optional().meta({
      description: helpText(
        '渐退期：人均收入首次超过标准的月份 YYYY-MM（低保家庭收入已超过标准而未登记时，渐退期无法确定）',
        '渐退期: the month per-capita income first exceeded the standard (for a 低保 family now over it, the gradual exit is undetermined until recorded).',
      ),
    }),
    exceededBecause: z
      .enum(['employment', 'other'])
      .optional()
      .meta({
        description: helpText(
          '收入超过标准的原因：employment 就业，other 其他（低保家庭收入已超过标准而未登记时，渐退期无法确定）',
          'Why income went over: employment or other (for a 低保 family now over the standard, the gradual exit is undetermined until recorded).',
        ),
      }),
    approvedOn: IsoDate.optional().meta({
      description: helpText('审批日期（与 since 即开始发放的日期不同，发放从次月起，第二十一条）', 'The date the assistance was approved (审批), as distinct from `since`, when payment started (the month after, art. 21).'),
    }),
    lastReviewed: IsoDate.optional().meta({ description: helpText('上次复核的日期（动态管理）', 'The date of the last periodic review (复核) of the family (动态管理).') }),
  })
  .meta({ description: helpText('家庭（或部分成员）正在享受的项目', 'A program the household (or some members) currently receives.') });

export const HardshipEvent = z.strictObject({
  id: Identifier.meta({ description: helpText('事件编号', 'The event’s id.') }),
  type: z.enum(HARDSHIP_EVENT_TYPES).meta({ description: helpText('类型：emergency 急难型，expenditure 支出型', 'emergency or expenditure.') }),
  kind: z
    .enum(HARDSHIP_EVENT_KINDS)
    .meta({ description: helpText('事由：accident 意外、fire 火灾、traffic 交通事故、suddenIllness 突发重病、medical 医疗、education 教育、naturalDisaster 自然灾害、other 其他', 'What happened.') }),
  date: IsoDate.meta({ description: helpText('发生日期', 'When it happened.') }),
  region: RegionCode.meta({ description: helpText('发生地的行政区划代码：急难型按发生地标准，支出型按户籍地', 'Where it happened: an emergency is decided with that place’s standards (急难发生地); expenditure hardship with the household’s.') }),
  area: z.enum(AREAS).optional().meta({ description: helpText('发生地的城乡（默认与家庭相同）', 'Urban or rural where it happened (default: the household’s).') }),
  expense: Money.meta({ description: helpText('事件造成的必需支出（医疗费、学费等），元', 'The essential spending the event caused (medical bills, school fees …), in yuan.') }),
  loss: Money.optional().meta({ description: helpText('支出之外的损失（例如火灾损失），元', 'What the event destroyed or cost the family besides spending (a fire’s loss), in yuan.') }),
  received: z
    .strictObject({
      insurance: Money.optional().meta({ description: helpText('保险赔付', 'Insurance paid out for the event.') }),
      compensation: Money.optional().meta({ description: helpText('责任方的赔偿', 'Compensation paid by whoever was liable.') }),
      charity: Money.optional().meta({ description: helpText('慈善捐助', 'Charity and donations received for the event.') }),
      assistance: Money.optional().meta({ description: helpText('已经给予的救助（先行救助、其他政府帮扶）', 'Assistance already given for the same event (an advance, other government help).') }),
    })
    .optional()
    .meta({ description: helpText('家庭已为此事件获得的款项：从需要中扣除', 'What the family has already received for this event: it reduces the need that remains.') }),
  meansCheck: z.enum(MEANS_CHECK_STATES).optional().meta({
    description: helpText('家庭经济状况核查：pending 先行救助、核查未完成；done（或不写）已核查，以登记的收入财产为准', 'pending: an emergency helped first (先行救助), the income and property check still to come; done (or absent): the household’s recorded income and property are the check.'),
  }),
}).meta({ description: helpText('一次困难事件（临时救助）', 'A hardship event (临时救助).') });

export const Household = z
  .strictObject({
    $schema: z.string().optional().meta({ description: helpText('本文件的 JSON Schema 的路径（供编辑器提示）', 'Path of this file’s JSON Schema, for the editor.') }),
    id: Identifier.meta({ description: helpText('家庭编号', 'The household’s id.') }),
    region: RegionCode.meta({ description: helpText('申请地的行政区划代码，例如广州 440100', 'Where the family applies, e.g. 440100.') }),
    area: z.enum(AREAS).meta({ description: helpText('城乡：urban 城镇，rural 农村', 'urban or rural.') }),
    members: z.array(Member).min(1).max(50).meta({ description: helpText('家庭成员', 'The members.') }),
    assets: Assets.default({ financial: [], vehicles: [], houses: [] }),
    rigidExpenditures: z.array(RigidExpenditure).max(500).default([]).meta({ description: helpText('刚性支出（医疗、教育等）', 'Rigid expenditures (medical, education …).') }),
    enrolments: z.array(Enrolment).max(50).default([]).meta({ description: helpText('正在享受的救助', 'Assistance currently received.') }),
    events: z.array(HardshipEvent).max(50).default([]).meta({ description: helpText('困难事件（临时救助）', 'Hardship events (临时救助).') }),
    incomeUnstable: z.boolean().optional().meta({
      description: helpText('家庭收入不稳定：有劳动能力成员的，每 6 个月复核一次（动态管理）', 'The family’s income is unstable (收入不稳定): with members able to work, it is reviewed every 6 months (动态管理).'),
    }),
  })
  .meta({ title: 'jiuzhu household', description: helpText('申请或享受社会救助的家庭', 'A household applying for or receiving social assistance.') });

/** A validated household, with defaults filled in. */
export type Household = z.output<typeof Household>;
/** A household as written in JSON, before defaults. */
export type HouseholdInput = z.input<typeof Household>;
export type Member = z.output<typeof Member>;
export type HardshipEvent = z.output<typeof HardshipEvent>;
