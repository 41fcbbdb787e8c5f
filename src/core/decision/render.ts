import { FACTS } from '../facts/catalog.js';
import { show } from '../engine/expressions.js';
import { DECIMAL_PATTERN, Dec } from '../money/decimal.js';
import type { Reason } from '../engine/context.js';
import { visibleLines } from '../text/visible.js';
import { fillTemplate, noteIn, type Lang } from '../text/template.js';
import { DECISION_CATALOGS } from './locales/catalog.js';
import type { EngineReasonCode } from './locales/shape.js';
import type { AmountStep, Decision, ParameterUse, ProgramDecision } from './types.js';
import type { Citation } from '../policy/schema.js';

/**
 * Why a program, member or event could not be decided, in words: from a `jiuzhu.undetermined` reason's params, a
 * program named by its name and a missing fact by what it is, not by their ids in the rules.
 *
 * @example
 * undeterminedText({ kind: 'programUndetermined', program: 'tekun' }, 'en', decision.programs) // 'it turns on "Support for persons in special hardship (特困)", …'
 */
export function undeterminedText(params: Readonly<Record<string, string>>, lang: Lang, programs: readonly Pick<ProgramDecision, 'program' | 'name'>[]): string {
  const catalog = DECISION_CATALOGS[lang].undetermined;
  const kind = (params.kind ?? 'parameter') as keyof typeof catalog;
  const named: Record<string, string> = { ...params };
  if (kind === 'programUndetermined' && params.program) named.program = programName(programs, params.program, lang);
  if (kind === 'missingFact' && params.name) named.name = FACTS.get(params.name)?.description[lang] ?? params.name;
  return fillTemplate(catalog[kind] ?? kind, named);
}

function programName(programs: readonly Pick<ProgramDecision, 'program' | 'name'>[], id: string, lang: Lang): string {
  return programs.find((p) => p.program === id)?.name[lang] ?? id;
}

/**
 * Renders a decision as text an officer can read aloud to an applicant, in Chinese (default) or English. Uses only
 * the decision itself (its messages and citations travel with it), so a decision from a log renders years later.
 *
 * @example
 * console.log(renderExplanation(decision, 'zh'));
 * // 家庭 gz-2023-0001（地区 440100，城镇），评估日期 2023-06-01
 * // 【最低生活保障】符合条件，每月 1952.00 元 …
 */
export function renderExplanation(decision: Decision, lang: Lang = 'zh'): string {
  const t = DECISION_CATALOGS[lang];
  const lines: string[] = [];
  lines.push(
    fillTemplate(t.heading, {
      household: decision.householdId,
      region: decision.region.code,
      area: t.area[decision.region.area as 'urban' | 'rural'] ?? decision.region.area,
      asOf: decision.asOf,
    }),
  );
  lines.push(fillTemplate(t.policyLine, { policy: decision.policy.id, version: decision.policy.version, sha: decision.policy.sha256.slice(0, 12) }));
  // Granted programs first, then those that could not be decided, then the rest: what an applicant asks first.
  const rank = (p: ProgramDecision) => (p.eligible ? 0 : p.status === 'undetermined' ? 1 : 2);
  const ordered = decision.programs.map((p, i) => [p, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]);
  for (const [program] of ordered) lines.push('', ...renderProgram(decision, program, lang));
  lines.push('', t.circleHeading + t.circle[decision.circle.circle] + (decision.circle.message ? `${t.dash}${decision.circle.message[lang]}` : ''));
  if (decision.parameters.length > 0) {
    lines.push('', t.parametersHeading);
    for (const p of decision.parameters) lines.push(`  ${parameterText(p, lang)}`);
  }
  if (decision.warnings.length > 0) {
    lines.push('', t.warningsHeading);
    for (const warning of decision.warnings) lines.push(`  ! ${warning.message[lang]}`);
  }
  // Names and ids come from the household: a newline or an escape sequence in one must not print a line of its own.
  return visibleLines(lines);
}

/**
 * A parameter value as a decision used it, in one line: name, value (with its computation when derived), region,
 * date and source — or that it is illustrative, with its note.
 *
 * @example
 * parameterText(decision.parameters[0], 'zh') // 'dibao.standard = 1238.00（440100，2023-01-01 起；广州市最低生活保障标准 …）'
 */
