/**
 * The engine version written into every decision; a test keeps it equal to package.json's. Raise it with every
 * change that can give another decision (or explanation) for the same input and policy — a fact, a signal, what a
 * test records — so that replaying an older record says `differs` (another engine), never `forged`.
 */
export const ENGINE_VERSION = '0.2.1';

/** The decision format; bump when a published field changes meaning. */
export const DECISION_FORMAT = 'jiuzhu.decision/1';

/**
 * The decision-record format (`toRecord`, logs, replay); bump when a record field changes meaning. `/2` added the
 * place in a hash-chained log (`seq`, `prev`), the compact form (`outcome` instead of `decision`), and a strict shape.
 */
export const RECORD_FORMAT = 'jiuzhu.record/2' as const;

/** The record format before hash-chained logs: still read and replayed (its records are reported as unchained). */
export const LEGACY_RECORD_FORMAT = 'jiuzhu.record/1' as const;
