import { z } from 'zod';
import { IsoDate, RegionCode, patternString } from '../household/primitives.js';
import { AREAS, INCOME_KINDS } from '../household/vocabulary.js';
import { ROUNDING_MODES } from '../money/decimal.js';

/**
 * The rule-file formats. Each file has a `kind`; this module is the source of truth and `schemas/*.json` are
 * generated from it (`npm run schemas`). Every object is strict: a misspelt key is an error with a suggestion.
 */

export const Bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }).meta({
  description: 'Text in Chinese and English.',
});

/**
 * A note that may reach an officer's explanation: in Chinese and English. A plain string is still read, so that
 * policy packs archived before notes were bilingual load and replay; `jiuzhu validate` warns about it.
 */
export const Note = z.union([z.string(), Bilingual]).meta({ description: 'A note, in Chinese and English ({"zh": …, "en": …}).' });

const Name = patternString(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'INVALID_NAME', 'A name: a letter, then letters, digits, _ . or -.').max(120);
const Grade = z.enum(['A', 'B', 'B-', 'C']).meta({
  description: 'A: official text; B: reputable report quoting an official notice; C: aggregator or Q&A page.',
});

// ---------------------------------------------------------------------------------------------------------------
// Conditions: json-rules-engine condition trees, with our own labels (id, message, citation) on any node.

export const ConditionValue = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.array(z.union([z.string(), z.number(), z.boolean()])),
    z.strictObject({ fact: Name, params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional() }),
    z.strictObject({
      param: Name,
      default: z.union([z.string(), z.number(), z.boolean()]).optional(),
      area: z.enum(AREAS).optional().meta({ description: 'Resolve for this area instead of the household’s.' }),
    }),
  ])
  .meta({ description: 'A literal, a fact ({"fact": name}) or a parameter ({"param": name}).' });

export interface ConditionInput {
  id?: string;
  message?: string;
  citation?: string;
  comment?: string;
  all?: ConditionInput[];
  any?: ConditionInput[];
  not?: ConditionInput;
  condition?: string;
  fact?: string;
  operator?: string;
  value?: z.infer<typeof ConditionValue>;
  params?: Record<string, string | number | boolean>;
  path?: string;
}

export const Condition: z.ZodType<ConditionInput> = z
  .strictObject({
    id: Name.optional().meta({ description: 'Names this node: reasons and overlay targets refer to it.' }),
    message: Name.optional().meta({ description: 'Message code (in this file’s "messages") explaining the outcome.' }),
    citation: Name.optional().meta({ description: 'Citation key (from a citations file).' }),
    comment: z.string().optional(),
    get all() {
      return z.array(Condition).optional();
    },
    get any() {
      return z.array(Condition).optional();
    },
    get not() {
      return Condition.optional();
    },
    condition: Name.optional().meta({ description: 'A shared condition by name (json-rules-engine style).' }),
    fact: Name.optional(),
    operator: z.string().optional(),
    value: ConditionValue.optional(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    path: z.string().optional(),
  })
  .superRefine((node, ctx) => {
    const kinds = ['all', 'any', 'not', 'condition', 'fact'].filter((k) => node[k as keyof ConditionInput] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'EXACTLY_ONE_OF', keys: 'all / any / not / condition / fact' },
      });
    }
    // A comparison's keys beside `all` or `condition` would be silently ignored.
    if (node.fact === undefined) {
      for (const key of ['operator', 'value', 'params', 'path'] as const) {
        if (node[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], params: { code: 'MISPLACED_KEY', key, with: 'fact' } });
      }
    }
    if (node.fact !== undefined) {
      if (node.operator === undefined) ctx.addIssue({ code: 'custom', path: ['operator'], params: { code: 'REQUIRED' } });
      if (node.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], params: { code: 'REQUIRED' } });
    }
  })
  .meta({ id: 'Condition', description: 'A json-rules-engine condition tree over catalog facts and parameters.' });

// ---------------------------------------------------------------------------------------------------------------
// Expressions: the small amount language, evaluated with decimal.js.

