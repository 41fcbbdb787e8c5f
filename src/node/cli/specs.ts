import type { Bilingual } from '../../core/text/template.js';

/** One option of a command: how parseArgs reads it, and what the help says of it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string | boolean;
  /** What to write after the flag in the help (`<YYYY-MM-DD>`), per language. */
  value?: Bilingual;
  help: Bilingual;
}

/**
 * What the command line knows of a command before loading it: enough for its help and for checking its flags (and
 * suggesting the one meant). Loading stays lazy, so `jiuzhu --help` starts at once.
 */
export interface CommandSpec {
  name: string;
  summary: Bilingual;
  usage: Bilingual;
  options: Record<string, OptionSpec>;
  /** Words after the command that are not flags (files, `pack`). */
  positionals: boolean;
  example: string;
}

const POLICY_VALUE: Bilingual = { zh: '<政策|目录>', en: '<policy|DIR>' };
const DATE_VALUE: Bilingual = { zh: '<YYYY-MM-DD>', en: '<YYYY-MM-DD>' };
const FILE_VALUE: Bilingual = { zh: '<文件>', en: '<FILE>' };
const POLICY_HELP: Bilingual = {
  zh: '内置政策（guangdong、hunan、hubei、national）或规则文件目录',
  en: 'a bundled policy (guangdong, hunan, hubei, national) or a folder of rule files',
};
const LANG: OptionSpec = { type: 'string', value: { zh: '<zh|en>', en: '<zh|en>' }, help: { zh: '消息语言（默认 zh）', en: 'language of messages (default zh)' } };
const JSON_OUT: Bilingual = { zh: '输出 JSON 数据', en: 'print JSON data' };
/** The published head replay and verify-log check a log's end against. */
const EXPECT_HEAD = { type: 'string', value: { zh: '<sha256>', en: '<sha256>' }, help: { zh: '先前公布的链头：日志末尾被截去时报告', en: 'a head published earlier: reports a log whose end was cut' } } as const;
/** The threads replay and verify-log check a log on. */
const LOG_WORKERS = { type: 'string', value: { zh: '<N>', en: '<N>' }, help: { zh: '工作线程数（默认全部核心；0 为主线程）', en: 'worker threads (default: all cores; 0: the main thread)' } } as const;

/**
 * Every command of `jiuzhu`, by name; a new command is a file in commands/ and an entry here. Each command parses its
 * arguments with its `options` from here, so the help, the flag check and the parsing never disagree. What loads each is in run.ts.
 */
