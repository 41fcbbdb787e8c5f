import { z } from 'zod';
import { IsoDate, RegionCode, patternString } from '../household/primitives.js';
import { AREAS, INCOME_KINDS } from '../household/vocabulary.js';
import { ROUNDING_MODES } from '../money/decimal.js';
import { helpText } from '../text/helpText.js';

/**
 * The rule-file formats. Each file has a `kind`; this module is the source of truth and `schemas/*.json` are
 * generated from it (`npm run schemas`). Every object is strict: a misspelt key is an error with a suggestion.
 */

export const Bilingual = z
  .strictObject({
    zh: z.string().min(1).meta({ description: helpText('中文', 'Chinese') }),
    en: z.string().min(1).meta({ description: helpText('英文', 'English') }),
  })
  .meta({ description: helpText('中英文两种文字：{"zh": "…", "en": "…"}', 'Text in Chinese and English.') });

/** The `$schema` key every rule file may carry: where the editor finds the file's JSON Schema. */
const SchemaPath = z
  .string()
  .optional()
  .meta({
    description: helpText(
      '本文件的 JSON Schema 的路径，编辑器据此提示和检查，例如 "../../schemas/parameters.schema.json"',
      'Path of this file’s JSON Schema, for the editor, e.g. "../../schemas/parameters.schema.json".',
    ),
  });

/** A `comment` key: for people reading the file; jiuzhu ignores it. */
const Comment = z
  .string()
  .optional()
  .meta({ description: helpText('注释，写给读文件的人看，程序不读', 'A comment for people reading the file; not read by jiuzhu.') });

/**
 * A note that may reach an officer's explanation: in Chinese and English. A plain string is still read, so that
 * policy packs archived before notes were bilingual load and replay; `jiuzhu validate` warns about it.
 */
export const Note = z
  .union([z.string(), Bilingual])
  .meta({ description: helpText('说明，中英文都写：{"zh": "…", "en": "…"}（会出现在决定的说明里）', 'A note, in Chinese and English ({"zh": …, "en": …}); it may reach an explanation.') });

const Name = patternString(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'INVALID_NAME', helpText('名称：以英文字母开头，其后是字母、数字或 _ . -', 'A name: a letter, then letters, digits, _ . or -.')).max(120);
const Grade = z.enum(['A', 'B', 'B-', 'C']).meta({
  description: helpText(
    '来源等级：A 官方原文；B 可靠报道引述的官方通知（B- 略弱）；C 汇编或问答网页',
    'Source grade: A official text; B reputable report quoting an official notice (B- weaker); C aggregator or Q&A page.',
  ),
});

// ---------------------------------------------------------------------------------------------------------------
// Conditions: json-rules-engine condition trees, with our own labels (id, message, citation) on any node.

