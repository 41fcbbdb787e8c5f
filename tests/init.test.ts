import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedProject } from './helpers/installedProject.js';

function jsonFilesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFilesBelow(path) : name.endsWith('.json') ? [path] : [];
  });
}

describe('jiuzhu init: a local layer on a bundled province', () => {
  const { project, cli } = installedProject();
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: project });
  const made = run('init', 'guangzhou', '--extends', 'guangdong', '--region', '440100');

  it('writes the rules, an example case and household, and a README in Chinese; every path leads into the installed package', () => {
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('已创建 guangzhou');
    const layer = join(project, 'guangzhou');
    const manifest = JSON.parse(readFileSync(join(layer, 'rules', 'policy.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'policy', id: 'guangzhou', region: '440100', extends: '../../node_modules/jiuzhu/rules/provinces/guangdong' });
    // Every $schema an editor follows is there, relative to its file, inside the installed package.
    const files = jsonFilesBelow(layer);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const pointer = JSON.parse(readFileSync(file, 'utf8')).$schema as string | undefined;
      if (pointer === undefined) continue;
      expect(pointer).toMatch(/^\.\.\/(\.\.\/)?node_modules\/jiuzhu\/schemas\/[a-z-]+\.schema\.json$/);
      expect(existsSync(join(dirname(file), pointer)), `${file}: ${pointer}`).toBe(true);
    }
    const readme = readFileSync(join(layer, 'README.md'), 'utf8');
    expect(readme).toContain('调整标准（调标）');
    expect(readme).toContain('npx jiuzhu validate guangzhou/rules');
    const guide = /\[(\.\.\/node_modules\/jiuzhu\/docs\/zh\/README\.md)\]/.exec(readme)?.[1];
    expect(guide).toBeDefined();
    expect(existsSync(join(layer, guide!))).toBe(true);
  });

  it('validates, and decides the example household as its case expects (the arithmetic in its comment)', () => {
    const validated = run('validate', 'guangzhou/rules');
    expect(validated.status).toBe(0);
    expect(validated.stdout).toMatch(/✓ guangzhou\/rules：规则文件有效（guangzhou 版本 1，/);
    const example = JSON.parse(readFileSync(join(project, 'guangzhou', 'cases', 'guangzhou-dibao.json'), 'utf8'));
    expect(example).toMatchObject({ policy: '../rules', asOf: '2026-07-01', expect: { programs: { dibao: { status: 'eligible', amount: '2236.00' } } } });
    const decided = JSON.parse(run('evaluate', 'guangzhou/households/guangzhou.json', '--policy', 'guangzhou/rules', '--as-of', example.asOf, '--json').stdout);
    expect(decided.policy.id).toBe('guangzhou');
    expect(decided.programs.find((p: { program: string }) => p.program === 'dibao')).toMatchObject({ status: 'eligible', amount: '2236.00' });
  });

  it("a standard raised in the layer is the city's from its date; earlier dates keep the province's", () => {
    const parameters = join(project, 'guangzhou', 'rules', 'parameters.json');
    const json = JSON.parse(readFileSync(parameters, 'utf8'));
    json.values['dibao.standard'] = [{ region: '440100', from: '2026-07-01', value: '1400.00', source: { document: '广州市民政局关于调整最低生活保障标准的通知' }, grade: 'A' }];
    writeFileSync(parameters, JSON.stringify(json, null, 2));
    expect(run('validate', 'guangzhou/rules').status).toBe(0);
    const amount = (asOf: string) =>
      JSON.parse(run('evaluate', 'guangzhou/households/guangzhou.json', '--policy', 'guangzhou/rules', '--as-of', asOf, '--json').stdout).programs.find(
        (p: { program: string }) => p.program === 'dibao',
      ).amount;
    expect([amount('2026-06-30'), amount('2026-07-01')]).toEqual(['2236.00', '2600.00']); // (1400 − 750) × 4
  });

  it('never overwrites: a folder already made is refused with each file named; a region outside the province is refused', () => {
    const again = run('init', 'guangzhou', '--extends', 'guangdong');
    expect(again.status).toBe(3);
    expect(again.stderr).toContain('INIT_FILE_EXISTS');
    expect(again.stderr).toContain('policy.json');
    const wuhan = run('init', 'wuhan', '--extends', 'guangdong', '--region', '420100');
    expect(wuhan.status).toBe(3);
    expect(wuhan.stderr).toContain('REGION_OUTSIDE_LAYER');
    expect(existsSync(join(project, 'wuhan'))).toBe(false);
    expect(run('init', 'x').status).toBe(2);
  });

  it('a layer on Hubei or Hunan gets its capital as the example; a Chinese folder name gets an id of its own', () => {
    mkdirSync(join(project, '市县'));
    expect(run('init', '市县/武汉', '--extends', 'hubei', '--region', '420100').status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(project, '市县', '武汉', 'rules', 'policy.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: 'hubei-local', extends: '../../../node_modules/jiuzhu/rules/provinces/hubei' });
    const decided = JSON.parse(run('evaluate', '市县/武汉/households/wuhan.json', '--policy', '市县/武汉/rules', '--as-of', '2026-07-01', '--json').stdout);
    expect(decided.programs.find((p: { program: string }) => p.program === 'dibao')).toMatchObject({ status: 'eligible', amount: '728.00' });
  });

  it('a layer elsewhere than the capital gets the family in its own region, and only what the rules know of it', () => {
    // Shaoguan: the province's rules have no standard there, so 低保 cannot be decided until the officer writes one.
    expect(run('init', 'shaoguan', '--extends', 'guangdong', '--region', '440200').status).toBe(0);
    const shaoguan = JSON.parse(readFileSync(join(project, 'shaoguan', 'cases', 'shaoguan-dibao.json'), 'utf8'));
    expect(shaoguan).toMatchObject({ household: { region: '440200' }, expect: { programs: { dibao: { status: 'undetermined' } } } });
    expect(shaoguan.comment).toContain('没有本地（440200）2026-07-01 有效的低保标准');
    expect(run('test', 'shaoguan/cases').status).toBe(0);
    // Shenzhen: the standard in force there, with its source; the amount is the officer's to work out by hand.
    expect(run('init', 'shenzhen', '--extends', 'guangdong', '--region', '440300').status).toBe(0);
    const shenzhen = JSON.parse(readFileSync(join(project, 'shenzhen', 'cases', 'shenzhen-dibao.json'), 'utf8'));
    expect(shenzhen).toMatchObject({ household: { region: '440300' }, expect: { parameters: { 'dibao.standard': expect.stringMatching(/^\d+\.\d\d$/) } } });
    expect(shenzhen.expect.programs).toBeUndefined();
    expect(run('test', 'shenzhen/cases').status).toBe(0);
    expect(existsSync(join(project, 'shenzhen', 'households', 'shenzhen.json'))).toBe(true);
  });
});
