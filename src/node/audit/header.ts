import { SHA256_HEX, sha256Canonical } from '../../core/audit/canonical.js';
import { makeIssue, type Issue } from '../../core/errors/issue.js';

/** The format of a log's first line, its header. */
export const LOG_FORMAT = 'jiuzhu.log/1' as const;

/**
 * A log's header: its first line, naming the log; the first record is chained to its sha256, so a record cannot be
 * moved in from another log unnoticed. A log that already held lines when it became a chain (records of the format
 * before chains) seals those bytes in `before`: their length and sha256.
 */
export interface LogHeader {
  format: typeof LOG_FORMAT;
  log: string;
  before?: { bytes: number; sha256: string };
  sha256: string;
}

/**
 * Makes a log's header, sealed with the sha256 of the canonical JSON of its other fields.
 *
 * @example
 * logHeader('decisions-440100-2026') // { format: 'jiuzhu.log/1', log: 'decisions-440100-2026', sha256: '…' }
 */
export function logHeader(log: string, before?: { bytes: number; sha256: string }): LogHeader {
  const body = { format: LOG_FORMAT, log, ...(before ? { before } : {}) };
  return { ...body, sha256: sha256Canonical(body) };
}

/**
 * Whether a parsed line claims to be a log header (it may still be a damaged one: see {@link checkLogHeader}).
 *
 * @example
 * isLogHeaderLine(JSON.parse(firstLine)) // true
 */
export function isLogHeaderLine(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && (value as { format?: unknown }).format === LOG_FORMAT;
}

/**
 * Checks a header line: exactly its fields, of their types, sealed by its sha256. Returns the header, or the issue
 * (`LOG_HEADER_INVALID`) with the line it is on.
 *
 * @example
 * checkLogHeader(JSON.parse(firstLine), 1) // { header: { format: 'jiuzhu.log/1', … } }
 */
export function checkLogHeader(value: Record<string, unknown>, line: number): { header: LogHeader } | { issue: Issue } {
  const invalid = { issue: makeIssue('LOG_HEADER_INVALID', [], { line }) };
  const keys = Object.keys(value);
  if (keys.some((key) => !['format', 'log', 'before', 'sha256'].includes(key))) return invalid;
  const { log, before, sha256 } = value;
  if (typeof log !== 'string' || typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) return invalid;
  if (before !== undefined) {
    const b = before as { bytes?: unknown; sha256?: unknown };
    const fields = before !== null && typeof before === 'object' ? Object.keys(before).sort().join(',') : '';
    if (fields !== 'bytes,sha256' || !Number.isSafeInteger(b.bytes) || typeof b.sha256 !== 'string' || !SHA256_HEX.test(b.sha256)) return invalid;
  }
  const { sha256: _own, ...body } = value;
  if (sha256Canonical(body) !== sha256) return invalid;
  return { header: value as unknown as LogHeader };
}