export const ConditionValue = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.array(z.union([z.string(), z.number(), z.boolean()])),
    z.strictObject({
      fact: Name.meta({ description: helpText('事实名，例如 perCapitaIncome', 'A fact name, e.g. perCapitaIncome.') }),
      params: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
        .optional()
        .meta({ description: helpText('事实的参数', 'Params of the fact.') }),
    }),
    z.strictObject({
      param: Name.meta({ description: helpText('参数名，例如 "dibao.standard"', 'A parameter name, e.g. "dibao.standard".') }),
      default: z
        .union([z.string(), z.number(), z.boolean()])
        .optional()
        .meta({ description: helpText('参数没有在用的值时用这个值', 'Used when the parameter has no value in force.') }),
      area: z
        .enum(AREAS)
        .optional()
        .meta({ description: helpText('按这个城乡类别取值（urban 城镇，rural 农村），而不是按家庭的', 'Resolve for this area instead of the household’s.') }),
    }),
  ])
  .meta({
    description: helpText(
      '比较的值：直接写的值、一个事实 {"fact": 名称} 或一个参数 {"param": 名称}（金额请用参数，不要直接写数字）',
      'A literal, a fact ({"fact": name}) or a parameter ({"param": name}); money belongs in a parameter.',
    ),
  });

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
    id: Name.optional().meta({
      description: helpText('这一条件的编号：审查理由和 overlay 的 target 用它指这一条', 'Names this node: reasons and overlay targets refer to it.'),
    }),
    message: Name.optional().meta({
      description: helpText('说明结果的消息代码（本文件 "messages" 里的）', 'Message code (in this file’s "messages") explaining the outcome.'),
    }),
    citation: Name.optional().meta({ description: helpText('依据：citations.json 里的引文编号', 'Citation key (from a citations file).') }),
    comment: Comment,
    get all() {
      return z.array(Condition).optional().meta({ description: helpText('以下条件全部满足', 'Every condition below holds.') });
    },
    get any() {
      return z.array(Condition).optional().meta({ description: helpText('以下条件至少一个满足', 'At least one condition below holds.') });
    },
    get not() {
      return Condition.optional().meta({ description: helpText('这个条件不满足', 'This condition does not hold.') });
    },
    condition: Name.optional().meta({
      description: helpText('引用 conditions.json 里的一个共用条件', 'A shared condition by name (json-rules-engine style).'),
    }),
    fact: Name.optional().meta({
      description: helpText('要比较的事实，例如 perCapitaIncome（全部事实见 jiuzhu facts）', 'The fact compared, e.g. perCapitaIncome (all facts: jiuzhu facts).'),
    }),
    operator: z
      .string()
      .optional()
      .meta({
        description: helpText(
          '比较方式：lessThan 小于、lessThanInclusive 不大于、greaterThan 大于、greaterThanInclusive 不小于、equal 等于、notEqual 不等于、in 属于、notIn 不属于',
          'The comparison: lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, equal, notEqual, in, notIn.',
        ),
      }),
    value: ConditionValue.optional(),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .meta({ description: helpText('事实的参数，例如收入口径 {"basis": "dibao"}', 'Params of the fact, e.g. an income basis {"basis": "dibao"}.') }),
    path: z.string().optional().meta({ description: helpText('取事实值里的一项（JSONPath）', 'A property of the fact’s value (JSONPath).') }),
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
  .meta({
    id: 'Condition',
    description: helpText(
      '条件：all（全部满足）、any（任一满足）、not（不满足）、condition（共用条件）或 fact（一个比较）中的一种',
      'A json-rules-engine condition tree over catalog facts and parameters: one of all, any, not, condition or fact.',
    ),
  });

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