export interface ExpressionObject {
  param?: string;
  default?: string;
  area?: 'urban' | 'rural';
  fact?: string;
  params?: Record<string, string | number | boolean>;
  step?: string;
  add?: ExpressionInput[];
  sub?: ExpressionInput[];
  mul?: ExpressionInput[];
  div?: ExpressionInput[];
  min?: ExpressionInput[];
  max?: ExpressionInput[];
  firstAvailable?: ExpressionInput[];
  round?: ExpressionInput;
  places?: number;
  mode?: keyof typeof ROUNDING_MODES;
  if?: ConditionInput;
  then?: ExpressionInput;
  else?: ExpressionInput;
  tiers?: ExpressionInput;
  table?: { below: ExpressionInput; then: ExpressionInput }[];
}
export type ExpressionInput = string | number | ExpressionObject;

export const EXPRESSION_OPERATORS = ['param', 'fact', 'step', 'add', 'sub', 'mul', 'div', 'min', 'max', 'firstAvailable', 'round', 'if', 'tiers'] as const;

/** The keys that only mean something beside certain operators (`else` is also the last tier of `tiers`). */
const EXPRESSION_COMPANIONS: readonly [keyof ExpressionObject, readonly (keyof ExpressionObject)[]][] = [
  ['default', ['param']],
  ['area', ['param']],
  ['params', ['fact']],
  ['places', ['round']],
  ['mode', ['round']],
  ['then', ['if']],
  ['else', ['if', 'tiers']],
  ['table', ['tiers']],
];

export const Expression: z.ZodType<ExpressionInput> = z
  .union([
    z.string().meta({ description: 'A decimal literal, e.g. "1.6".' }),
    z.number().int(),
    z
      .strictObject({
        param: Name.optional(),
        default: z.string().optional(),
        area: z.enum(AREAS).optional(),
        fact: Name.optional(),
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        step: Name.optional(),
        get add() {
          return z.array(Expression).min(1).optional();
        },
        get sub() {
          return z.array(Expression).length(2).optional();
        },
        get mul() {
          return z.array(Expression).min(1).optional();
        },
        get div() {
          return z.array(Expression).length(2).optional();
        },
        get min() {
          return z.array(Expression).min(1).optional();
        },
        get max() {
          return z.array(Expression).min(1).optional();
        },
        get firstAvailable() {
          return z
            .array(Expression)
            .min(1)
            .optional()
            .meta({
              description:
                'The first alternative whose parameters all have a value in force (e.g. a published local figure, else a multiple of the standard).',
            });
        },
        get round() {
          return Expression.optional();
        },
        places: z.number().int().min(0).max(8).optional(),
        mode: z.enum(Object.keys(ROUNDING_MODES) as [keyof typeof ROUNDING_MODES]).optional(),
        get if() {
          return Condition.optional();
        },
        get then() {
          return Expression.optional();
        },
        get else() {
          return Expression.optional();
        },
        get tiers() {
          return Expression.optional();
        },
        get table() {
          return z.array(z.strictObject({ below: Expression, then: Expression })).min(1).optional();
        },
      })
      .superRefine((node, ctx) => {
        const ops = EXPRESSION_OPERATORS.filter((k) => node[k] !== undefined);
        if (ops.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            params: { code: 'EXACTLY_ONE_OF', keys: EXPRESSION_OPERATORS.join(' / ') },
          });
        }
        // A key that belongs to another operator would be silently ignored: `places` beside `sub` rounds nothing.
        for (const [key, operators] of EXPRESSION_COMPANIONS) {
          if (node[key] !== undefined && !operators.some((operator) => node[operator] !== undefined)) {
            ctx.addIssue({ code: 'custom', path: [key], params: { code: 'MISPLACED_KEY', key, with: operators.join(' / ') } });
          }
        }
      }),
  ])
  .meta({ id: 'Expression', description: 'An amount expression: a decimal literal or one operator object.' });

// ---------------------------------------------------------------------------------------------------------------
// Citations

