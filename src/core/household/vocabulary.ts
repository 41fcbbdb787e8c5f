/**
 * The closed vocabularies of the household input. Rule files classify these values (e.g. which income kinds count);
 * adding a value here is a format change and every rule file must then classify it.
 */

export const AREAS = ['urban', 'rural'] as const;
export type Area = (typeof AREAS)[number];

export const RELATIONS = ['applicant', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'childInLaw', 'other'] as const;

/** Why a person who lives with the family is not counted in it (民发〔2021〕57号 art. 7). */
export const EXCLUSIONS = ['prison', 'compulsoryRehabilitation', 'missing', 'clergyApart', 'otherProvincial'] as const;

/**
 * Income kinds (民发〔2021〕57号 art. 13). Whether each counts, is left out or is deducted is for the rule files
 * (`kind: "income"`), not for code.
 */
export const INCOME_KINDS = [
  // counted under the national rules
  'wage',
  'business',
  'propertyIncome',
  'pension',
  'residentPensionPersonalAccount',
  'unemploymentBenefit',
  'supportReceived',
  'supportFromSiblingsOrElderly',
  'compensation',
  'gift',
  'oldAgeAllowance',
  'medicalInsuranceReimbursement',
  'other',
  // left out under the national rules
  'preferentialTreatment',
  'familyPlanning',
  'scholarship',
  'award',
  'socialAssistance',
  'disabilityAllowance',
  'centralBasicPension',
  'childAllowance',
  // paid out, deducted
  'taxPaid',
  'socialInsuranceContribution',
  'supportPaid',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

export const INCOME_PERIODS = ['month', 'year', 'once'] as const;
export type IncomePeriod = (typeof INCOME_PERIODS)[number];

export const DISABILITY_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;

export const STUDENT_LEVELS = [
  'preschool',
  'primary',
  'juniorSecondary',
  'seniorSecondary',
  'secondaryVocational',
  'higherVocational',
  'undergraduate',
  'postgraduate',
] as const;

export const EMPLOYMENT_STATUSES = ['employed', 'selfEmployed', 'unemployed', 'retired', 'notInLabourForce'] as const;

/** The six self-care items of 民发〔2021〕43号 arts. 20–23, in the order the law lists them. */
export const SELF_CARE_ITEMS = ['eating', 'dressing', 'transferring', 'toileting', 'walkingIndoors', 'bathing'] as const;
export type SelfCareItem = (typeof SELF_CARE_ITEMS)[number];

export const FINANCIAL_ASSET_KINDS = ['deposit', 'securities', 'fund', 'commercialInsurance', 'claim', 'onlineFinancial', 'other'] as const;

export const RIGID_EXPENDITURE_CATEGORIES = ['medical', 'education', 'rehabilitation', 'other'] as const;

/** Situations of a legally obliged supporter that mean he or she cannot support (民发〔2021〕43号 art. 8). */
export const SUPPORTER_INCAPACITIES = ['noCivilCapacity', 'missing', 'prison', 'otherProvincial'] as const;

/** Situations of a parent that can make a child de facto unsupported (民发〔2019〕62号). */
export const PARENT_SITUATIONS = [
  'deceased',
  'missing',
  'severeDisability',
  'seriousIllness',
  'prisonOrDetention',
  'compulsoryRehabilitation',
  'outOfContact',
  'present',
] as const;

/** Where a 特困 person or a child is supported: at home (分散) or in an institution (集中). */
export const SUPPORT_SETTINGS = ['dispersed', 'institutional'] as const;

export const HARDSHIP_EVENT_TYPES = ['emergency', 'expenditure'] as const;

/**
 * Where the family's income and property check (家庭经济状况核查) stands for a hardship event: 急难型 临时救助 may be
 * paid as a small advance before it (先行救助) and checked afterwards (事后补充程序); the check is deferred, not waived.
 */
export const MEANS_CHECK_STATES = ['pending', 'done'] as const;

/** Marital status (婚姻状况): single-parent families are a 分类施保 group in some cities (Zhongshan). */
export const MARITAL_STATUSES = ['unmarried', 'married', 'divorced', 'widowed'] as const;

/** The type of a household registration (户口性质): agricultural, non-agricultural, or the unified resident type. */
export const HUKOU_TYPES = ['agricultural', 'nonAgricultural', 'resident'] as const;
export const HARDSHIP_EVENT_KINDS = ['accident', 'fire', 'traffic', 'suddenIllness', 'medical', 'education', 'naturalDisaster', 'other'] as const;
