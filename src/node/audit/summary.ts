/** A program a record grants, for a report: what it is and how much, per what period. */
export interface GrantedProgram {
  program: string;
  amount: string;
  period: string;
}

/**
 * What a report lists of a record, read from what the record says (also when it was altered: the report shows what
 * the line claims, beside the outcome that says whether to believe it): its case number, household, date, policy and
 * the programs it grants.
 */
export interface RecordSummary {
  caseNumber?: string;
  household?: string;
  asOf?: string;
  policy?: string;
  seq?: number;
  granted: GrantedProgram[];
}

/**
 * The summary of a parsed record line; fields of the wrong type are left out (a report never prints an object).
 * The case number is `meta.caseNumber` (as `jiuzhu evaluate --meta caseNumber=…` writes it).
 *
 * @example
 * recordSummary(JSON.parse(line)) // { caseNumber: 'GZ-2023-0001', household: 'gz-2023-0001', asOf: '2023-06-01', granted: [{ program: 'dibao', amount: '1952.00', period: 'month' }] }
 */
export function recordSummary(value: unknown): RecordSummary {
  const record = asObject(value);
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const policy = asObject(record.policy);
  const programs = asObject(record.decision).programs ?? asObject(record.outcome).programs;
  const granted: GrantedProgram[] = [];
  for (const program of Array.isArray(programs) ? programs : []) {
    const p = asObject(program);
    const [id, amount, period] = [text(p.program), text(p.amount), text(p.period)];
    if (p.status === 'eligible' && id !== undefined && amount !== undefined && period !== undefined) granted.push({ program: id, amount, period });
  }
  const summary: RecordSummary = { granted };
  const caseNumber = text(asObject(record.meta).caseNumber);
  const household = text(asObject(record.input).id);
  const asOf = text(record.asOf);
  if (caseNumber !== undefined) summary.caseNumber = caseNumber;
  if (household !== undefined) summary.household = household;
  if (asOf !== undefined) summary.asOf = asOf;
  if (typeof policy.id === 'string' && typeof policy.version === 'string') summary.policy = `${policy.id} ${policy.version}`;
  if (Number.isSafeInteger(record.seq)) summary.seq = record.seq as number;
  return summary;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