export const Citation = z.strictObject({
  document: z.string().min(1).meta({ description: 'Title of the document, e.g. 最低生活保障审核确认办法.' }),
  documentEn: z.string().optional(),
  number: z.string().optional().meta({ description: 'Document number, e.g. 民发〔2021〕57号.' }),
  article: z.string().optional().meta({ description: 'Article, e.g. 第二十三条.' }),
  articleEn: z.string().optional(),
  url: z.string().optional(),
  grade: Grade,
  note: Note.optional(),
});
export type Citation = z.infer<typeof Citation>;

export const CitationsFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('citations'),
  citations: z.record(Name, Citation),
});

// ---------------------------------------------------------------------------------------------------------------
// Parameters

export const Source = z.strictObject({
  document: z.string().min(1),
  number: z.string().optional(),
  article: z.string().optional(),
  url: z.string().optional(),
  publisher: z.string().optional(),
  note: Note.optional(),
});

export const ParameterValue = z
  .strictObject({
    region: RegionCode.optional().meta({ description: 'Division code the value applies to; 000000 = national.' }),
    group: Name.optional().meta({ description: 'Or a region group (e.g. a Guangdong standard class).' }),
    area: z.enum([...AREAS, 'all']).default('all'),
    from: IsoDate.meta({ description: 'In force from this date (inclusive).' }),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    per: z.enum(['month', 'year']).optional().meta({ description: 'For money given per year: converted ÷ 12 exactly.' }),
    formula: Expression.optional().meta({ description: 'Defined from other parameters, e.g. 1.5 × the standard.' }),
    source: Source.optional(),
    grade: Grade.optional(),
    illustrative: z.boolean().optional(),
    note: Note.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.region === undefined) === (v.group === undefined)) {
      ctx.addIssue({ code: 'custom', params: { code: 'EXACTLY_ONE_OF', keys: 'region / group' } });
    }
    if ((v.value === undefined) === (v.formula === undefined)) {
      ctx.addIssue({ code: 'custom', params: { code: 'EXACTLY_ONE_OF', keys: 'value / formula' } });
    }
    const sourced = v.source !== undefined && v.grade !== undefined;
    const marked = v.illustrative === true && v.note !== undefined;
    if (!sourced && !marked) ctx.addIssue({ code: 'custom', params: { code: 'SOURCE_REQUIRED' } });
  });
export type ParameterValue = z.output<typeof ParameterValue>;

export const PARAMETER_TYPES = ['money', 'ratio', 'count', 'months', 'years', 'boolean', 'decimal', 'text'] as const;

export const ParameterDefinition = z.strictObject({
  type: z.enum(PARAMETER_TYPES),
  description: Bilingual,
  optional: z
    .boolean()
    .default(false)
    .meta({ description: 'When no value is in force, rules use their default instead of failing (e.g. a local minimum payment).' }),
  localStandard: z
    .boolean()
    .default(false)
    .meta({ description: 'Set by cities: warn when a decision falls back to a provincial or national value.' }),
  values: z.array(ParameterValue).default([]),
});
export type ParameterDefinition = z.output<typeof ParameterDefinition>;

export const RegionGroup = z.strictObject({
  name: Bilingual,
  regions: z.array(RegionCode).min(1),
  source: Source.optional(),
  grade: Grade.optional(),
});

export const ParametersFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('parameters'),
  comment: z.string().optional(),
  regionGroups: z.record(Name, RegionGroup).default({}),
  parameters: z.record(Name, ParameterDefinition).default({}).meta({ description: 'New parameters this layer defines.' }),
  values: z
    .record(Name, z.array(ParameterValue))
    .default({})
    .meta({ description: 'Values, for regions of this layer, of parameters defined in a layer this one extends.' }),
});

// ---------------------------------------------------------------------------------------------------------------
// Income bases

export const IncomeTreatment = z.strictObject({
  treatment: z.enum(['counted', 'excluded', 'deducted']),
  excludedWhen: Condition.optional().meta({ description: 'Member-level condition under which a counted kind is left out.' }),
  citation: Name.optional(),
  comment: z.string().optional(),
});

export const IncomeBasis = z.strictObject({
  name: Bilingual,
  citation: Name,
  kinds: z.partialRecord(z.enum(INCOME_KINDS), IncomeTreatment),
});

export const IncomeFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('income'),
  bases: z.record(Name, IncomeBasis),
});