const RoundingMode = z.enum(Object.keys(ROUNDING_MODES) as [keyof typeof ROUNDING_MODES]).meta({
  description: helpText('舍入方式：halfUp 四舍五入、halfEven 四舍六入五成双、up 进位、down 舍去', 'Rounding mode: halfUp, halfEven, up (away from zero), down (towards zero).'),
});

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
    z.string().meta({ description: helpText('直接写的数，带引号，例如 "1.6"', 'A decimal literal, e.g. "1.6".') }),
    z.number().int().meta({ description: helpText('整数', 'A whole number.') }),
    z
      .strictObject({
        param: Name.optional().meta({ description: helpText('取参数的值，例如 "dibao.standard"', 'The value of a parameter, e.g. "dibao.standard".') }),
        default: z.string().optional().meta({ description: helpText('参数没有在用的值时用这个值', 'Used when the parameter has no value in force.') }),
        area: z
          .enum(AREAS)
          .optional()
          .meta({ description: helpText('按这个城乡类别取参数值（urban 城镇，rural 农村）', 'Resolve the parameter for this area.') }),
        fact: Name.optional().meta({ description: helpText('取事实的值，例如 perCapitaIncome', 'The value of a fact, e.g. perCapitaIncome.') }),
        params: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
          .optional()
          .meta({ description: helpText('事实的参数，例如收入口径', 'Params of the fact, e.g. an income basis.') }),
        step: Name.optional().meta({ description: helpText('前面某一计算步骤的结果（步骤编号）', 'The result of an earlier step (its id).') }),
        get add() {
          return z.array(Expression).min(1).optional().meta({ description: helpText('相加', 'The sum.') });
        },
        get sub() {
          return z.array(Expression).length(2).optional().meta({ description: helpText('相减：[被减数, 减数]', 'The difference: [a, b] is a − b.') });
        },
        get mul() {
          return z.array(Expression).min(1).optional().meta({ description: helpText('相乘', 'The product.') });
        },
        get div() {
          return z.array(Expression).length(2).optional().meta({ description: helpText('相除：[被除数, 除数]', 'The quotient: [a, b] is a ÷ b.') });
        },
        get min() {
          return z.array(Expression).min(1).optional().meta({ description: helpText('取最小值', 'The smallest.') });
        },
        get max() {
          return z.array(Expression).min(1).optional().meta({ description: helpText('取最大值', 'The largest.') });
        },
        get firstAvailable() {
          return z
            .array(Expression)
            .min(1)
            .optional()
            .meta({
              description: helpText(
                '依次取第一个参数都有在用值的写法（例如有本地公布的数就用它，否则用标准的倍数）',
                'The first alternative whose parameters all have a value in force (e.g. a published local figure, else a multiple of the standard).',
              ),
            });
        },
        get round() {
          return Expression.optional().meta({ description: helpText('取整：配合 places 和 mode', 'Rounds, with places and mode.') });
        },
        places: z.number().int().min(0).max(8).optional().meta({ description: helpText('保留的小数位数', 'Decimal places kept.') }),
        mode: RoundingMode.optional(),
        get if() {
          return Condition.optional().meta({ description: helpText('条件：满足时取 then，否则取 else', 'If this holds, then; otherwise else.') });
        },
        get then() {
          return Expression.optional().meta({ description: helpText('条件满足时的值', 'The value when the condition holds.') });
        },
        get else() {
          return Expression.optional().meta({ description: helpText('条件不满足（或分档都不适用）时的值', 'The value otherwise (or past the last tier).') });
        },
        get tiers() {
          return Expression.optional().meta({ description: helpText('分档：按这个值查 table', 'Tiers: this value is looked up in table.') });
        },
        get table() {
          return z
            .array(
              z.strictObject({
                below: Expression.meta({ description: helpText('低于这个值时', 'While the value is below this.') }),
                then: Expression.meta({ description: helpText('取这个值', 'Take this.') }),
              }),
            )
            .min(1)
            .optional()
            .meta({ description: helpText('分档表，从低到高', 'The tiers, lowest first.') });
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
  .meta({
    id: 'Expression',
    description: helpText('金额算式：一个数，或一个运算对象（add、sub、mul、param …中的一种）', 'An amount expression: a decimal literal or one operator object.'),
  });

// ---------------------------------------------------------------------------------------------------------------
// Citations

export const Citation = z.strictObject({
  document: z.string().min(1).meta({ description: helpText('文件名称，例如 最低生活保障审核确认办法', 'Title of the document, e.g. 最低生活保障审核确认办法.') }),
  documentEn: z.string().optional().meta({ description: helpText('文件名称的英文译名', 'The title in English.') }),
  number: z.string().optional().meta({ description: helpText('文号，例如 民发〔2021〕57号', 'Document number, e.g. 民发〔2021〕57号.') }),
  article: z.string().optional().meta({ description: helpText('条款，例如 第二十三条', 'Article, e.g. 第二十三条.') }),
  articleEn: z.string().optional().meta({ description: helpText('条款的英文，例如 art. 23', 'The article in English, e.g. art. 23.') }),
  url: z.string().optional().meta({ description: helpText('原文网址', 'Where the text is published.') }),
  grade: Grade,
  note: Note.optional(),
});
export type Citation = z.infer<typeof Citation>;

export const CitationsFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('citations').meta({ description: helpText('文件类型：引文', 'File kind: citations.') }),
  citations: z.record(Name, Citation).meta({
    description: helpText('引文：编号 → 文件和条款；规则用 "citation": 编号 引用', 'Citations by key: rules cite them with "citation": key.'),
  }),
});

// ---------------------------------------------------------------------------------------------------------------
// Parameters

export const Source = z
  .strictObject({
    document: z.string().min(1).meta({ description: helpText('发布这个数值的文件名称', 'The document that publishes the value.') }),
    number: z.string().optional().meta({ description: helpText('文号，例如 穗民规字〔2024〕5号', 'Document number.') }),
    article: z.string().optional().meta({ description: helpText('条款', 'Article.') }),
    url: z.string().optional().meta({ description: helpText('原文网址', 'Where it is published.') }),
    publisher: z.string().optional().meta({ description: helpText('发布机关，例如 广州市民政局', 'Who published it.') }),
    note: Note.optional(),
  })
  .meta({ description: helpText('数值的来源（必须写，或者标为 illustrative 示意值）', 'Where the value comes from (required, unless marked illustrative).') });

export const ParameterValue = z
  .strictObject({
    region: RegionCode.optional().meta({
      description: helpText('适用的行政区划代码，例如广州 440100；000000 为全国', 'Division code the value applies to, e.g. 440100; 000000 = national.'),
    }),
    group: Name.optional().meta({
      description: helpText('或一个地区组（parameters.json 的 regionGroups，例如广东的标准类别）', 'Or a region group (e.g. a Guangdong standard class).'),
    }),
    area: z
      .enum([...AREAS, 'all'])
      .default('all')
      .meta({ description: helpText('城乡：urban 城镇，rural 农村，all 城乡统一（默认）', 'urban, rural, or all (the default).') }),
    from: IsoDate.meta({
      description: helpText('生效日期（含当天），YYYY-MM-DD；此前的日期仍用旧值', 'In force from this date (inclusive); earlier dates keep the earlier value.'),
    }),
    value: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .meta({ description: helpText('数值；金额写成带引号的两位小数，例如 "1400.00"，不要千位逗号', 'The value; money as a quoted decimal, e.g. "1400.00", no thousands separator.') }),
    per: z
      .enum(['month', 'year'])
      .optional()
      .meta({ description: helpText('金额的周期：month 每月，year 每年（按 ÷ 12 精确换算为月）', 'For money given per year: converted ÷ 12 exactly.') }),
    formula: Expression.optional().meta({
      description: helpText('或由其他参数算出，例如低保标准的 1.5 倍（与 value 二选一）', 'Or defined from other parameters, e.g. 1.5 × the standard (instead of value).'),
    }),
    source: Source.optional(),
    grade: Grade.optional(),
    illustrative: z.boolean().optional().meta({
      description: helpText(
        '示意值：没有正式来源时写 true 并在 note 里说明；用到它的决定都会提示',
        'No published source: true, with a note; every decision that uses it warns.',
      ),
    }),
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
  type: z.enum(PARAMETER_TYPES).meta({
    description: helpText(
      '类型：money 金额、ratio 比例、count 个数、months 月数、years 年数、boolean 是否、decimal 小数、text 文字',
      'Type: money, ratio, count, months, years, boolean, decimal or text.',
    ),
  }),
  description: Bilingual.meta({ description: helpText('参数的含义（中英文）', 'What the parameter means, in Chinese and English.') }),
  optional: z
    .boolean()
    .default(false)
    .meta({
      description: helpText(
        '可选参数：没有在用的值时，规则用自己的默认值而不报错（例如当地的最低发放额）',
        'When no value is in force, rules use their default instead of failing (e.g. a local minimum payment).',
      ),
    }),
  localStandard: z
    .boolean()
    .default(false)
    .meta({
      description: helpText('应由市县自定的标准：决定改用省或国家的值时提示', 'Set by cities: warn when a decision falls back to a provincial or national value.'),
    }),
  values: z
    .array(ParameterValue)
    .default([])
    .meta({ description: helpText('各地区、各时期的取值（一条一个生效日期，旧值不要删）', 'Values by region and date (one entry per start date; keep the old ones).') }),
});
export type ParameterDefinition = z.output<typeof ParameterDefinition>;

export const RegionGroup = z.strictObject({
  name: Bilingual.meta({ description: helpText('地区组的名称（中英文）', 'The group’s name, in Chinese and English.') }),
  regions: z.array(RegionCode).min(1).meta({ description: helpText('组内的行政区划代码', 'The division codes in the group.') }),
  source: Source.optional(),
  grade: Grade.optional(),
});

export const ParametersFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('parameters').meta({ description: helpText('文件类型：参数', 'File kind: parameters.') }),
  comment: Comment,
  regionGroups: z
    .record(Name, RegionGroup)
    .default({})
    .meta({ description: helpText('地区组：按同一标准的一组地区（例如广东的一类、二类地区）', 'Groups of regions that share values (e.g. Guangdong’s standard classes).') }),
  parameters: z
    .record(Name, ParameterDefinition)
    .default({})
    .meta({ description: helpText('本层新定义的参数', 'New parameters this layer defines.') }),
  values: z
    .record(Name, z.array(ParameterValue))
    .default({})
    .meta({
      description: helpText(
        '本地的取值：参数名 → 数值列表（参数在所依据的规则里定义）；调标就在这里加一条',
        'Values, for regions of this layer, of parameters defined in a layer this one extends; a new standard is one more entry here.',
      ),
    }),
});

