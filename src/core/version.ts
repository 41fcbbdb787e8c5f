/** The engine version written into every decision; a test keeps it equal to package.json's. */
export const ENGINE_VERSION = '0.1.0';

/** The decision format; bump when a published field changes meaning. */
export const DECISION_FORMAT = 'jiuzhu.decision/1';

/** The decision-record format (`toRecord`, logs, replay); bump when a record field changes meaning. */
export const RECORD_FORMAT = 'jiuzhu.record/1' as const;