export function parameterText(p: ParameterUse, lang: Lang): string {
  const t = DECISION_CATALOGS[lang];
  const source = p.illustrative
    ? fillTemplate(t.illustrativeSource, { note: noteIn(p.note, lang) || (p.formula ? t.derivedFromIllustrative : '') })
    : [p.source?.document, p.source?.number, p.source?.article, p.grade ? fillTemplate(t.gradeLabel, { grade: p.grade }) : undefined]
        .filter(Boolean)
        .join(' ');
  const value = p.computation ? `${displayValue(String(p.value), p.type)} = ${p.computation}` : displayValue(String(p.value), p.type);
  return fillTemplate(t.parameterLine, { name: p.name, value, region: p.region, from: p.from, source });
}

function renderProgram(decision: Decision, program: ProgramDecision, lang: Lang): string[] {
  const t = DECISION_CATALOGS[lang];
  let head = fillTemplate(t.programLine, { name: program.name[lang], status: t.status[program.status] });
  const grantedEvents = program.events?.filter((e) => e.eligible).length ?? 0;
  if (program.eligible && program.amount !== '0.00') {
    head +=
      grantedEvents > 1
        ? fillTemplate(t.eventsTotal, { amount: program.amount, count: grantedEvents })
        : fillTemplate(t.amountLine, { amount: program.amount, period: t.period[program.period] });
  }
  const lines = [head];
  // A program another program excludes is explained by that exclusion alone; its own tests would only distract.
  const exclusions = program.eligible ? [] : program.reasons.filter((r) => r.code === 'jiuzhu.excludedBy');
  const shown = program.level === 'household' || program.members.every((m) => !m.eligible) ? exclusions : [];
  // Refused: the tests that failed say why; the ones that passed would only lengthen the letter. Undetermined: what
  // held is shown too, beside what is missing (a 特困 person whose care amount awaits the self-care assessment).
  const relevant = program.eligible || program.status === 'undetermined' ? program.reasons : program.reasons.filter((r) => !r.passed);
  const reasons = shown.length > 0 && shown.length === countExcludedMembers(program) ? shown : relevant;
  lines.push(...reasonLines(decision, reasons.filter((r) => r.eventId === undefined), '  ', lang));
  if (program.eligible && program.steps.length > 0) {
    lines.push(`  ${t.amountHeading}`);
    for (const step of program.steps) lines.push(`    ${stepLine(step, lang)}`);
  }
  if (program.validUntil) lines.push(`  ${fillTemplate(t.validUntil, { date: program.validUntil })}`);
  lines.push(...classificationLines(program.classifications, '  ', lang));
  const paid = program.members.filter((m) => m.eligible && (m.amount !== '0.00' || m.classifications));
  if (program.eligible && paid.length > 0) {
    lines.push(`  ${t.membersHeading}`);
    for (const member of paid) {
      let line = fillTemplate(t.memberShare, { member: memberName(decision, member.memberId), amount: member.amount });
      for (const s of member.supplements) line += fillTemplate(t.supplementLine, { label: s.label[lang], amount: s.amount });
      lines.push(`    ${line}`);
      for (const step of member.steps ?? []) lines.push(`      ${stepLine(step, lang)}`);
      lines.push(...classificationLines(member.classifications, '      ', lang));
    }
  }
  for (const event of program.events ?? []) {
    // An event that could not be decided (no standard where it happened) is not "not eligible": say which.
    const status = event.eligible ? fillTemplate(t.eventGranted, { amount: event.amount }) : t.status[event.status === 'undetermined' ? 'undetermined' : 'ineligible'];
    lines.push(`  ${fillTemplate(t.eventLine, { event: event.eventId, region: event.region, status })}`);
    lines.push(...reasonLines(decision, program.reasons.filter((r) => r.eventId === event.eventId), '    ', lang));
    for (const step of event.steps) lines.push(`      ${stepLine(step, lang)}`);
    lines.push(...classificationLines(event.classifications, '      ', lang));
  }
  return lines;
}

/** Reason lines with their citations; a household test repeated for each member reads once. */
function reasonLines(decision: Decision, reasons: readonly Reason[], indent: string, lang: Lang): string[] {
  const t = DECISION_CATALOGS[lang];
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const reason of reasons) {
    const text = reasonText(decision, reason, lang);
    if (!text || seen.has(text)) continue;
    seen.add(text);
    const citation = reason.citation ? decision.citations[reason.citation] : undefined;
    const cited = citation ? (lang === 'zh' ? `（${citationText(citation, lang)}）` : ` (${citationText(citation, lang)})`) : '';
    const mark = reason.note ? t.noteMark : reason.passed ? t.passMark : t.failMark;
    lines.push(`${indent}${mark} ${text}${cited}`);
  }
  return lines;
}