// ---------------------------------------------------------------------------------------------------------------
// Shared conditions and messages

export const MessagePair = z.strictObject({
  pass: Bilingual,
  fail: Bilingual,
  unknown: Bilingual.optional().meta({ description: 'When the fact has no value for this household (e.g. not recorded).' }),
});

export const ConditionsFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('conditions'),
  conditions: z.record(Name, Condition),
  messages: z.record(Name, MessagePair).default({}),
});

// ---------------------------------------------------------------------------------------------------------------
// Programs

export const Rounding = z.strictObject({
  places: z.number().int().min(0).max(2),
  mode: z.enum(Object.keys(ROUNDING_MODES) as [keyof typeof ROUNDING_MODES]),
});

export const Step = z.strictObject({
  id: Name,
  label: Bilingual,
  expr: Expression,
  citation: Name.optional(),
});

export const Supplement = z.strictObject({
  id: Name,
  label: Bilingual,
  when: Condition,
  expr: Expression,
  citation: Name.optional(),
});

export const Amount = z.strictObject({
  period: z.enum(['month', 'year', 'once']),
  rounding: Rounding,
  beneficiaries: Condition.optional().meta({
    description: 'Household programs: which counted members share the amount (default: all counted members).',
  }),
  steps: z.array(Step).min(1).meta({
    description: 'Evaluated in order; the last is the amount (household programs: split equally, remainder fen to the first members).',
  }),
  supplements: z.array(Supplement).default([]).meta({ description: 'Per-member extras on top (e.g. 分类施保).' }),
});

export const Classification = z.strictObject({
  id: Name,
  label: Bilingual,
  options: z
    .array(z.strictObject({ value: Name, label: Bilingual, when: Condition, citation: Name.optional() }))
    .min(1)
    .meta({ description: 'The first option whose condition holds is taken; conditions may read the amount steps (fact amountStep).' }),
});

export const Program = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('program'),
  id: Name,
  name: Bilingual,
  level: z.enum(['household', 'person', 'event']).meta({
    description: 'household: one decision for the family; person: one per member; event: one per hardship event (临时救助).',
  }),
  citation: Name,
  comment: z.string().optional(),
  candidates: z
    .enum(['counted', 'all'])
    .default('counted')
    .meta({ description: 'Person programs: which members are considered.' }),
  excludedBy: z
    .array(z.union([Name, z.strictObject({ program: Name, citation: Name })]))
    .default([])
    .meta({ description: 'Not granted to whoever is granted one of these programs (optionally citing the rule that says so).' }),
  membersLeftOut: z
    .array(Name)
    .default([])
    .meta({ description: 'Members granted these programs are left out of this program’s household (e.g. 特困 from 低保).' }),
  eligibility: Condition,
  amount: Amount.optional(),
  classifications: z.array(Classification).default([]).meta({
    description: 'Labels for what is granted, e.g. the approval level (township or county) of temporary assistance.',
  }),
  notes: z.array(Condition).default([]).meta({
    description: 'Conditions that explain (e.g. the self-care items not achieved) without deciding eligibility.',
  }),
  undeterminedWhen: Condition.optional().meta({
    description:
      'When this holds, the subject cannot be decided yet — neither granted nor refused — and the decision says why with the condition’s message (e.g. a means check still pending when no advance may be paid).',
  }),
  inForce: z
    .strictObject({ from: IsoDate, until: IsoDate.optional() })
    .optional()
    .meta({ description: 'When the program exists at all (e.g. 刚性支出困难家庭 from 2025-01-01); outside it nothing is granted.' }),
  validity: z
    .strictObject({ param: Name })
    .optional()
    .meta({ description: 'A recognition lasts this many months (a months parameter): the decision says until when.' }),
  messages: z.record(Name, MessagePair).default({}),
});
export type Program = z.output<typeof Program>;

// ---------------------------------------------------------------------------------------------------------------
// Circles, overlays, manifest

export const CirclesFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('circles'),
  circles: z.array(
    z.strictObject({
      circle: z.enum(['absolute', 'relative', 'other']),
      anyGranted: z.array(Name).min(1),
      citation: Name,
      message: Bilingual,
    }),
  ),
});

