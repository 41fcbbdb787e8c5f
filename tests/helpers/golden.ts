import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A golden case, written as JSON by a policy officer: a household, a date, the policy, and what the decision must
 * say. Only what `expect` names is checked, so a case states exactly the rule it is about.
 */
export const GoldenCase = z.strictObject({
  $schema: z.string().optional(),
  comment: z.string().min(10),
  policy: z.string(),
  asOf: z.string(),
  household: z.unknown(),
  expect: z.strictObject({
    programs: z
      .record(
        z.string(),
        z.strictObject({
          status: z.enum(['eligible', 'ineligible', 'undetermined']).optional(),
          amount: z.string().optional(),
          members: z.record(z.string(), z.string()).optional(),
          eligibleMembers: z.array(z.string()).optional(),
          supplements: z.record(z.string(), z.string()).optional(),
          validUntil: z.string().optional(),
          events: z
            .record(
              z.string(),
              z.strictObject({
                status: z.enum(['eligible', 'ineligible', 'undetermined']).optional(),
                amount: z.string().optional(),
                classifications: z.record(z.string(), z.string()).optional(),
              }),
            )
            .optional(),
        }),
      )
      .optional(),
    circle: z.enum(['absolute', 'relative', 'other', 'none']).optional(),
    reasons: z.array(z.strictObject({ rule: z.string(), passed: z.boolean(), memberId: z.string().optional() })).optional(),
    parameters: z.record(z.string(), z.string()).optional(),
    warnings: z.array(z.string()).optional(),
    error: z.strictObject({ kind: z.enum(['input', 'policy']), codes: z.array(z.string()) }).optional(),
  }),
});
export type GoldenCase = z.infer<typeof GoldenCase>;

/** Every golden case below `tests/cases`, with its file name. */
export function loadGoldenCases(root: string): { file: string; value: unknown }[] {
  const out: { file: string; value: unknown }[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(root, dir.name)).sort()) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir.name, name);
      out.push({ file, value: JSON.parse(readFileSync(join(root, file), 'utf8')) });
    }
  }
  return out;
}