/** How many exclusions a program has to show: one for a household program, one per candidate for a person program. */
function countExcludedMembers(program: ProgramDecision): number {
  return program.level === 'household' ? 1 : program.members.length;
}

/**
 * The sentence for one reason, in a language: from the rule file's message for its code, or from the engine's
 * own catalog for `jiuzhu.*` codes; figures formatted as money where the fact is money.
 *
 * @example
 * reasonText(decision, decision.programs[0].reasons[0], 'en')
 * // 'Monthly per-capita income 750.00 yuan is below the local standard of 1238.00 yuan.'
 */
export function reasonText(decision: Decision, reason: Reason, lang: Lang): string | undefined {
  if (reason.code === undefined) return undefined;
  const t = DECISION_CATALOGS[lang];
  const type = reason.fact ? FACTS.get(reason.fact)?.type : undefined;
  const params: Record<string, string> = {
    ...(reason.params ?? {}),
    member: reason.memberId ? memberName(decision, reason.memberId) : '',
    factValue: reason.factValue === undefined || reason.factValue === null ? '—' : displayValue(String(reason.factValue), type, t.values),
    threshold: Array.isArray(reason.threshold) ? reason.threshold.join(', ') : displayValue(String(reason.threshold ?? ''), type),
  };
  if (reason.code.startsWith('jiuzhu.')) {
    const engine = t.reasons[reason.code as EngineReasonCode];
    if (!engine) return reason.code;
    if (reason.code === 'jiuzhu.excludedBy' && params.program) params.program = programName(decision.programs, params.program, lang);
    if (reason.code === 'jiuzhu.undetermined') params.detail = undeterminedText(reason.params ?? {}, lang, decision.programs);
    return fillTemplate(reason.passed ? engine.pass : engine.fail, params) || undefined;
  }
  const message = decision.messages[reason.code];
  if (!message) return reason.code;
  const variant = reason.factValue === null && message.unknown ? message.unknown : reason.passed ? message.pass : message.fail;
  return fillTemplate(variant[lang], params);
}

/**
 * A citation as a reader expects it: 《最低生活保障审核确认办法》（民发〔2021〕57号）第十三条.
 *
 * @example
 * citationText({ document: '最低生活保障审核确认办法', number: '民发〔2021〕57号', article: '第十三条', grade: 'A' }, 'zh')
 * // '《最低生活保障审核确认办法》（民发〔2021〕57号）第十三条'
 */
export function citationText(citation: Citation, lang: Lang): string {
  if (lang === 'en') {
    const title = citation.documentEn ? `${citation.documentEn} (${citation.document})` : citation.document;
    return [title, citation.number, citation.articleEn ?? citation.article].filter(Boolean).join(', ');
  }
  return `《${citation.document}》${citation.number ? `（${citation.number}）` : ''}${citation.article ?? ''}`;
}

/** Classification lines, one per label (the option labels say it all: "乡镇（街道）审批", "先行救助，事后补办手续"). */
function classificationLines(classifications: ProgramDecision['classifications'], indent: string, lang: Lang): string[] {
  return Object.values(classifications ?? {}).map((c) => `${indent}• ${c.label[lang]}`);
}

/** One amount step: `label：1238 − 750 = 488`, or just the figure when there is nothing to compute. */
/**
 * One step of an amount's breakdown in words: its label, the figures and the result.
 *
 * @example
 * stepLine(decision.programs[0].steps[0], 'zh') // '差额：(1238 − 750) × 4 = 1952'
 */
export function stepLine(step: AmountStep, lang: Lang): string {
  const t = DECISION_CATALOGS[lang];
  const value = show(new Dec(step.value));
  const figures = step.computation === value ? value : `${step.computation} = ${value}`;
  return `${step.label[lang]}${t.colon}${figures}`;
}

function memberName(decision: Decision, id: string): string {
  const member = decision.members.find((m) => m.id === id);
  return member?.name ? `${member.name} (${id})` : id;
}

/** Money shows with two decimals (750 → 750.00) when that is exact; enum and list values in words; others as they are. */
function displayValue(value: string, type: string | undefined, words?: Record<string, string>): string {
  if (words && (type === 'enum' || type === 'text')) return value.split(', ').map((v) => words[v] ?? v).join('、');
  if ((type === 'money' || type === 'decimal') && DECIMAL_PATTERN.test(value)) {
    const d = new Dec(value);
    return type === 'money' && d.decimalPlaces() <= 2 ? d.toFixed(2) : show(d);
  }
  return value;
}