export const Override = z.strictObject({
  target: z.string().min(1).meta({
    description:
      'What is replaced: parameter:NAME, program:ID, program:ID/condition:ID, program:ID/step:ID, program:ID/message:CODE, income:BASIS/KIND, citation:KEY, condition:NAME.',
  }),
  value: z.unknown(),
  reason: Bilingual,
  citation: Name.optional(),
});

export const OverlayFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('overlay'),
  overrides: z.array(Override).min(1),
});

export const PolicyManifest = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('policy'),
  id: Name,
  version: z.string().min(1),
  name: Bilingual,
  region: RegionCode,
  extends: z.string().optional().meta({ description: 'Relative path of the policy directory this one builds on.' }),
});

// ---------------------------------------------------------------------------------------------------------------
// Screening (政策找人): early warnings for households just above a line

export const EarlyWarning = z
  .strictObject({
    id: Name.meta({ description: 'Names the warning in screening results, e.g. "dibao.nearStandard".' }),
    program: Name.meta({ description: 'The program whose line the household is close to.' }),
    label: Bilingual,
    fact: Name.meta({ description: 'A household money fact compared with the line, e.g. perCapitaIncome.' }),
    params: z.record(z.string(), z.string()).optional().meta({ description: 'Params of the fact (e.g. an income basis).' }),
    line: Name.meta({ description: 'The money parameter the band sits above, e.g. dibao.standard.' }),
    band: Name.meta({ description: 'A ratio parameter: warn while line ≤ fact ≤ line × (1 + band).' }),
    citation: Name.optional(),
  })
  .meta({ description: 'Warn when a household is at or above a line, but within a band above it (about to fall into hardship).' });

// Dynamic management (动态管理) of enrolled households: when the periodic review (复核) is due, and what a recipient's
// death asks of the family's enrolment.

export const PeriodicReview = z
  .strictObject({
    id: Name.meta({ description: 'Names the review rule in screening results, e.g. "dibao.review.yearly".' }),
    program: Name.meta({ description: 'The program whose enrolled households are reviewed.' }),
    label: Bilingual.meta({ description: 'Which households this interval is for, e.g. 收入稳定的低保家庭每年复核一次.' }),
    when: Condition.optional().meta({
      description: 'A household condition for this interval; without it the rule applies to every enrolled household not taken by an earlier rule.',
    }),
    interval: Name.meta({ description: 'A months parameter: the review is due this many months after the last one.' }),
    citation: Name,
  })
  .meta({
    description:
      'A periodic review (复核) of the households enrolled in a program. Of the rules for one program, the first (in file order, national layer first) whose `when` holds gives the interval.',
  });

export const RecipientDeath = z
  .strictObject({
    id: Name.meta({ description: 'Names the rule in screening results, e.g. "dibao.recipientDied".' }),
    program: Name.meta({ description: 'The program whose enrolment covered the member who died.' }),
    label: Bilingual,
    within: Name.meta({ description: 'A months parameter: the family is re-checked and its amount settled within this many months of the death.' }),
    citation: Name,
  })
  .meta({ description: 'A member covered by an enrolment has died: the family must be re-checked within a time limit.' });

export const ScreeningFile = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('screening'),
  comment: z.string().optional(),
  warnings: z.array(EarlyWarning).default([]),
  reviews: z.array(PeriodicReview).default([]),
  deaths: z.array(RecipientDeath).default([]),
});
export type EarlyWarningInput = z.output<typeof EarlyWarning>;
export type PeriodicReviewInput = z.output<typeof PeriodicReview>;
export type RecipientDeathInput = z.output<typeof RecipientDeath>;

/** Every rule-file kind and its schema; the generated JSON Schemas are named after these keys. */
export const RULE_FILE_SCHEMAS = {
  policy: PolicyManifest,
  parameters: ParametersFile,
  program: Program,
  income: IncomeFile,
  conditions: ConditionsFile,
  citations: CitationsFile,
  circles: CirclesFile,
  overlay: OverlayFile,
  screening: ScreeningFile,
} as const;
export type RuleFileKind = keyof typeof RULE_FILE_SCHEMAS;