// ---------------------------------------------------------------------------------------------------------------
// Income bases

export const IncomeTreatment = z.strictObject({
  treatment: z.enum(['counted', 'excluded', 'deducted']).meta({
    description: helpText('counted 计入家庭收入，excluded 不计入，deducted 从收入中扣减', 'counted, excluded (left out) or deducted (subtracted).'),
  }),
  excludedWhen: Condition.optional().meta({
    description: helpText('成员满足此条件时，这种收入不计入', 'Member-level condition under which a counted kind is left out.'),
  }),
  citation: Name.optional().meta({ description: helpText('依据：引文编号', 'Citation key.') }),
  comment: Comment,
});

export const IncomeBasis = z.strictObject({
  name: Bilingual.meta({ description: helpText('收入口径的名称（中英文）', 'The basis’s name, in Chinese and English.') }),
  citation: Name.meta({ description: helpText('依据：引文编号', 'Citation key.') }),
  kinds: z
    .partialRecord(z.enum(INCOME_KINDS), IncomeTreatment)
    .meta({ description: helpText('每一种收入如何处理（收入种类见 household.schema.json）', 'How each income kind is treated.') }),
});

export const IncomeFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('income').meta({ description: helpText('文件类型：收入口径', 'File kind: income.') }),
  bases: z.record(Name, IncomeBasis).meta({ description: helpText('收入口径：哪些收入计入、不计入或扣减', 'Income bases: which kinds count, are left out or deducted.') }),
});

