import { z } from 'zod';
import { DecisionRecordSchema } from './audit/record.js';
import { PolicyPackSchema } from './audit/pack.js';
import { DecisionSchema } from './decision/schema.js';
import { Household } from './household/schema.js';
import { RULE_FILE_SCHEMAS } from './policy/schema.js';
import { TestCaseSchema } from './testing/testCase.js';

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
  out['test-case.schema.json'] = testCaseJsonSchema();
  for (const [kind, schema] of Object.entries(RULE_FILE_SCHEMAS)) {
    out[`${kind}.schema.json`] = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  }
  return out;
}

/**
 * The test case format as JSON Schema. The library reads `household` as it is (a case may be about a household the
 * evaluation must refuse), but an editor checks it against the household format beside this schema, so that an
 * officer writing a case gets the household's fields and their descriptions too.
 */
function testCaseJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TestCaseSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
  schema.properties.household = { $ref: 'household.schema.json', ...schema.properties.household };
  return schema as Record<string, unknown>;
}

/** A schema file's text: 2-space JSON and a final newline, so regenerating an unchanged schema changes no byte. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
