/**
 * The example test case `jiuzhu init` writes for a layer on a bundled province: one household of the province's
 * capital, with what the regulation says it gets and the arithmetic that shows it (never the engine's output).
 * The household is the README's Guangzhou family, moved to the capital.
 */
export interface ExampleCase {
  /** The file name in `cases/`. */
  file: string;
  region: string;
  comment: string;
  asOf: string;
  expect: Record<string, unknown>;
}

/** A family of five: the father earns 3000.00 a month, the mother receives 优待抚恤金, the eldest son is in prison. */
export function exampleHousehold(id: string, region: string): Record<string, unknown> {
  return {
    id,
    region,
    area: 'urban',
    members: [
      { id: 'm1', name: '陈建国', relation: 'applicant', birthDate: '1975-04-12', employment: 'employed', incomes: [{ kind: 'wage', amount: '3000.00', period: 'month' }] },
      {
        id: 'm2',
        name: '李秀英',
        relation: 'spouse',
        birthDate: '1977-09-30',
        employment: 'unemployed',
        incomes: [{ kind: 'preferentialTreatment', amount: '500.00', period: 'month', note: '优待抚恤金' }],
      },
      { id: 'm3', name: '陈伟', relation: 'child', birthDate: '1998-02-14', employment: 'unemployed' },
      { id: 'm4', name: '陈芳', relation: 'child', birthDate: '2000-06-01', employment: 'unemployed' },
      { id: 'm5', name: '陈强', relation: 'child', birthDate: '1996-11-20', exclusion: 'prison' },
    ],
    assets: { financial: [], vehicles: [], houses: [{ floorArea: '68' }] },
  };
}

/** How the family's per-capita income is counted, the same in every province (民发〔2021〕57号 arts. 7 and 13). */
export const INCOME =
  '户主月工资 3000 元；配偶的优待抚恤金 500 元不计入家庭收入（民发〔2021〕57号第十三条）；长子服刑，不计入共同生活的家庭成员（第七条）。' +
  '家庭成员 4 人，月人均收入 3000 ÷ 4 = 750 元。';

/** The example case for a layer on each bundled province, by the province's policy id. */
export const EXAMPLE_CASES: Readonly<Record<string, ExampleCase>> = {
  guangdong: {
    file: 'guangzhou-dibao.json',
    region: '440100',
    asOf: '2026-07-01',
    comment:
      `示例（请改成本地的真实情形）：广州市一户五口。${INCOME}` +
      '广州 2025-01-01 起低保标准 1309 元（第二十三条，差额法）：每人 1309 − 750 = 559 元，家庭每月 559 × 4 = 2236 元。' +
      '调整标准后，请按新标准重算这里的期望金额。',
    expect: { programs: { dibao: { status: 'eligible', amount: '2236.00' } }, parameters: { 'dibao.standard': '1309.00' } },
  },
  hubei: {
    file: 'wuhan-dibao.json',
    region: '420100',
    asOf: '2026-07-01',
    comment:
      `示例（请改成本地的真实情形）：武汉市一户五口。${INCOME}` +
      '武汉 2022-01-01 起低保标准 910 元：每人差额 910 − 750 = 160 元，低于武汉的最低发放额 910 × 20% = 182 元，按 182 元发放，家庭每月 182 × 4 = 728 元。' +
      '调整标准后，请按新标准重算这里的期望金额。',
    expect: { programs: { dibao: { status: 'eligible', amount: '728.00' } }, parameters: { 'dibao.standard': '910.00' } },
  },
  hunan: {
    file: 'changsha-dibao-marginal.json',
    region: '430100',
    asOf: '2026-07-01',
    comment:
      `示例（请改成本地的真实情形）：长沙市一户五口。${INCOME}` +
      '规则中没有长沙本市的标准，按湖南省 2020-11-01 起的标准 550 元：人均 750 元不低于 550 元，不符合低保；' +
      '低于低保边缘收入线 550 × 1.5 = 825 元，认定为低保边缘家庭（第八条）。录入长沙本市标准后，请按新标准重新判断。',
    expect: { programs: { dibao: { status: 'ineligible' }, 'dibao.marginal': { status: 'eligible' } }, parameters: { 'dibao.standard': '550.00' } },
  },
};

/**
 * The example case for a layer elsewhere than the province's capital: the same family in the layer's own region. Its
 * expected amount cannot be written here — the place's own rules decide it, and jiuzhu never copies its own output
 * into a case — so the case holds what is known: the 低保 standard in force there (the published value, with its
 * source), or, where the rules have none, that 低保 cannot be decided ("undetermined") until the standard is written.
 * Either way the comment asks for the amount to be worked out by hand from the place's rules.
 *
 * @example
 * localExampleCase(EXAMPLE_CASES.guangdong, 'shaoguan', '440200', undefined).expect // { programs: { dibao: { status: 'undetermined' } } }
 */
export function localExampleCase(
  capital: ExampleCase,
  id: string,
  region: string,
  standard: { value: string; source?: string } | undefined,
): ExampleCase {
  const known = standard
    ? `规则中本地 ${capital.asOf} 有效的低保标准为 ${standard.value} 元${standard.source ? `（${standard.source}）` : ''}。` +
      '请按本地规定（第二十三条，差额法等）手算这户每月应得的低保金额，写进 expect.programs（写法见 README.md），再运行 jiuzhu test。'
    : `规则中没有本地（${region}）${capital.asOf} 有效的低保标准，所以这户的低保“无法确定”。` +
      '在 rules/parameters.json 写入本地标准后，这个用例会不通过：请按本地标准手算应得金额（第二十三条，差额法等），改写 expect。';
  return {
    file: `${id}-dibao.json`,
    region,
    asOf: capital.asOf,
    comment: `示例（请改成本地的真实情形）：本地一户五口。${INCOME}${known}`,
    expect: standard ? { parameters: { 'dibao.standard': standard.value } } : { programs: { dibao: { status: 'undetermined' } } },
  };
}
