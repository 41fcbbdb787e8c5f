import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { JiuzhuError, makeIssue } from '../../core/errors/issue.js';
import { BUNDLED_POLICIES, type BundledPolicyName } from '../../core/policy/bundled.js';
import { regionWithin } from '../../core/policy/regions.js';
import { bundledRulesRoot, packageRoot } from '../policy/files.js';
import { loadPolicy } from '../policy/load.js';
import { isDecimal, formatMoney } from '../../core/money/decimal.js';
import { resolveParameter, type ParameterScope } from '../../core/policy/parameters.js';
import type { Policy } from '../../core/policy/types.js';
import { EXAMPLE_CASES, exampleHousehold, localExampleCase, type ExampleCase } from './examples.js';
import { localLayerReadme } from './readme.js';

/** What a local layer is built on, and what it is called. */
export interface InitOptions {
  /** The policy the layer builds on: a bundled name or a folder of rule files. */
  extends: BundledPolicyName | { dir: string };
  /** The layer's region (a city or county code inside the policy's region). Default: the policy's own region. */
  region?: string;
  /** The layer's policy id. Default: the folder's name, when it is a valid name; else `<policy id>-local`. */
  id?: string;
}

/** A policy id: a letter, then letters, digits, _ . or - (as in rule files). */
const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Makes a thin local layer in a new folder: `rules/` (a `policy.json` that extends the given policy, and an empty
 * `parameters.json` for the place's own values), `cases/` with an example test case for a bundled province, and a
 * README in Chinese. Every `$schema` and the `extends` are paths relative to the files, into the installed package,
 * so an editor explains each field and the layer loads where it was made. Nothing is overwritten: a folder that
 * already has any of these is refused. Returns the files written.
 *
 * @example
 * await initLocalLayer('guangzhou', { extends: 'guangdong', region: '440100' })
 * // ['guangzhou/rules/policy.json', 'guangzhou/rules/parameters.json', 'guangzhou/cases/guangzhou-dibao.json', …]
 */
export async function initLocalLayer(dir: string, options: InitOptions): Promise<string[]> {
  const baseDir = typeof options.extends === 'string' ? join(bundledRulesRoot(), BUNDLED_POLICIES[options.extends]) : resolve(options.extends.dir);
  const base = await loadPolicy({ dir: baseDir });
  const region = options.region ?? base.region;
  if (!/^\d{6}$/.test(region)) throw new JiuzhuError('input', [makeIssue('INVALID_REGION', ['region'], { received: region })]);
  if (!regionWithin(region, base.region)) {
    throw new JiuzhuError('input', [makeIssue('REGION_OUTSIDE_LAYER', ['region'], { region, layerRegion: base.region })]);
  }
  const folderName = basename(resolve(dir));
  const id = options.id ?? (NAME.test(folderName) ? folderName : `${base.id}-local`);
  if (!NAME.test(id)) throw new JiuzhuError('input', [makeIssue('INVALID_NAME', ['id'], { received: id })]);

  const example = exampleFor(base, id, region);
  const schemas = join(packageRoot(), 'schemas');
  const files: Record<string, unknown> = {};
  const rules = join(dir, 'rules');
  files[join(rules, 'policy.json')] = {
    $schema: pathFrom(rules, join(schemas, 'policy.schema.json')),
    kind: 'policy',
    id,
    version: '1',
    name: { zh: `${id} 本地社会救助规则（基于${base.name.zh}）`, en: `${id}: local social-assistance rules on ${base.name.en}` },
    region,
    extends: pathFrom(rules, baseDir),
  };
  files[join(rules, 'parameters.json')] = {
    $schema: pathFrom(rules, join(schemas, 'parameters.schema.json')),
    kind: 'parameters',
    comment: `本地的参数值：在 values 里按参数名加一条 { region, from, value, source, grade }，见 README.md。未写的参数按 ${base.id} 的规则。`,
    values: {},
  };
  let exampleCase: string | undefined;
  let exampleFile: string | undefined;
  if (example) {
    const cases = join(dir, 'cases');
    const place = example.file.replace(/-dibao.*$/, ''); // guangzhou-dibao.json → guangzhou
    const household = exampleHousehold(`${place}-example`, example.region);
    // The test-case format's schema ships with `jiuzhu test`; a path that leads nowhere is not written.
    const caseSchema = join(schemas, 'test-case.schema.json');
    exampleCase = join(cases, example.file);
    files[exampleCase] = {
      ...(existsSync(caseSchema) ? { $schema: pathFrom(cases, caseSchema) } : {}),
      comment: example.comment,
      policy: pathFrom(cases, rules),
      asOf: example.asOf,
      household,
      expect: example.expect,
    };
    const households = join(dir, 'households');
    exampleFile = join(households, `${place}.json`);
    files[exampleFile] = { $schema: pathFrom(households, join(schemas, 'household.schema.json')), ...household };
  }
  const readme = join(dir, 'README.md');
  const texts: Record<string, string> = Object.fromEntries(Object.entries(files).map(([file, content]) => [file, `${JSON.stringify(content, null, 2)}\n`]));
  texts[readme] = localLayerReadme({
    id,
    region,
    base: { id: base.id, name: base.name.zh },
    guide: pathFrom(dir, join(packageRoot(), 'docs', 'zh', 'README.md')),
    folder: pathFrom('.', dir) || '.',
    ...(exampleCase ? { exampleCase: pathFrom(dir, exampleCase), exampleHousehold: pathFrom(dir, exampleFile!) } : {}),
    exampleRegion: region.endsWith('0000') ? (example?.region ?? region) : region,
    asOf: example?.asOf ?? '2026-07-01',
  });

  // Nothing is overwritten: an officer's own files are never replaced by a template.
  const existing = Object.keys(texts).filter((file) => existsSync(file));
  if (existing.length > 0) throw new JiuzhuError('input', existing.map((file) => makeIssue('INIT_FILE_EXISTS', [], { file })));
  for (const [file, text] of Object.entries(texts)) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
  }
  return Object.keys(texts);
}

/**
 * The example case for a layer on a bundled province: the capital's, when the layer is the province or the capital;
 * else the same family in the layer's own region (see {@link localExampleCase}).
 */
function exampleFor(base: Policy, id: string, region: string): ExampleCase | undefined {
  const capital = EXAMPLE_CASES[base.id];
  // A layer for a district is elsewhere too: its household must be inside it, and its standard may be its own.
  if (!capital || regionWithin(capital.region, region)) return capital;
  const scope: ParameterScope = { policy: base, region, area: 'urban', asOf: capital.asOf, param: (name) => resolveParameter(scope, name) };
  const standard = resolveParameter(scope, 'dibao.standard');
  const source = standard?.source ? [standard.source.document, standard.source.number].filter(Boolean).join(' ') : undefined;
  return localExampleCase(capital, id, region, isDecimal(standard?.value) ? { value: formatMoney(standard.value), ...(source ? { source } : {}) } : undefined);
}

/** A path from a folder to a file or folder, with `/` on every system (as JSON and editors want it). */
function pathFrom(from: string, to: string): string {
  return relative(resolve(from), resolve(to)).split(sep).join('/');
}
