import { z } from 'zod';
import { issuesFromZod } from '../errors/fromZod.js';
import { JiuzhuError } from '../errors/issue.js';
import { Identifier, Money, patternString } from '../household/primitives.js';
import { DECIMAL_PATTERN, Dec, formatMoney } from '../money/decimal.js';
import { visibleLines } from '../text/visible.js';
import { fillTemplate, type Lang } from '../text/template.js';

/**
 * The cap on government purchases of social-assistance services: at most 5% of last year's total local expenditure
 * of assistance funds for people in hardship (上年度本地困难群众救助资金总支出; the Hubei civil affairs department in
 * 中国社会报 [B]). The rule files carry the same rate as `fiscal.servicePurchaseCapRate`; pass `rate` to use a
 * policy's value.
 */
export const DEFAULT_PURCHASE_CAP_RATE = '0.05';

export const PurchasePlan = z.strictObject({
  $schema: z.string().optional(),
  lastYearAssistanceExpenditure: Money,
  purchases: z
    .array(z.strictObject({ id: Identifier, description: z.string().max(500).optional(), amount: Money }))
    .max(10_000)
    .superRefine((purchases, ctx) => {
      // Two lines with one id cannot both be traced to the contract they stand for.
      const first = new Map<string, number>();
      purchases.forEach((p, i) => {
        const other = first.get(p.id);
        if (other === undefined) first.set(p.id, i);
        else ctx.addIssue({ code: 'custom', path: [i, 'id'], params: { code: 'DUPLICATE_ID', id: p.id, other: `purchases[${other}]` } });
      });
    }),
  rate: patternString(DECIMAL_PATTERN, 'INVALID_DECIMAL', 'Cap as a share of last year’s expenditure, above 0 and at most 1; default 0.05.')
    // A share: "5" would be a cap of 500%, "-0.05" a negative cap that every plan exceeds.
    .refine((rate) => !DECIMAL_PATTERN.test(rate) || (new Dec(rate).gt(0) && new Dec(rate).lte(1)), { params: { code: 'SHARE_OUT_OF_RANGE' } })
    .optional(),
});
export type PurchasePlan = z.input<typeof PurchasePlan>;

export interface PurchaseCapResult {
  rate: string;
  lastYearAssistanceExpenditure: string;
  /** The cap, rounded down to the fen (a cap is never rounded up). */
  cap: string;
  total: string;
  /** cap − total; negative when the plan exceeds the cap. */
  headroom: string;
  withinCap: boolean;
  /** total − cap when over, else "0.00". */
  exceededBy: string;
  /** Each line with the running total; `exceedsCap` marks the lines that take (or keep) the total past the cap. */
  lines: { id: string; description?: string; amount: string; runningTotal: string; exceedsCap: boolean }[];
  citation: { document: string; grade: 'B' };
}

/**
 * Checks planned purchases of social-assistance services against the 5% cap, exactly: the cap, the total, the
 * headroom, and every plan line that takes the total past the cap. Invalid input throws a {@link JiuzhuError}
 * listing every problem.
 *
 * @example
 * servicePurchaseCap({ lastYearAssistanceExpenditure: '12345678.00', purchases: [{ id: 'p1', amount: '617283.90' }] })
 * // { cap: '617283.90', total: '617283.90', headroom: '0.00', withinCap: true, exceededBy: '0.00', … }
 */
export function servicePurchaseCap(input: PurchasePlan): PurchaseCapResult {
  const parsed = PurchasePlan.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new JiuzhuError('input', issuesFromZod(parsed.error.issues, PurchasePlan));
  const plan = parsed.data;
  const rate = new Dec(plan.rate ?? DEFAULT_PURCHASE_CAP_RATE);
  const cap = new Dec(plan.lastYearAssistanceExpenditure).times(rate).toDecimalPlaces(2, Dec.ROUND_DOWN);
  let running = new Dec(0);
  const lines = plan.purchases.map((purchase) => {
    running = running.plus(purchase.amount);
    return {
      id: purchase.id,
      ...(purchase.description ? { description: purchase.description } : {}),
      amount: formatMoney(new Dec(purchase.amount)),
      runningTotal: formatMoney(running),
      exceedsCap: running.gt(cap),
    };
  });
  const headroom = cap.minus(running);
  return {
    rate: rate.toFixed(),
    lastYearAssistanceExpenditure: formatMoney(new Dec(plan.lastYearAssistanceExpenditure)),
    cap: formatMoney(cap),
    total: formatMoney(running),
    headroom: formatMoney(headroom),
    withinCap: headroom.gte(0),
    exceededBy: formatMoney(headroom.lt(0) ? headroom.negated() : new Dec(0)),
    lines,
    citation: { document: '湖北省民政厅：政府购买社会救助服务不超过上年度本地困难群众救助资金总支出的 5%', grade: 'B' },
  };
}

const TEXT = {
  zh: {
    head: '政府购买社会救助服务上限：上年度困难群众救助资金总支出 {expenditure} 元 × {percent}% = {cap} 元',
    total: '计划购买合计 {total} 元，{verdict}',
    within: '未超过上限，尚余 {headroom} 元。',
    over: '超过上限 {exceededBy} 元。',
    line: '  {mark} {id}{description}：{amount} 元，累计 {runningTotal} 元{flag}',
    flag: '（超过上限）',
    cite: '依据：{document}（可信等级 {grade}）',
  },
  en: {
    head: 'Cap on purchased assistance services: last year’s assistance expenditure {expenditure} yuan × {percent}% = {cap} yuan',
    total: 'Planned purchases total {total} yuan: {verdict}',
    within: 'within the cap, {headroom} yuan to spare.',
    over: 'over the cap by {exceededBy} yuan.',
    line: '  {mark} {id}{description}: {amount} yuan, running total {runningTotal} yuan{flag}',
    flag: ' (past the cap)',
    cite: 'Source: {document} (grade {grade})',
  },
} as const;

/**
 * The cap check as text for a finance or civil-affairs officer, in Chinese or English.
 *
 * @example
 * renderPurchaseCap(servicePurchaseCap(plan), 'zh')
 */
export function renderPurchaseCap(result: PurchaseCapResult, lang: Lang = 'zh'): string {
  const t = TEXT[lang];
  const verdict = result.withinCap ? fillTemplate(t.within, { headroom: result.headroom }) : fillTemplate(t.over, { exceededBy: result.exceededBy });
  // Item names and descriptions come from the plan file: each line stays one line, whatever they hold.
  return visibleLines([
    fillTemplate(t.head, { expenditure: result.lastYearAssistanceExpenditure, percent: new Dec(result.rate).times(100).toFixed(), cap: result.cap }),
    fillTemplate(t.total, { total: result.total, verdict }),
    ...result.lines.map((line) =>
      fillTemplate(t.line, {
        ...line,
        mark: line.exceedsCap ? '✗' : '✓',
        description: line.description ? ` ${line.description}` : '',
        flag: line.exceedsCap ? t.flag : '',
      }),
    ),
    fillTemplate(t.cite, result.citation),
  ]);
}
