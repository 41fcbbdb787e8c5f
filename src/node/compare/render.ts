import stringWidth from 'string-width';
import type { ParameterDifference, ParameterSetting } from '../../core/compare/parameters.js';
import type { ChangeReport } from '../../core/compare/report.js';
import type { RegionTotals } from '../../core/compare/totals.js';
import { fillTemplate, type Lang } from '../../core/text/template.js';
import { COMPARE_CATALOGS } from '../../core/compare/locales.js';
import { hasChanged, regionLabel, shortName, undeterminedLine } from '../../core/compare/html.js';

/** At most this many counties and parameter values on a terminal; the rest are in `--json` and `--report`. */
const SHOWN = 30;

/**
 * A comparison report as text for a terminal: who was compared, the cost a month and a year under each policy and the
 * change, the programs (households and persons granted, newly eligible, no longer eligible, amounts up and down, the
 * cost), the cities and the counties that changed, and the parameter values that differ. Columns are aligned for
 * Chinese text (a Chinese character is two columns wide).
 *
 * @example
 * console.log(renderChangeReport(report, 'zh'));
 * // 政策调整测算：guangdong 2026.12.0 → guangzhou 2026.7.0，评估日期 2026-07-01
 * // …
 */
export function renderChangeReport(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const { households: h, overall } = report;
  const lines: string[] = [
    fillTemplate(t.title, { before: `${report.before.id} ${report.before.version}`, after: `${report.after.id} ${report.after.version}`, asOf: report.asOf }),
    fillTemplate(t.householdsLine, { ...h }),
    '',
    ...renderTotals(overall, lang),
  ];
  lines.push('', t.citiesHeading, ...regionTable(report.cities, 'cities', lang, report.cities.length));
  const counties = report.counties.filter(hasChanged);
  lines.push('', fillTemplate(t.countiesHeading, { shown: Math.min(counties.length, SHOWN), changed: counties.length, total: report.counties.length }));
  lines.push(...regionTable(counties, 'counties', lang, SHOWN));
  lines.push('', t.parametersHeading);
  if (report.parameters.length === 0) lines.push(`  ${t.noParameterChange}`);
  for (const p of report.parameters.slice(0, SHOWN)) lines.push(`  ${parameterLine(p, lang)}`);
  if (report.parameters.length > SHOWN) lines.push(`  ${fillTemplate(t.more, { count: report.parameters.length - SHOWN })}`);
  lines.push('', t.yearNote);
  return lines.join('\n');
}

/**
 * The totals of a place (or of the whole population) as text: the cost a month and a year under each policy and the
 * change, one-off payments apart, then each program's households and persons and each paid program's cost. `compare`
 * and `replay --against` print their totals with it.
 *
 * @example
 * console.log(renderTotals(changeTotals(tally, programs).overall, 'zh').join('\n'));
 * // 每月合计：现行 10481047.82 元 → 调整后 10668398.00 元（+187350.18）
 */
export function renderTotals(overall: RegionTotals, lang: Lang): string[] {
  const t = COMPARE_CATALOGS[lang];
  const lines: string[] = [fillTemplate(t.monthlyLine, { ...overall.monthly }), fillTemplate(t.yearlyLine, { ...overall.yearly })];
  if (overall.once.before !== '0.00' || overall.once.after !== '0.00') lines.push(fillTemplate(t.onceLine, { ...overall.once }));
  lines.push('', t.programsHeading);
  lines.push(
    ...table(
      [
        t.programColumns,
        ...overall.programs.map((p) => [
          shortName(p.name[lang]),
          String(p.before.households),
          String(p.after.households),
          String(p.before.persons),
          String(p.after.persons),
          String(p.newlyEligible),
          String(p.newlyIneligible),
          String(p.amountUp),
          String(p.amountDown),
        ]),
      ],
      'lrrrrrrrr',
    ),
  );
  const waiting = undeterminedLine(overall, lang);
  if (waiting) lines.push(waiting);
  const paid = overall.programs.filter((p) => p.cost.before !== '0.00' || p.cost.after !== '0.00');
  if (paid.length > 0) {
    lines.push('', t.costHeading);
    lines.push(
      ...table(
        [t.costColumns, ...paid.map((p) => [shortName(p.name[lang]), t.period[p.period], p.cost.before, p.cost.after, p.cost.change, p.yearly?.change ?? '—'])],
        'llrrrr',
      ),
    );
  }
  return lines;
}

function regionTable(places: readonly RegionTotals[], key: 'cities' | 'counties', lang: Lang, limit: number): string[] {
  const t = COMPARE_CATALOGS[lang];
  const rows = places
    .slice(0, limit)
    .map((r) => [regionLabel(r.region, key, lang), String(r.households), String(r.changed), String(r.newlyEligible), String(r.newlyIneligible), r.monthly.before, r.monthly.after, r.monthly.change, r.yearly.change]);
  const out = table([t.regionColumns, ...rows], 'lrrrrrrrr');
  if (places.length > limit) out.push(`  ${fillTemplate(t.more, { count: places.length - limit })}`);
  return out;
}

/**
 * A parameter value that differs, in one line: name, place and area, from when, before → after, and whether it is
 * in force on the date compared.
 *
 * @example
 * parameterLine({ name: 'dibao.standard', region: '440100', area: 'all', from: '2026-07-01', after: { value: '1400.00' }, inForce: true }, 'en')
 * // 'dibao.standard  440100 all areas  from 2026-07-01: (none) → 1400.00  [in force]'
 */
export function parameterLine(p: ParameterDifference, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  return fillTemplate(t.parameterLine, {
    name: p.name,
    region: p.region.startsWith('group:') ? fillTemplate(t.group, { group: p.region.slice('group:'.length) }) : p.region,
    area: t.area[p.area],
    from: p.from,
    before: settingText(p.before, lang),
    after: settingText(p.after, lang),
    inForce: p.inForce ? t.inForce : '',
  });
}

function settingText(setting: ParameterSetting | undefined, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  if (!setting) return t.none;
  const text = setting.formula !== undefined ? `= ${setting.formula}` : `${setting.value}${setting.per === 'year' ? t.perYear : ''}`;
  return setting.illustrative ? `${text}${t.illustrative}` : text;
}

/** Rows as aligned columns (`l` or `r` per column), two spaces apart, indented by two. */
function table(rows: readonly (readonly string[])[], align: string): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => stringWidth(row[c] ?? ''))));
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c]! - stringWidth(cell));
          return align[c] === 'r' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd()}`,
  );
}