// ---------------------------------------------------------------------------------------------------------------
// Shared conditions and messages

export const MessagePair = z.strictObject({
  pass: Bilingual.meta({ description: helpText('条件满足时的说明，可用 {fact} {threshold} 等占位', 'Said when the condition holds; may use {fact}, {threshold} …') }),
  fail: Bilingual.meta({ description: helpText('条件不满足时的说明', 'Said when it does not hold.') }),
  unknown: Bilingual.optional().meta({
    description: helpText('无法判断时（例如没有登记）的说明', 'When the fact has no value for this household (e.g. not recorded).'),
  }),
});

/** The `messages` of a file: what an explanation says when a test passes, fails or cannot be decided. */
const Messages = z
  .record(Name, MessagePair)
  .default({})
  .meta({ description: helpText('说明文字：消息代码 → 通过、不通过、无法判断时的话（中英文）', 'Messages by code: what is said when a test passes, fails or is unknown.') });

export const ConditionsFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('conditions').meta({ description: helpText('文件类型：共用条件', 'File kind: conditions.') }),
  conditions: z.record(Name, Condition).meta({ description: helpText('共用条件：名称 → 条件，规则用 "condition": 名称 引用', 'Shared conditions by name.') }),
  messages: Messages,
});

// ---------------------------------------------------------------------------------------------------------------
// Programs

export const Rounding = z
  .strictObject({
    places: z.number().int().min(0).max(2).meta({ description: helpText('保留几位小数：0 到元，1 到角，2 到分', 'Decimal places: 0 yuan, 1 jiao, 2 fen.') }),
    mode: RoundingMode,
  })
  .meta({ description: helpText('金额的舍入（按当地规定写明）', 'How the amount is rounded (as the place’s rules say).') });

const CitationKey = Name.meta({ description: helpText('依据：citations.json 里的引文编号', 'Citation key (from a citations file).') });

export const Step = z.strictObject({
  id: Name.meta({ description: helpText('步骤编号，后面的步骤用 {"step": 编号} 取它的结果', 'The step’s id: later steps read it with {"step": id}.') }),
  label: Bilingual.meta({ description: helpText('步骤的名称，显示在金额计算里（中英文）', 'The step’s name in the breakdown, in Chinese and English.') }),
  expr: Expression.meta({ description: helpText('金额算式', 'The amount expression.') }),
  citation: CitationKey.optional(),
});

export const Supplement = z.strictObject({
  id: Name.meta({ description: helpText('加发项目的编号', 'The supplement’s id.') }),
  label: Bilingual.meta({ description: helpText('加发项目的名称（中英文）', 'The supplement’s name, in Chinese and English.') }),
  when: Condition.meta({ description: helpText('哪些成员加发（成员条件）', 'Which members get it (a member condition).') }),
  expr: Expression.meta({ description: helpText('金额算式', 'The amount expression.') }),
  citation: CitationKey.optional(),
});

