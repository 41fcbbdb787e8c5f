import type { Bilingual, Lang } from '../text/template.js';

/**
 * The codes of screening's dynamic-management findings (动态管理): an amount to increase (增发) or decrease (减发), a
 * periodic review (复核) due, a recipient who has died. Engine codes, like `jiuzhu.excludedBy`: the rule files give
 * the programs, intervals, labels and citations, this catalog the sentence around them.
 */
export const MANAGEMENT_CODES = ['screen.amountIncrease', 'screen.amountDecrease', 'screen.reviewDue', 'screen.recipientDied'] as const;
export type ManagementCode = (typeof MANAGEMENT_CODES)[number];

/** The figures each finding's sentence quotes, in one language (names and labels already in that language). */
export interface ManagementMessageParams {
  'screen.amountIncrease': { program: string; recorded: string; entitled: string; difference: string };
  'screen.amountDecrease': { program: string; recorded: string; entitled: string; difference: string };
  'screen.reviewDue': { program: string; label: string; months: number; basis: string; from: string; due: string };
  'screen.recipientDied': { program: string; label: string; member: string; diedOn: string; by: string; overdue: string };
}

type Catalog = { [C in ManagementCode]: (p: ManagementMessageParams[C]) => string };

/**
 * The sentence of each finding, per language. Functions rather than `{placeholder}` templates: screening writes one
 * for nearly every enrolled household, and filling templates cost more than the rest of its dynamic management.
 */
export const MANAGEMENT_MESSAGES: Readonly<Record<Lang, Catalog>> = {
  zh: {
    'screen.amountIncrease': (p) => `${p.program}：登记的月发放金额为 ${p.recorded} 元，按现行规定应为 ${p.entitled} 元，应增发 ${p.difference} 元。`,
    'screen.amountDecrease': (p) => `${p.program}：登记的月发放金额为 ${p.recorded} 元，按现行规定应为 ${p.entitled} 元，应减发 ${p.difference} 元。`,
    'screen.reviewDue': (p) => `${p.program}：${p.label}每 ${p.months} 个月复核一次，自${p.basis}（${p.from}）起算，应于 ${p.due} 复核，已到期。`,
    'screen.recipientDied': (p) =>
      `${p.program}：${p.label}。${p.member} 于 ${p.diedOn} 死亡，应重新核查家庭，并于 ${p.by} 前办理增发、减发或停发${p.overdue}。`,
  },
  en: {
    'screen.amountIncrease': (p) =>
      `${p.program}: the recorded monthly amount is ${p.recorded} yuan, the rules in force give ${p.entitled} yuan: increase it by ${p.difference} yuan (增发).`,
    'screen.amountDecrease': (p) =>
      `${p.program}: the recorded monthly amount is ${p.recorded} yuan, the rules in force give ${p.entitled} yuan: decrease it by ${p.difference} yuan (减发).`,
    'screen.reviewDue': (p) => `${p.program}: ${p.label} is reviewed every ${p.months} months; counted from the ${p.basis} (${p.from}), the review was due on ${p.due}.`,
    'screen.recipientDied': (p) =>
      `${p.program}: ${p.label}. ${p.member} died on ${p.diedOn}: the family must be re-checked and the allowance increased, decreased or stopped by ${p.by}${p.overdue}.`,
  },
};

/** What a review's interval is counted from, in words. */
export const REVIEW_BASIS_WORDS: Readonly<Record<'lastReviewed' | 'approvedOn' | 'since', Bilingual>> = {
  lastReviewed: { zh: '上次复核', en: 'last review' },
  approvedOn: { zh: '审批', en: 'approval' },
  since: { zh: '开始享受', en: 'start of payment' },
};

/** Said of a re-check whose time limit has passed. */
export const OVERDUE_WORDS: Bilingual = { zh: '（已逾期）', en: ' (overdue)' };

/**
 * A finding's text in both languages, from its figures in each.
 *
 * @example
 * const figures = { recorded: '500.00', entitled: '620.00', difference: '120.00' };
 * managementMessage('screen.amountIncrease', { ...figures, program: '最低生活保障' }, { ...figures, program: 'Minimum living allowance' }).zh
 * // '最低生活保障：登记的月发放金额为 500.00 元，按现行规定应为 620.00 元，应增发 120.00 元。'
 */
export function managementMessage<C extends ManagementCode>(code: C, zh: ManagementMessageParams[C], en: ManagementMessageParams[C]): Bilingual {
  return { zh: MANAGEMENT_MESSAGES.zh[code](zh), en: MANAGEMENT_MESSAGES.en[code](en) };
}