export const SPECS = {
  evaluate: {
    name: 'evaluate',
    summary: { zh: '评估一户家庭：各项救助是否符合条件、金额和理由', en: 'decide one household: every program, amounts and reasons' },
    usage: { zh: 'jiuzhu evaluate <家庭.json|-> --policy <政策|目录> --as-of <YYYY-MM-DD> [选项]', en: 'jiuzhu evaluate <household.json|-> --policy <policy|DIR> --as-of <YYYY-MM-DD> [options]' },
    options: {
      policy: { type: 'string', value: POLICY_VALUE, help: POLICY_HELP },
      'as-of': { type: 'string', value: DATE_VALUE, help: { zh: '评估日期', en: 'the date decided for' } },
      json: { type: 'boolean', default: false, help: { zh: '输出完整的决定（JSON）', en: 'print the whole decision as JSON' } },
      record: { type: 'string', value: { zh: '<日志.ndjson>', en: '<LOG.ndjson>' }, help: { zh: '把决定记录追加到审计日志（哈希链）', en: 'append the decision record to an audit log (a hash chain)' } },
      meta: { type: 'string', multiple: true, value: { zh: '<键=值>', en: '<key=value>' }, help: { zh: '记录中附带的信息，如 caseNumber=GZ-2026-0001（可多个）', en: 'what the record carries besides, e.g. caseNumber=GZ-2026-0001 (may repeat)' } },
      compact: { type: 'boolean', default: false, help: { zh: '记录精简形式：各项目的结论、金额和理由代码（几 KB），其余由重放重新计算', en: 'record the compact form: each program\'s status, amount and reason codes (a few KB); replay recomputes the rest' } },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu evaluate examples/households/guangzhou-2023-prison.json --policy guangdong --as-of 2023-06-01',
  },
  validate: {
    name: 'validate',
    summary: { zh: '检查规则文件：每个错误和提示的文件、行、列，错在哪里、怎么改', en: 'check rule files: each error and piece of advice at its file, line and column, and what to do' },
    usage: { zh: 'jiuzhu validate [目录|政策 ...] [选项]（默认检查全部内置政策）', en: 'jiuzhu validate [DIR|policy ...] [options] (default: every bundled policy)' },
    options: {
      strict: { type: 'boolean', default: false, help: { zh: '提示也按错误处理（退出码 4），用于发布前检查', en: 'treat advice as errors too (exit 4), for a check before release' } },
      json: { type: 'boolean', default: false, help: { zh: '输出 JSON（供编辑器和持续集成使用）', en: 'print JSON (for editors and CI)' } },
      'max-change': {
        type: 'string',
        value: { zh: '<比例>', en: '<SHARE>' },
        help: { zh: '标准每年最多提高的比例，超过即提示（默认 0.2，即 20%）', en: 'the share a standard may rise by in a year before it is questioned (default 0.2)' },
      },
      today: { type: 'string', value: DATE_VALUE, help: { zh: '按此日期检查生效日期是否过远（默认今天）', en: 'check in-force dates against this day (default: today)' } },
      store: {
        type: 'string',
        multiple: true,
        value: { zh: '<目录>', en: '<DIR>' },
        help: { zh: '与此存档比较：同一版本号内容不得改变（可多个；内置存档总会比较）', en: 'compare with this store: one version, one content (may repeat; the package store is always compared)' },
      },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu validate ./guangzhou --strict',
  },
  init: {
    name: 'init',
    summary: { zh: '新建本地规则文件夹：在内置省级政策之上写本市、县自己的标准', en: 'make a folder of local rules: a city or county\'s own values on a bundled province' },
    usage: { zh: 'jiuzhu init <新文件夹> --extends <政策|目录> [--region <代码>] [--id <编号>]', en: 'jiuzhu init <NEW-DIR> --extends <policy|DIR> [--region <CODE>] [--id <NAME>]' },
    options: {
      extends: { type: 'string', value: POLICY_VALUE, help: { zh: '所依据的政策（内置政策名或规则目录）', en: 'the policy it builds on (a bundled name or a folder of rule files)' } },
      region: { type: 'string', value: { zh: '<代码>', en: '<CODE>' }, help: { zh: '本地的行政区划代码，如广州 440100（默认与所依据的政策相同）', en: 'the division code of the place, e.g. 440100 for Guangzhou (default: the policy\'s)' } },
      id: { type: 'string', value: { zh: '<编号>', en: '<NAME>' }, help: { zh: '本地规则的编号（默认用文件夹名）', en: 'the local policy\'s id (default: the folder\'s name)' } },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu init guangzhou --extends guangdong --region 440100',
  },
  test: {
    name: 'test',
    summary: { zh: '运行测试用例：核对每户的资格和金额（有未通过时退出码 8）', en: 'run test cases: check each household\'s status and amounts (exit 8 if any fails)' },
    usage: {
      zh: 'jiuzhu test <用例.json|目录>… [--policy <政策|目录>] [选项]（不加 --policy 时按各用例的 "policy"）',
      en: 'jiuzhu test <case.json|DIR>… [--policy <policy|DIR>] [options] (without --policy: each case\'s "policy")',
    },
    options: {
      policy: { type: 'string', value: POLICY_VALUE, help: { zh: '全部用例都按此政策运行', en: 'run every case under this policy' } },
      json: { type: 'boolean', default: false, help: { zh: '输出 JSON 结果（供 CI 和编辑器使用）', en: 'print the results as JSON (for CI and editors)' } },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu test my-cases/ --policy ./my-rules/guangzhou',
  },
  facts: {
    name: 'facts',
    summary: { zh: '列出规则文件可以使用的事实', en: 'list the facts rule files may use' },
    usage: { zh: 'jiuzhu facts [选项]', en: 'jiuzhu facts [options]' },
    options: { json: { type: 'boolean', default: false, help: JSON_OUT }, lang: LANG },
    positionals: false,
    example: 'jiuzhu facts --json',
  },
  screen: {
    name: 'screen',
    summary: {
      zh: '筛查一批家庭（政策找人）：应享未享、应退未退、预警，以及已享受家庭的动态管理（增发/减发、到期复核、享受对象死亡）',
      en: 'screen a population: missed, review, early warnings, and the dynamic management of enrolled families (increase/decrease, review due, a recipient who died)',
    },
    usage: { zh: 'jiuzhu screen <家庭.ndjson|.csv|-> --policy <政策|目录> --as-of <YYYY-MM-DD> [选项]', en: 'jiuzhu screen <households.ndjson|.csv|-> --policy <policy|DIR> --as-of <YYYY-MM-DD> [options]' },
    options: {
      policy: { type: 'string', value: POLICY_VALUE, help: POLICY_HELP },
      'as-of': { type: 'string', value: DATE_VALUE, help: { zh: '筛查日期', en: 'the date screened for' } },
      out: { type: 'string', value: FILE_VALUE, help: { zh: '结果文件：NDJSON，文件名以 .csv 结尾时为 CSV（默认标准输出）', en: 'results: NDJSON, or CSV when the name ends in .csv (default: standard output)' } },
      errors: { type: 'string', value: FILE_VALUE, help: { zh: '出错行的文件（NDJSON，默认标准错误）', en: 'rows that failed, as NDJSON (default: standard error)' } },
      workers: { type: 'string', value: { zh: '<N>', en: '<N>' }, help: { zh: '工作线程数（默认全部核心；0 为主线程）', en: 'worker threads (default: all cores; 0: the main thread)' } },
      format: { type: 'string', value: { zh: '<ndjson|csv>', en: '<ndjson|csv>' }, help: { zh: '输入格式（默认按文件名）', en: 'input format (default: from the file name)' } },
      encoding: { type: 'string', value: { zh: '<utf-8|gb18030>', en: '<utf-8|gb18030>' }, help: { zh: 'CSV 输入的编码', en: 'encoding of a CSV input' } },
      summary: { type: 'string', value: { zh: '<文件.json>', en: '<FILE.json>' }, help: { zh: '把统计写成 JSON', en: 'write the counts and findings as JSON' } },
      'batch-size': { type: 'string', value: { zh: '<N>', en: '<N>' }, help: { zh: '每批行数（默认 1000）', en: 'rows per batch (default 1000)' } },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu screen people.ndjson --policy guangdong --as-of 2025-03-01 --out found.csv --errors bad.ndjson',
  },
  compare: {
    name: 'compare',
    summary: { zh: '测算政策调整：按两个政策评估同一批家庭，比较户数、人数和金额', en: 'price a change of rules: a population under two policies, households, persons and cost' },
    usage: {
      zh: 'jiuzhu compare <家庭.ndjson|.csv|-> --policy <现行政策|目录> --against <调整后政策|目录> --as-of <YYYY-MM-DD> [选项]',
      en: 'jiuzhu compare <households.ndjson|.csv|-> --policy <policy|DIR> --against <policy|DIR> --as-of <YYYY-MM-DD> [options]',
    },
    options: {
      policy: { type: 'string', value: POLICY_VALUE, help: { zh: '现行政策（内置政策或规则目录）', en: "today's policy (bundled, or a folder of rule files)" } },
      against: { type: 'string', value: POLICY_VALUE, help: { zh: '调整后的政策', en: 'the policy with the change' } },
      'as-of': { type: 'string', value: DATE_VALUE, help: { zh: '评估日期（两个政策都按此日期）', en: 'the date both policies decide for' } },
      json: { type: 'boolean', default: false, help: { zh: '输出 JSON 结果（合计、按市、按区县、参数差异）', en: 'print the report as JSON (totals, cities, counties, parameters)' } },
      out: { type: 'string', value: FILE_VALUE, help: { zh: '决定有变化的家庭，每户一行：NDJSON，文件名以 .csv 结尾时为 CSV', en: 'households whose decision changed, one a row: NDJSON, or CSV when the name ends in .csv' } },
      report: { type: 'string', value: { zh: '<文件.html>', en: '<FILE.html>' }, help: { zh: '写出可打印（A4）的 HTML 报告，含图表', en: 'write a printable (A4) HTML report with charts' } },
      errors: { type: 'string', value: FILE_VALUE, help: { zh: '出错行的文件（NDJSON，默认标准错误）', en: 'rows that failed, as NDJSON (default: standard error)' } },
      workers: { type: 'string', value: { zh: '<N>', en: '<N>' }, help: { zh: '工作线程数（默认全部核心；0 为主线程）', en: 'worker threads (default: all cores; 0: the main thread)' } },
      format: { type: 'string', value: { zh: '<ndjson|csv>', en: '<ndjson|csv>' }, help: { zh: '输入格式（默认按文件名）', en: 'input format (default: from the file name)' } },
      encoding: { type: 'string', value: { zh: '<utf-8|gb18030>', en: '<utf-8|gb18030>' }, help: { zh: 'CSV 输入的编码', en: 'encoding of a CSV input' } },
      'batch-size': { type: 'string', value: { zh: '<N>', en: '<N>' }, help: { zh: '每批行数（默认 1000）', en: 'rows per batch (default 1000)' } },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu compare people.ndjson --policy guangdong --against ./my-rules/guangzhou --as-of 2026-07-01 --out changes.csv --report report.html',
  },
  generate: {
    name: 'generate',
    summary: { zh: '生成一批合成家庭（NDJSON），同一种子生成相同内容', en: 'make a synthetic population (NDJSON); the same seed gives the same bytes' },
    usage: { zh: 'jiuzhu generate --households <N> --policy <政策|目录> --seed <S> [选项]', en: 'jiuzhu generate --households <N> --policy <policy|DIR> --seed <S> [options]' },
    options: {
      households: { type: 'string', value: { zh: '<N>', en: '<N>' }, help: { zh: '家庭数', en: 'how many households' } },
      policy: { type: 'string', value: POLICY_VALUE, help: POLICY_HELP },
      seed: { type: 'string', value: { zh: '<S>', en: '<S>' }, help: { zh: '随机种子', en: 'the seed' } },
      'as-of': { type: 'string', value: DATE_VALUE, help: { zh: '收入围绕此日期的低保标准分布', en: 'incomes spread around the standards of this date' } },
      out: { type: 'string', value: FILE_VALUE, help: { zh: '输出文件（默认标准输出）', en: 'output file (default: standard output)' } },
      lang: LANG,
    },
    positionals: false,
    example: 'jiuzhu generate --households 1000 --policy guangdong --seed 1 --out people.ndjson',
  },
  'purchase-cap': {
    name: 'purchase-cap',
    summary: { zh: '购买社会救助服务 5% 上限，逐项列明', en: 'the 5% cap on purchased assistance services, line by line' },
    usage: { zh: 'jiuzhu purchase-cap <计划.json> [--policy <政策> --region <代码> --as-of <YYYY-MM-DD>] [选项]', en: 'jiuzhu purchase-cap <plan.json> [--policy <policy> --region <CODE> --as-of <YYYY-MM-DD>] [options]' },
    options: {
      policy: { type: 'string', value: POLICY_VALUE, help: { zh: '从政策读取上限比例', en: 'read the cap rate from a policy' } },
      region: { type: 'string', value: { zh: '<代码>', en: '<CODE>' }, help: { zh: '行政区划代码', en: 'division code' } },
      'as-of': { type: 'string', value: DATE_VALUE, help: { zh: '比例的生效日期', en: 'the date of the rate' } },
      json: { type: 'boolean', default: false, help: JSON_OUT },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu purchase-cap examples/plans/purchase-plan-2026.json',
  },
  policy: {
    name: 'policy',
    summary: { zh: '把政策存档为 <sha256>.json，供日后重放', en: 'archive a policy as <sha256>.json, for replay later' },
    usage: { zh: 'jiuzhu policy pack --policy <政策|目录>… [--store <目录>]', en: 'jiuzhu policy pack --policy <policy|DIR>… [--store <DIR>]' },
    options: {
      policy: { type: 'string', multiple: true, value: POLICY_VALUE, help: POLICY_HELP },
      store: { type: 'string', default: '.', value: { zh: '<目录>', en: '<DIR>' }, help: { zh: '存档目录（默认当前目录）', en: 'the store folder (default: this one)' } },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu policy pack --policy ./my-rules/provinces/guangdong --store ./policy-archive',
  },
  replay: {
    name: 'replay',
    summary: { zh: '重放日志中的决定记录并核对日志链（不全部一致、链不完整时退出码 6）', en: 'replay logged decisions and check the log chain (exit 6 unless all identical and whole)' },
    usage: { zh: 'jiuzhu replay <日志.ndjson|-> [--store <目录>]… [--against <政策|目录|sha256> [--as-of <YYYY-MM-DD>]] [选项]', en: 'jiuzhu replay <log.ndjson|-> [--store <DIR>]… [--against <policy|DIR|sha256> [--as-of <YYYY-MM-DD>]] [options]' },
    options: {
      report: { type: 'string', value: { zh: '<报告.csv|.html>', en: '<REPORT.csv|.html>' }, help: { zh: '写出可归档的报告：每条记录（含一致的）、日志链的问题和合计', en: 'write a report to file: every record (identical ones too), the chain\'s problems, totals' } },
      'expect-head': EXPECT_HEAD,
      workers: LOG_WORKERS,
      store: { type: 'string', multiple: true, value: { zh: '<目录>', en: '<DIR>' }, help: { zh: '政策存档目录（可多个）', en: 'a store of policy packs (may repeat)' } },
      against: { type: 'string', value: { zh: '<政策|目录|sha256>', en: '<policy|DIR|sha256>' }, help: { zh: '改用另一政策重新评估，说明变化及原因', en: 'decide again under another policy and say what changes and why' } },
      'as-of': { type: 'string', value: DATE_VALUE, help: { zh: '与 --against 一起：按此日期重新评估', en: 'with --against: decide for this date' } },
      json: { type: 'boolean', default: false, help: JSON_OUT },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu replay decisions.ndjson --store ./policy-archive --report audit-2026.html',
  },
  'verify-log': {
    name: 'verify-log',
    summary: { zh: '快速核对日志：每条记录的封存与格式、日志链是否完整（不重新评估），并给出链头', en: 'check a log fast: each record sealed and well formed, the chain whole (no replay); prints the head' },
    usage: { zh: 'jiuzhu verify-log <日志.ndjson|-> [--expect-head <sha256>] [选项]', en: 'jiuzhu verify-log <log.ndjson|-> [--expect-head <sha256>] [options]' },
    options: {
      'expect-head': EXPECT_HEAD,
      workers: LOG_WORKERS,
      json: { type: 'boolean', default: false, help: JSON_OUT },
      lang: LANG,
    },
    positionals: true,
    example: 'jiuzhu verify-log decisions.ndjson --expect-head 3f1c…',
  },
} as const satisfies Record<string, CommandSpec>;

/** The commands in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = Object.values(SPECS);
