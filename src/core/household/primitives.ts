import { z } from 'zod';
import { isRealDate } from './dates.js';
import { DECIMAL_PATTERN } from '../money/decimal.js';
import type { IssueCode } from '../errors/codes.js';
import { helpText } from '../text/helpText.js';

/** Marks a zod check with one of our issue codes, so that validation errors come out as our typed issues. */
export function issueCode(code: IssueCode) {
  return { params: { code } } as const;
}

/**
 * A string that must match a pattern, reported with our own issue code. The pattern is also written into the
 * generated JSON Schema so that an editor underlines the mistake as the officer types.
 */
export function patternString(pattern: RegExp, code: IssueCode, description: string) {
  return z
    .string()
    .refine((s) => pattern.test(s), { ...issueCode(code), abort: true })
    .meta({ pattern: pattern.source, description });
}

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-30). Parsed as a local calendar date, never as UTC time. */
export const IsoDate = patternString(/^\d{4}-\d{2}-\d{2}$/, 'INVALID_DATE', helpText('日期，YYYY-MM-DD，例如 2026-07-01', 'A calendar date, YYYY-MM-DD.')).refine(
  isRealDate,
  issueCode('INVALID_DATE'),
);

/** A calendar month `YYYY-MM`. */
export const IsoMonth = patternString(/^\d{4}-(0[1-9]|1[0-2])$/, 'INVALID_MONTH', helpText('月份，YYYY-MM', 'A calendar month, YYYY-MM.'));

const MONEY_PATTERN = /^\d+(\.\d{1,2})?$/;

/** Money in yuan as a decimal string with at most two decimals (fen), never negative: `"3000.00"`. */
export const Money = z
  .string()
  .refine((s) => DECIMAL_PATTERN.test(s), { ...issueCode('INVALID_DECIMAL'), abort: true })
  .refine((s) => !s.startsWith('-'), { ...issueCode('NEGATIVE_AMOUNT'), abort: true })
  .refine((s) => MONEY_PATTERN.test(s), issueCode('TOO_MANY_DECIMALS'))
  .meta({
    pattern: MONEY_PATTERN.source,
    description: helpText(
      '金额（元），带引号的数字，最多两位小数，不能为负，不要千位逗号，例如 "3000.00"',
      'Yuan as a decimal string, at most two decimals, not negative, e.g. "3000.00".',
    ),
  });

/** A non-negative decimal that is not money (a floor area, a ratio). */
export const NonNegativeDecimal = z
  .string()
  .refine((s) => DECIMAL_PATTERN.test(s), { ...issueCode('INVALID_DECIMAL'), abort: true })
  .refine((s) => !s.startsWith('-'), issueCode('NEGATIVE_AMOUNT'))
  .meta({ pattern: '^\\d+(\\.\\d+)?$', description: helpText('非负的小数，带引号，例如 "45.5"', 'A non-negative decimal string, e.g. "45.5".') });

/** A 6-digit administrative division code (GB/T 2260), e.g. `440100` for Guangzhou. */
export const RegionCode = patternString(
  /^\d{6}$/,
  'INVALID_REGION',
  helpText('6 位行政区划代码（GB/T 2260），例如广州 "440100"', 'A 6-digit administrative division code (GB/T 2260), e.g. "440100".'),
);

/** An identifier as used for households, members and events. */
export const Identifier = z.string().min(1).max(200);

/** A bounded, non-negative whole number (counts that are not money). */
export const Count = z.number().int().min(0).max(1000);
