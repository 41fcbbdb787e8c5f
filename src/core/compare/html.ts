import { Dec } from '../money/decimal.js';
import { fillTemplate, type Lang } from '../text/template.js';
import { COMPARE_CATALOGS } from './locales.js';
import type { ParameterDifference, ParameterSetting } from './parameters.js';
import type { ChangeReport } from './report.js';
import { cityOf, type MoneyChange, type RegionTotals } from './totals.js';

/**
 * A comparison report as one self-contained HTML page for an officer to read, file or print (A4): the totals, a chart
 * of each program's monthly cost before and after, a chart of how households' monthly amounts moved, the programs,
 * cities and counties, and the parameter values that differ. No script, no font, no image, no link to fetch: the
 * styles and the charts (SVG) are in the page. Every figure is the report's own (exact decimal strings); each total
 * carries a `data-total` naming its place in `compare --json`, so that a test can hold the page to the JSON.
 *
 * @example
 * writeFileSync('report.html', changeReportHtml(report, 'zh'));
 */
export function changeReportHtml(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  // Counties where nothing changed are counted in their city's line: listing them all would bury the ones that did.
  const counties = report.counties.filter(hasChanged);
  const title = `${t.reportTitle} · ${report.before.id} → ${report.after.id} · ${report.asOf}`;
  const body = [
    `<header><h1>${esc(t.reportTitle)}</h1><p class="meta">${esc(
      fillTemplate(t.policies, {
        before: `${report.before.id} ${report.before.version}（sha256 ${report.before.sha256.slice(0, 12)}…）`,
        after: `${report.after.id} ${report.after.version}（sha256 ${report.after.sha256.slice(0, 12)}…）`,
        asOf: report.asOf,
      }),
    )}</p></header>`,
    summary(report, lang),
    section(t.costChart, costChart(report, lang), t.costChartNote),
    section(t.distributionChart, distributionChart(report, lang), t.distributionNote),
    section(t.programsHeading, programTable(report, lang)),
    section(t.costHeading, costTable(report, lang)),
    section(t.citiesHeading, regionTable(report.cities, 'cities', lang)),
    section(fillTemplate(t.countiesHeading, { shown: counties.length, changed: counties.length, total: report.counties.length }), regionTable(counties, 'counties', lang)),
    section(t.parametersHeading, parameterTable(report.parameters, lang)),
    `<footer><p>${esc(t.yearNote)}</p><p>${esc(fillTemplate(t.generated, { engine: report.engine }))}</p></footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Print-first styles: A4 with margins, tables that fit its width, rows and charts never split across pages. */
const STYLE = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10pt; color: #1a1a1a; margin: 0 auto; max-width: 186mm; padding: 8mm 0; line-height: 1.45; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; border-bottom: 1px solid #888; padding-bottom: 1mm; break-after: avoid; }
.meta, .note, footer { color: #555; font-size: 8.5pt; }
section { break-inside: auto; }
figure { margin: 0; break-inside: avoid; }
svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: 1mm 1.5mm; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
thead th { background: #f0f0f0; font-weight: 600; }
td.up { color: #a11; } td.down { color: #176; }
.kpi td { font-size: 10.5pt; }
dl.counts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1mm 6mm; margin: 3mm 0 0; }
dl.counts div { display: flex; justify-content: space-between; border-bottom: 1px dotted #bbb; }
dt { color: #444; } dd { margin: 0; font-weight: 600; }
.legend span { display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; vertical-align: middle; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

const BEFORE_COLOUR = '#9aa5b1';
const AFTER_COLOUR = '#1f5fa8';
const DECREASE_COLOUR = '#c07a2c';

function summary(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const row = (label: string, key: string, m: MoneyChange) =>
    `<tr><th>${esc(label)}</th><td data-total="overall.${key}.before">${m.before}</td><td data-total="overall.${key}.after">${m.after}</td><td class="${trend(m.change)}" data-total="overall.${key}.change">${m.change}</td></tr>`;
  const { overall } = report;
  const counts = (Object.keys(t.households) as (keyof ChangeReport['households'])[])
    .map((key) => `<div><dt>${esc(t.households[key])}</dt><dd data-total="households.${key}">${report.households[key]}</dd></div>`)
    .join('');
  return section(
    t.summaryHeading,
    `<table class="kpi"><thead><tr><th></th><th>${esc(t.before)}</th><th>${esc(t.after)}</th><th>${esc(t.change)}</th></tr></thead><tbody>${row(t.monthly, 'monthly', overall.monthly)}${row(t.yearly, 'yearly', overall.yearly)}${
      overall.once.before !== '0.00' || overall.once.after !== '0.00' ? row(t.once, 'once', overall.once) : ''
    }</tbody></table><dl class="counts">${counts}</dl>`,
  );
}

function programTable(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const rows = report.overall.programs.map(
    (p) =>
      `<tr data-program="${esc(p.program)}"><td>${esc(p.name[lang])}</td>${[
        p.before.households,
        p.after.households,
        p.before.persons,
        p.after.persons,
        p.newlyEligible,
        p.newlyIneligible,
        p.amountUp,
        p.amountDown,
      ]
        .map((n) => `<td>${n}</td>`)
        .join('')}</tr>`,
  );
  const waiting = undeterminedLine(report.overall, lang);
  return `<table>${head(t.programColumns)}<tbody>${rows.join('')}</tbody></table>${waiting ? `<p class="note">${esc(waiting)}</p>` : ''}`;
}

function costTable(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const rows = report.overall.programs
    .filter((p) => p.cost.before !== '0.00' || p.cost.after !== '0.00')
    .map((p) => {
      const at = `overall.programs.${p.program}`;
      return `<tr data-program="${esc(p.program)}"><td>${esc(p.name[lang])}</td><td>${esc(t.period[p.period])}</td><td data-total="${esc(at)}.cost.before">${p.cost.before}</td><td data-total="${esc(at)}.cost.after">${p.cost.after}</td><td class="${trend(p.cost.change)}" data-total="${esc(at)}.cost.change">${p.cost.change}</td><td>${p.yearly?.change ?? '—'}</td></tr>`;
    });
  return `<table>${head(t.costColumns)}<tbody>${rows.join('')}</tbody></table>`;
}

function regionTable(places: readonly RegionTotals[], key: 'cities' | 'counties', lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const rows = places.map(
    (r) =>
      `<tr data-region="${esc(r.region)}"><td>${esc(regionLabel(r.region, key, lang))}</td><td>${r.households}</td><td>${r.changed}</td><td>${r.newlyEligible}</td><td>${r.newlyIneligible}</td><td>${r.monthly.before}</td><td>${r.monthly.after}</td><td class="${trend(r.monthly.change)}" data-total="${key}.${esc(r.region)}.monthly.change">${r.monthly.change}</td><td class="${trend(r.yearly.change)}">${r.yearly.change}</td></tr>`,
  );
  return `<table>${head(t.regionColumns)}<tbody>${rows.join('')}</tbody></table>`;
}

function parameterTable(parameters: readonly ParameterDifference[], lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  if (parameters.length === 0) return `<p class="note">${esc(t.noParameterChange)}</p>`;
  const setting = (s: ParameterSetting | undefined) =>
    !s ? t.none : `${s.formula !== undefined ? `= ${s.formula}` : `${s.value}${s.per === 'year' ? t.perYear : ''}`}${s.illustrative ? t.illustrative : ''}`;
  const rows = parameters.map(
    (p) =>
      `<tr><td>${esc(p.name)}</td><td>${esc(p.region.startsWith('group:') ? fillTemplate(t.group, { group: p.region.slice(6) }) : p.region)}</td><td>${esc(t.area[p.area])}</td><td>${esc(p.from)}</td><td>${esc(setting(p.before))}</td><td>${esc(setting(p.after))}</td><td>${p.inForce ? '✓' : ''}</td></tr>`,
  );
  const columns = lang === 'zh' ? ['参数', '地区', '城乡', '起始日期', '现行', '调整后', '评估日生效'] : ['parameter', 'region', 'area', 'from', 'before', 'after', 'in force'];
  return `<table>${head(columns)}<tbody>${rows.join('')}</tbody></table>`;
}

/** Each monthly program's cost before and after, as paired horizontal bars scaled to the largest. */
function costChart(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const programs = report.overall.programs.filter((p) => p.monthly && (p.monthly.before !== '0.00' || p.monthly.after !== '0.00'));
  if (programs.length === 0) return `<p class="note">—</p>`;
  const max = programs.reduce((m, p) => Dec.max(m, p.monthly!.before, p.monthly!.after), new Dec(0));
  const width = 640;
  const label = 190;
  const bars = width - label - 110;
  const rowHeight = 30;
  const length = (value: string) => (max.isZero() ? 0 : new Dec(value).div(max).times(bars).toDecimalPlaces(1).toNumber());
  const rows = programs.map((p, i) => {
    const y = 24 + i * rowHeight;
    const m = p.monthly!;
    return `<g><text x="0" y="${y + 12}" font-size="11">${esc(shortName(p.name[lang]))}<title>${esc(p.name[lang])}</title></text>
<rect x="${label}" y="${y}" width="${length(m.before)}" height="10" fill="${BEFORE_COLOUR}"/><text x="${label + length(m.before) + 4}" y="${y + 9}" font-size="9">${m.before}</text>
<rect x="${label}" y="${y + 12}" width="${length(m.after)}" height="10" fill="${AFTER_COLOUR}"/><text x="${label + length(m.after) + 4}" y="${y + 21}" font-size="9">${m.after}</text></g>`;
  });
  const height = 30 + programs.length * rowHeight;
  const legend = `<text x="${label}" y="12" font-size="10"><tspan fill="${BEFORE_COLOUR}">■</tspan> ${esc(t.before)}  <tspan fill="${AFTER_COLOUR}">■</tspan> ${esc(t.after)}</text>`;
  return `<figure><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(t.costChart)}" xmlns="http://www.w3.org/2000/svg" font-family="inherit">${legend}${rows.join('')}</svg></figure>`;
}