export const Amount = z.strictObject({
  period: z.enum(['month', 'year', 'once']).meta({ description: helpText('金额的周期：month 每月，year 每年，once 一次性', 'month, year or once.') }),
  rounding: Rounding,
  beneficiaries: Condition.optional().meta({
    description: helpText(
      '按户的项目：哪些计入的成员分享金额（默认全部计入的成员）',
      'Household programs: which counted members share the amount (default: all counted members).',
    ),
  }),
  steps: z.array(Step).min(1).meta({
    description: helpText(
      '计算步骤，按顺序计算，最后一步就是金额（按户的项目平均分给成员，余下的分给前面的成员）',
      'Evaluated in order; the last is the amount (household programs: split equally, remainder fen to the first members).',
    ),
  }),
  supplements: z
    .array(Supplement)
    .default([])
    .meta({ description: helpText('按成员另外加发（例如分类施保）', 'Per-member extras on top (e.g. 分类施保).') }),
})
  .meta({ description: helpText('金额怎么算', 'How the amount is computed.') });

export const Classification = z.strictObject({
  id: Name.meta({ description: helpText('分类的编号，例如 approval', 'The classification’s id, e.g. approval.') }),
  label: Bilingual.meta({ description: helpText('分类的名称（中英文）', 'Its name, in Chinese and English.') }),
  options: z
    .array(
      z.strictObject({
        value: Name.meta({ description: helpText('取值，例如 township', 'The value, e.g. township.') }),
        label: Bilingual.meta({ description: helpText('取值的名称（中英文）', 'The value’s name.') }),
        when: Condition.meta({ description: helpText('满足时取这个值', 'Taken when this holds.') }),
        citation: CitationKey.optional(),
      }),
    )
    .min(1)
    .meta({
      description: helpText(
        '取第一个条件满足的选项；条件可以读金额步骤（事实 amountStep）',
        'The first option whose condition holds is taken; conditions may read the amount steps (fact amountStep).',
      ),
    }),
});

export const Program = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('program').meta({ description: helpText('文件类型：救助项目', 'File kind: program.') }),
  id: Name.meta({ description: helpText('项目编号，例如 dibao', 'The program’s id, e.g. dibao.') }),
  name: Bilingual.meta({ description: helpText('项目名称（中英文）', 'The program’s name, in Chinese and English.') }),
  level: z.enum(['household', 'person', 'event']).meta({
    description: helpText(
      'household 按户决定；person 按人决定；event 按每次困难事件决定（临时救助）',
      'household: one decision for the family; person: one per member; event: one per hardship event (临时救助).',
    ),
  }),
  citation: CitationKey,
  comment: Comment,
  candidates: z
    .enum(['counted', 'all'])
    .default('counted')
    .meta({ description: helpText('按人的项目考虑哪些成员：counted 计入的成员，all 全部成员', 'Person programs: which members are considered.') }),
  excludedBy: z
    .array(z.union([Name, z.strictObject({ program: Name, citation: Name })]))
    .default([])
    .meta({
      description: helpText(
        '已获得这些项目的，不再给予本项目（可写明依据）',
        'Not granted to whoever is granted one of these programs (optionally citing the rule that says so).',
      ),
    }),
  membersLeftOut: z
    .array(Name)
    .default([])
    .meta({
      description: helpText(
        '获得这些项目的成员不计入本项目的家庭（例如特困人员不计入低保）',
        'Members granted these programs are left out of this program’s household (e.g. 特困 from 低保).',
      ),
    }),
  eligibility: Condition.meta({ description: helpText('资格条件：满足才给予', 'Eligibility: granted only when this holds.') }),
  amount: Amount.optional(),
  classifications: z.array(Classification).default([]).meta({
    description: helpText(
      '给予结果的分类，例如临时救助的审批层级（乡镇或县级）',
      'Labels for what is granted, e.g. the approval level (township or county) of temporary assistance.',
    ),
  }),
  notes: z.array(Condition).default([]).meta({
    description: helpText(
      '只作说明、不决定资格的条件（例如未达到的自理项目）',
      'Conditions that explain (e.g. the self-care items not achieved) without deciding eligibility.',
    ),
  }),
  undeterminedWhen: Condition.optional().meta({
    description: helpText(
      '满足时暂不能决定（既不给予也不拒绝），决定用条件的消息说明原因（例如家庭经济状况核查未完成）',
      'When this holds, the subject cannot be decided yet — neither granted nor refused — and the decision says why with the condition’s message (e.g. a means check still pending when no advance may be paid).',
    ),
  }),
  inForce: z
    .strictObject({
      from: IsoDate.meta({ description: helpText('项目开始实施的日期', 'The first day the program exists.') }),
      until: IsoDate.optional().meta({ description: helpText('项目停止的日期（含）', 'The last day it exists.') }),
    })
    .optional()
    .meta({
      description: helpText(
        '项目实施期间（例如刚性支出困难家庭自 2025-01-01 起）；期间之外一律不给予',
        'When the program exists at all (e.g. 刚性支出困难家庭 from 2025-01-01); outside it nothing is granted.',
      ),
    }),
  validity: z
    .strictObject({ param: Name.meta({ description: helpText('一个月数参数', 'A months parameter.') }) })
    .optional()
    .meta({
      description: helpText('认定的有效期（月数参数）：决定写明有效至何日', 'A recognition lasts this many months (a months parameter): the decision says until when.'),
    }),
  messages: Messages,
});
export type Program = z.output<typeof Program>;

