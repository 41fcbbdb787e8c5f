import { z } from 'zod';
import { JiuzhuError } from '../errors/issue.js';
import { issuesFromZod } from '../errors/fromZod.js';

const Status = z.enum(['eligible', 'ineligible', 'undetermined']).meta({
  description: '资格：eligible 符合条件，ineligible 不符合，undetermined 无法确定 / eligible, ineligible or undetermined',
});
const Money = z.string().meta({ description: '金额，两位小数的字符串，例如 "1952.00" / money as a string with two decimals, e.g. "1952.00"' });

const ExpectedEvent = z.strictObject({
  status: Status.optional(),
  amount: Money.optional(),
  classifications: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: '分类的取值，例如审批层级 / the value of each classification, e.g. approval → township' }),
});

const ExpectedProgram = z.strictObject({
  status: Status.optional(),
  amount: Money.optional().meta({ description: '本项目的金额（按其周期，多为每月） / the program\'s amount, per its period (a month for most)' }),
  members: z
    .record(z.string(), Money)
    .optional()
    .meta({ description: '按成员编号的金额 / amounts by member id' }),
  eligibleMembers: z
    .array(z.string())
    .optional()
    .meta({ description: '符合条件的成员编号（顺序不论） / the ids of the members granted, in any order' }),
  supplements: z
    .record(z.string(), Money)
    .optional()
    .meta({ description: '按成员编号的分类施保加发合计 / each member\'s supplements in all' }),
  validUntil: z.string().optional().meta({ description: '认定有效至（含） / the last day a recognition lasts' }),
  events: z
    .record(z.string(), ExpectedEvent)
    .optional()
    .meta({ description: '按困难事件编号的结果（临时救助） / outcomes by hardship event id (临时救助)' }),
});

const ExpectedReason = z
  .strictObject({
    rule: z.string().optional().meta({ description: '规则编号，例如 "dibao/income-below-standard" / the rule id' }),
    code: z.string().optional().meta({ description: '或理由代码，例如 "dibao.incomeBelowStandard" / or the reason code' }),
    passed: z.boolean().meta({ description: '该项审查是否通过 / whether the test passed' }),
    memberId: z.string().optional().meta({ description: '只看这名成员的审查 / only this member\'s test' }),
  })
  .refine((reason) => (reason.rule === undefined) !== (reason.code === undefined), {
    params: { code: 'EXACTLY_ONE_OF', keys: 'rule / code' },
  });

/**
 * A test case, written as JSON by a policy officer (or, for the bundled rules, from the regulation text): a
 * household, a date, optionally the policy, and what the decision must say. Only what `expect` names is checked, so
 * a case states exactly the rule it is about. `jiuzhu test` and the project's own golden cases read this one format.
 */
export const TestCaseSchema = z
  .strictObject({
    $schema: z.string().optional(),
    comment: z.string().min(1).meta({
      description: '这个用例检验什么、依据哪条规定 / what the case checks, and the rule it rests on',
    }),
    policy: z.string().optional().meta({
      description:
        '政策：内置政策名（guangdong、hunan、hubei、national）或规则目录；命令行的 --policy 优先 / the policy: a bundled name or a folder of rule files; --policy on the command line takes precedence',
    }),
    asOf: z.string().meta({ description: '评估日期 YYYY-MM-DD / the date decided for, YYYY-MM-DD' }),
    household: z.unknown().meta({ description: '家庭，格式见 household.schema.json / the household, see household.schema.json' }),
    expect: z
      .strictObject({
        programs: z
          .record(z.string(), ExpectedProgram)
          .optional()
          .meta({ description: '按项目编号的期望结果，例如 "dibao" / expected outcomes by program id, e.g. "dibao"' }),
        circle: z
          .enum(['absolute', 'relative', 'other', 'none'])
          .optional()
          .meta({ description: '救助圈层 / the circle of assistance' }),
        reasons: z.array(ExpectedReason).optional().meta({ description: '期望的审查结果 / tests expected to pass or fail' }),
        parameters: z
          .record(z.string(), z.string())
          .optional()
          .meta({ description: '决定所用参数的取值，例如 "dibao.standard": "1238.00" / values of parameters the decision used' }),
        warnings: z.array(z.string()).optional().meta({ description: '决定中应有的提示代码 / warning codes the decision must carry' }),
        error: z
          .strictObject({
            kind: z.enum(['input', 'policy']),
            codes: z.array(z.string()).meta({ description: '应报告的全部问题代码 / every issue code expected' }),
          })
          .optional()
          .meta({ description: '期望评估被拒绝，并报告这些问题 / the evaluation must be refused with these issues' }),
      })
      .meta({ description: '期望：只检查写出的各项 / what the decision must say: only what is written is checked' }),
  })
  .meta({
    title: 'jiuzhu test case',
    description: 'jiuzhu 测试用例：一户家庭、一个日期和期望的决定（jiuzhu test）/ a household, a date and the decision expected (jiuzhu test)',
  });

export type TestCase = z.output<typeof TestCaseSchema>;

/**
 * Checks a test case read from JSON, reporting every problem at once with its JSON path (and the file, when given)
 * in Chinese and English.
 *
 * @example
 * const testCase = parseTestCase(JSON.parse(text), 'cases/gz-01.json');
 * testCase.expect.programs?.dibao?.amount // '1952.00'
 */
export function parseTestCase(value: unknown, file?: string): TestCase {
  const parsed = TestCaseSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new JiuzhuError('input', issuesFromZod(parsed.error.issues, TestCaseSchema, file));
  return parsed.data;
}
