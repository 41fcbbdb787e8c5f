import { z } from 'zod';
import { DecisionRecordSchema } from './audit/record.js';
import { PolicyPackSchema } from './audit/pack.js';
import { DecisionSchema } from './decision/schema.js';
import { Household } from './household/schema.js';
import { RULE_FILE_SCHEMAS } from './policy/schema.js';

/**
 * The JSON Schemas the package publishes in `schemas/`, generated from the zod schemas (the source of truth).
 * Input-side schemas (household, rule files) describe what may be written, so fields with defaults are optional.
 *
 * @example
 * jsonSchemas()['household.schema.json'].title // 'jiuzhu household'
 */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  out['household.schema.json'] = z.toJSONSchema(Household, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  out['decision.schema.json'] = z.toJSONSchema(DecisionSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  out['record.schema.json'] = z.toJSONSchema(DecisionRecordSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  out['policy-pack.schema.json'] = z.toJSONSchema(PolicyPackSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  for (const [kind, schema] of Object.entries(RULE_FILE_SCHEMAS)) {
    out[`${kind}.schema.json`] = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  }
  return out;
}

/** A schema file's text: 2-space JSON and a final newline, so regenerating an unchanged schema changes no byte. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
