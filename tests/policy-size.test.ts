import { describe, expect, it } from 'vitest';
import { loadPolicy, type PolicyDocument } from '../src/index.js';
import { national } from '../src/policies/national.js';
import { resolveParameter, type ParameterScope } from '../src/core/policy/parameters.js';

const PARAMETERS = 50_000;

/**
 * The national rules with 50,000 more parameters, each defined by a formula over a national one: a province that
 * kept every standard of every county and town as its own parameter would come near this. Compiling once copied
 * every parameter name for each formula (12,000 took 28 s, 40,000 over five minutes); it must be linear.
 */
function documentWithManyParameters(): PolicyDocument {
  const document = structuredClone(national) as PolicyDocument;
  const file = document.layers[0]!.files['parameters.json'] as { parameters: Record<string, unknown> };
  for (let i = 0; i < PARAMETERS; i++) {
    file.parameters[`generated.p${i}`] = {
      type: 'ratio',
      description: { zh: `生成的参数 ${i}`, en: `Generated parameter ${i}` },
      values: [
        {
          region: '000000',
          from: '2021-07-01',
          formula: { add: [{ param: 'dibao.marginalMultiple' }, String(i)] },
          source: { document: 'generated for a test' },
          grade: 'C',
        },
      ],
    };
  }
  return document;
}

describe('a policy with 50,000 parameters', () => {
  it('loads, and its last parameter resolves through its formula', async () => {
    const policy = await loadPolicy({ document: documentWithManyParameters() });
    expect(policy.parameters.size).toBeGreaterThan(PARAMETERS);
    const scope: ParameterScope = {
      policy,
      region: '440100',
      area: 'urban',
      asOf: '2025-03-01',
      param: (name, area) => resolveParameter(scope, name, area),
    };
    const last = resolveParameter(scope, `generated.p${PARAMETERS - 1}`);
    expect(last?.value.toString()).toBe('50000.5'); // 1.5 + 49999
    expect(last?.dependsOn?.map((d) => d.name)).toEqual(['dibao.marginalMultiple']);
  });
});
