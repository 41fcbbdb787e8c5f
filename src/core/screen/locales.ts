import { fillTemplate, type Bilingual } from '../text/template.js';

/**
 * The codes of screening's dynamic-management findings (动态管理): an amount to increase (增发) or decrease (减发), a
 * periodic review (复核) due, a recipient who has died. Engine codes, like `jiuzhu.excludedBy`: the rule files give
 * the programs, intervals, labels and citations, this catalog the sentence around them.
 */
export const MANAGEMENT_CODES = ['screen.amountIncrease', 'screen.amountDecrease', 'screen.reviewDue', 'screen.recipientDied'] as const;
export type ManagementCode = (typeof MANAGEMENT_CODES)[number];

/** The text of each finding, per language; `{program}` is the program's name, the rest the finding's figures. */
export const MANAGEMENT_MESSAGES: Readonly<Record<ManagementCode, Bilingual>> = {
  'screen.amountIncrease': {
    zh: '{program}：登记的月发放金额为 {recorded} 元，按现行规定应为 {entitled} 元，应增发 {difference} 元。',
    en: '{program}: the recorded monthly amount is {recorded} yuan, the rules in force give {entitled} yuan: increase it by {difference} yuan (增发).',
  },
  'screen.amountDecrease': {
    zh: '{program}：登记的月发放金额为 {recorded} 元，按现行规定应为 {entitled} 元，应减发 {difference} 元。',
    en: '{program}: the recorded monthly amount is {recorded} yuan, the rules in force give {entitled} yuan: decrease it by {difference} yuan (减发).',
  },
  'screen.reviewDue': {
    zh: '{program}：{label}每 {months} 个月复核一次，自{basis}（{from}）起算，应于 {due} 复核，已到期。',
    en: '{program}: {label} is reviewed every {months} months; counted from the {basis} ({from}), the review was due on {due}.',
  },
  'screen.recipientDied': {
    zh: '{program}：{label}。{member} 于 {diedOn} 死亡，应重新核查家庭，并于 {by} 前办理增发、减发或停发{overdue}。',
    en: '{program}: {label}. {member} died on {diedOn}: the family must be re-checked and the allowance increased, decreased or stopped by {by}{overdue}.',
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
 * A finding's text in both languages: each param is one text for both, or `{ zh, en }`.
 *
 * @example
 * managementMessage('screen.amountIncrease', { program: { zh: '最低生活保障', en: 'Minimum living allowance' }, recorded: '500.00', entitled: '620.00', difference: '120.00' }).zh
 * // '最低生活保障：登记的月发放金额为 500.00 元，按现行规定应为 620.00 元，应增发 120.00 元。'
 */
export function managementMessage(code: ManagementCode, params: Readonly<Record<string, string | number | Bilingual>>): Bilingual {
  const inLanguage = (lang: 'zh' | 'en') =>
    Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[lang] : value]));
  return { zh: fillTemplate(MANAGEMENT_MESSAGES[code].zh, inLanguage('zh')), en: fillTemplate(MANAGEMENT_MESSAGES[code].en, inLanguage('en')) };
}