// ---------------------------------------------------------------------------------------------------------------
// Circles, overlays, manifest

export const CirclesFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('circles').meta({ description: helpText('文件类型：救助圈层', 'File kind: circles.') }),
  circles: z
    .array(
      z.strictObject({
        circle: z.enum(['absolute', 'relative', 'other']).meta({
          description: helpText('圈层：absolute 绝对贫困、relative 相对贫困、other 其他困难', 'absolute, relative or other hardship.'),
        }),
        anyGranted: z.array(Name).min(1).meta({ description: helpText('获得其中任一项目即属于这一圈层', 'In this circle when any of these programs is granted.') }),
        citation: CitationKey,
        message: Bilingual.meta({ description: helpText('说明文字（中英文）', 'What the explanation says.') }),
      }),
    )
    .meta({ description: helpText('三个救助圈层，按顺序取第一个符合的', 'The three circles of assistance; the first that applies is taken.') }),
});

export const Override = z.strictObject({
  target: z.string().min(1).meta({
    description: helpText(
      '替换什么：parameter:参数名、program:项目、program:项目/condition:条件编号、program:项目/step:步骤、program:项目/message:代码、income:口径/收入种类、citation:引文、condition:共用条件',
      'What is replaced: parameter:NAME, program:ID, program:ID/condition:ID, program:ID/step:ID, program:ID/message:CODE, income:BASIS/KIND, citation:KEY, condition:NAME.',
    ),
  }),
  value: z.unknown().meta({ description: helpText('替换后的内容（与被替换的格式相同）', 'The replacement, in the format of what it replaces.') }),
  reason: Bilingual.meta({ description: helpText('为什么本地与上级规定不同（中英文）', 'Why this place differs, in Chinese and English.') }),
  citation: CitationKey.optional(),
});

export const OverlayFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('overlay').meta({ description: helpText('文件类型：本地对上级规则的改动', 'File kind: overlay.') }),
  overrides: z
    .array(Override)
    .min(1)
    .meta({ description: helpText('每一处改动，都写明理由和依据', 'Each exception to the rules this layer extends, with its reason.') }),
});

export const PolicyManifest = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('policy').meta({ description: helpText('文件类型：政策的总说明', 'File kind: policy manifest.') }),
  id: Name.meta({ description: helpText('政策编号，例如 guangzhou', 'The policy’s id, e.g. guangzhou.') }),
  version: z
    .string()
    .min(1)
    .meta({
      description: helpText(
        '版本：规则每改一次就改大（决定记录和存档按编号和版本区分规则）',
        'The version: change it with every change of the rules (records and archives tell rules apart by id and version).',
      ),
    }),
  name: Bilingual.meta({ description: helpText('政策名称（中英文）', 'The policy’s name, in Chinese and English.') }),
  region: RegionCode.meta({ description: helpText('本政策适用地区的行政区划代码', 'The division code of the region the policy covers.') }),
  extends: z
    .string()
    .optional()
    .meta({ description: helpText('所依据的上级规则目录的相对路径', 'Relative path of the policy directory this one builds on.') }),
});

// ---------------------------------------------------------------------------------------------------------------
// Screening (政策找人): early warnings for households just above a line