/** Households by the change of their monthly amount, as vertical bars, decreases left of increases. */
function distributionChart(report: ChangeReport, lang: Lang): string {
  const t = COMPARE_CATALOGS[lang];
  const buckets = report.distribution;
  const max = Math.max(1, ...buckets.map((b) => b.households));
  const width = 640;
  const plot = 150;
  const slot = width / buckets.length;
  const bars = buckets.map((b, i) => {
    const h = Math.round((b.households / max) * plot);
    const x = Math.round(i * slot + slot * 0.15);
    const decrease = b.to !== null && (b.to.startsWith('-') || b.to === '0.00');
    const label = t.bucket(b.from, b.to);
    const centre = x + Math.round(slot * 0.35);
    // Two short lines under each bar (whole yuan: the bounds are), so that ten labels fit an A4 width.
    const [upper, lower] = bucketLines(b.from, b.to);
    return `<g><rect x="${x}" y="${20 + plot - h}" width="${Math.round(slot * 0.7)}" height="${h}" fill="${decrease ? DECREASE_COLOUR : AFTER_COLOUR}"><title>${esc(label)}: ${b.households}</title></rect>
<text x="${centre}" y="${16 + plot - h}" font-size="10" text-anchor="middle">${b.households}</text>
<text x="${centre}" y="${34 + plot}" font-size="9" text-anchor="middle">${esc(upper)}</text><text x="${centre}" y="${45 + plot}" font-size="9" text-anchor="middle">${esc(lower)}</text></g>`;
  });
  return `<figure><svg viewBox="0 0 ${width} ${plot + 52}" role="img" aria-label="${esc(t.distributionChart)}" xmlns="http://www.w3.org/2000/svg" font-family="inherit">${bars.join('')}<line x1="0" x2="${width}" y1="${20 + plot}" y2="${20 + plot}" stroke="#888"/></svg></figure>`;
}

