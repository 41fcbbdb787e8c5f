/** The engine version written into every decision; a test keeps it equal to package.json's. */
export const ENGINE_VERSION = '0.1.0';

/** The decision format; bump when a published field changes meaning. */
export const DECISION_FORMAT = 'jiuzhu.decision/1';

/**
 * The decision-record format (`toRecord`, logs, replay); bump when a record field changes meaning. `/2` added the
 * place in a hash-chained log (`seq`, `prev`), the compact form (`outcome` instead of `decision`), and a strict shape.
 */
export const RECORD_FORMAT = 'jiuzhu.record/2' as const;

/** The record format before hash-chained logs: still read and replayed (its records are reported as unchained). */
export const LEGACY_RECORD_FORMAT = 'jiuzhu.record/1' as const;