export const EarlyWarning = z
  .strictObject({
    id: Name.meta({ description: helpText('预警的编号，出现在筛查结果里，例如 "dibao.nearStandard"', 'Names the warning in screening results, e.g. "dibao.nearStandard".') }),
    program: Name.meta({ description: helpText('接近哪个项目的线', 'The program whose line the household is close to.') }),
    label: Bilingual.meta({ description: helpText('预警的名称（中英文）', 'The warning’s name, in Chinese and English.') }),
    fact: Name.meta({ description: helpText('与线比较的家庭金额事实，例如 perCapitaIncome', 'A household money fact compared with the line, e.g. perCapitaIncome.') }),
    params: z.record(z.string(), z.string()).optional().meta({ description: helpText('事实的参数（例如收入口径）', 'Params of the fact (e.g. an income basis).') }),
    line: Name.meta({ description: helpText('线：一个金额参数，例如 dibao.standard', 'The money parameter the band sits above, e.g. dibao.standard.') }),
    band: Name.meta({ description: helpText('区间：一个比例参数；线 ≤ 事实值 ≤ 线 ×（1 + 区间）时预警', 'A ratio parameter: warn while line ≤ fact ≤ line × (1 + band).') }),
    citation: CitationKey.optional(),
  })
  .meta({ description: helpText('家庭收入刚高出某条线、仍在其上方一定区间内时预警（可能陷入困难）', 'Warn when a household is at or above a line, but within a band above it (about to fall into hardship).') });

// Dynamic management (动态管理) of enrolled households: when the periodic review (复核) is due, and what a recipient's
// death asks of the family's enrolment.

export const PeriodicReview = z
  .strictObject({
    id: Name.meta({ description: helpText('复核规则的编号，出现在筛查结果里，例如 "dibao.review.yearly"', 'Names the review rule in screening results, e.g. "dibao.review.yearly".') }),
    program: Name.meta({ description: helpText('复核哪个项目的在保家庭', 'The program whose enrolled households are reviewed.') }),
    label: Bilingual.meta({ description: helpText('适用于哪些家庭，例如 收入稳定的低保家庭每年复核一次', 'Which households this interval is for, e.g. 收入稳定的低保家庭每年复核一次.') }),
    when: Condition.optional().meta({
      description: helpText(
        '适用这一间隔的家庭条件；不写则适用于前面规则未涵盖的所有在保家庭',
        'A household condition for this interval; without it the rule applies to every enrolled household not taken by an earlier rule.',
      ),
    }),
    interval: Name.meta({ description: helpText('月数参数：上次复核后多少个月应再复核', 'A months parameter: the review is due this many months after the last one.') }),
    citation: CitationKey,
  })
  .meta({
    description: helpText(
      '在保家庭的定期复核。同一项目的规则按文件顺序（国家层在前）取第一个 when 满足的规则定复核间隔',
      'A periodic review (复核) of the households enrolled in a program. Of the rules for one program, the first (in file order, national layer first) whose `when` holds gives the interval.',
    ),
  });

export const RecipientDeath = z
  .strictObject({
    id: Name.meta({ description: helpText('规则的编号，出现在筛查结果里，例如 "dibao.recipientDied"', 'Names the rule in screening results, e.g. "dibao.recipientDied".') }),
    program: Name.meta({ description: helpText('去世成员所享受的项目', 'The program whose enrolment covered the member who died.') }),
    label: Bilingual.meta({ description: helpText('规则的名称（中英文）', 'The rule’s name, in Chinese and English.') }),
    within: Name.meta({ description: helpText('月数参数：成员去世后多少个月内应重新核查并调整金额', 'A months parameter: the family is re-checked and its amount settled within this many months of the death.') }),
    citation: CitationKey,
  })
  .meta({ description: helpText('享受救助的成员去世：家庭须在期限内重新核查', 'A member covered by an enrolment has died: the family must be re-checked within a time limit.') });

export const ScreeningFile = z.strictObject({
  $schema: SchemaPath,
  kind: z.literal('screening').meta({ description: helpText('文件类型：政策找人的筛查规则', 'File kind: screening rules.') }),
  comment: Comment,
  warnings: z.array(EarlyWarning).default([]).meta({ description: helpText('边缘预警', 'Early warnings.') }),
  reviews: z.array(PeriodicReview).default([]).meta({ description: helpText('定期复核', 'Periodic reviews.') }),
  deaths: z.array(RecipientDeath).default([]).meta({ description: helpText('享受对象去世后的核查', 'Re-checks after a recipient’s death.') }),
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