/** A bucket's bounds as two short lines, in whole yuan: `< −1000` / ``, `−1000` / `… −500`. */
function bucketLines(from: string | null, to: string | null): [string, string] {
  const yuan = (money: string) => money.replace(/\.00$/, '').replace(/^0\.01$/, '0').replace(/^-/, '−');
  if (from === null) return [`< ${yuan(to!)}`, ''];
  if (to === null) return [`≥ ${yuan(from)}`, ''];
  return [yuan(from), `… ${yuan(to)}`];
}

/**
 * A program's name for a narrow column: without its parenthesised gloss, at most 30 columns wide (a Chinese
 * character is two).
 *
 * @example
 * shortName('单人保（低保边缘家庭中的重残、重病成员单独纳入低保）') // '单人保'
 */
export function shortName(name: string): string {
  const bare = name.replace(/\s*[（(].*$/, '') || name;
  let width = 0;
  for (let i = 0; i < bare.length; i++) {
    width += bare.charCodeAt(i) >= 0x2e80 ? 2 : 1;
    if (width > 30) return `${bare.slice(0, i - 1)}…`;
  }
  return bare;
}

/**
 * The programs some households could not be decided for, on either side, with how many: the program table counts
 * only households granted, so a program waiting for information would otherwise show as a row of zeros.
 *
 * @example
 * undeterminedLine(report.overall, 'zh') // '无法确定（缺少信息，待补充）的户数，现行 → 调整后：低保渐退 12 → 12'
 */
export function undeterminedLine(place: RegionTotals, lang: Lang): string | undefined {
  const t = COMPARE_CATALOGS[lang];
  const waiting = place.programs.filter((p) => p.before.undetermined > 0 || p.after.undetermined > 0);
  if (waiting.length === 0) return undefined;
  const programs = waiting.map((p) => `${shortName(p.name[lang])} ${p.before.undetermined} → ${p.after.undetermined}`).join(t.listSeparator);
  return fillTemplate(t.undeterminedLine, { programs });
}

/**
 * Whether anything changed in a place: a decision, or its monthly or yearly cost.
 *
 * @example
 * report.counties.filter(hasChanged)
 */
export function hasChanged(place: RegionTotals): boolean {
  return place.changed > 0 || place.monthly.change !== '+0.00' || place.yearly.change !== '+0.00' || place.once.change !== '+0.00';
}

/**
 * A place's code as a table shows it: in the county table, a city's own code stands for the households recorded with
 * the city only (no county), and says so.
 *
 * @example
 * regionLabel('440100', 'counties', 'zh') // '440100（未细分到区县）'
 */
export function regionLabel(region: string, table: 'cities' | 'counties', lang: Lang): string {
  return table === 'counties' && cityOf(region) === region ? fillTemplate(COMPARE_CATALOGS[lang].cityOnly, { region }) : region;
}

function section(title: string, content: string, note?: string): string {
  return `<section><h2>${esc(title.replace(/[:：]$/, ''))}</h2>${note ? `<p class="note">${esc(note)}</p>` : ''}${content}</section>`;
}

function head(columns: readonly string[]): string {
  return `<thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>`;
}

function trend(change: string): string {
  return change.startsWith('-') ? 'down' : change === '+0.00' ? '' : 'up';
}

/** Text for HTML: names and ids come from rule files and input, and must never become markup. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
