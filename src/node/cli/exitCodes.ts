/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** Something unexpected inside jiuzhu (a bug): the only case with a stack trace. */
  internal: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** The household (or other input) is invalid. */
  invalidInput: 3,
  /** A rule file is invalid, or the policy cannot be found. */
  invalidPolicy: 4,
  /** `purchase-cap`: the plan exceeds the cap. */
  overCap: 5,
  /** `jiuzhu replay`: not every record replayed identical (some differ, were altered, or could not be replayed). */
  notIdentical: 6,
  /** An output file could not be written (a full disk): what was written is incomplete. */
  cannotWrite: 7,
  /** `jiuzhu test`: a test case failed (what it expects is not what the policy decides). */
  testsFailed: 8,
} as const;
