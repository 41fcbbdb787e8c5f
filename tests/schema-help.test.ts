import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../src/core/schemas.js';
import { RULE_FILE_SCHEMAS } from '../src/core/policy/schema.js';

type Node = Record<string, unknown>;

/**
 * Every property an officer can write, as `schema/path.to.key`, with the description an editor shows on hover (the
 * property's own, else the one of the definition it refers to).
 */
function propertyHelp(name: string, schema: Node): Map<string, string | undefined> {
  const help = new Map<string, string | undefined>();
  const defs = (schema.$defs ?? {}) as Record<string, Node>;
  const seen = new Set<Node>();
  const resolve = (node: Node): Node => (typeof node.$ref === 'string' && node.$ref.startsWith('#/$defs/') ? { ...defs[node.$ref.slice(8)], ...node } : node);
  const walk = (raw: unknown, path: string): void => {
    if (raw === null || typeof raw !== 'object') return;
    if (Array.isArray(raw)) return raw.forEach((item) => walk(item, path));
    const node = resolve(raw as Node);
    if (seen.has(raw as Node)) return;
    seen.add(raw as Node);
    for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      const at = `${path}.${key}`;
      if (!help.has(at)) help.set(at, resolve(value).description as string | undefined);
      walk(value, at);
    }
    walk(node.items, `${path}[]`);
    walk(node.additionalProperties, `${path}.*`);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) walk(node[key], path);
  };
  walk(schema, name);
  return help;
}

describe('the JSON Schemas explain every field in Chinese, and in English', () => {
  const schemas = jsonSchemas();
  const forOfficers = ['household', ...Object.keys(RULE_FILE_SCHEMAS)].map((name) => `${name}.schema.json`);

  it('each property of the rule files and the household has a description: Chinese, then " / ", then English', () => {
    const wanting: string[] = [];
    let checked = 0;
    for (const name of forOfficers) {
      for (const [path, description] of propertyHelp(name, schemas[name]!)) {
        checked += 1;
        const [zh, en] = (description ?? '').split(' / ');
        if (!/[\u4e00-\u9fff]/.test(zh ?? '') || !/[A-Za-z]/.test(en ?? '')) wanting.push(`${path}: ${description}`);
      }
    }
    expect(wanting).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('what an officer hovers over when raising a standard says what to write', () => {
    const value = (schemas['parameters.schema.json'] as any).properties.values.additionalProperties.items.properties;
    expect(value.from.description).toMatch(/^生效日期（含当天）/);
    expect(value.value.description).toContain('不要千位逗号');
    expect(value.source.description).toMatch(/^数值的来源/);
    expect((schemas['household.schema.json'] as any).properties.members.items.properties.relation.description).toContain('spouse 配偶');
  });
});
