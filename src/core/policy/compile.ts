import type { Level } from '../facts/definition.js';
import { sha256Canonical } from '../audit/canonical.js';
import type { CompileEnv } from '../engine/compileEnv.js';
import { checkName, report, whereWritten } from '../engine/compileEnv.js';
import { compileCondition, compileFactReference } from '../engine/conditions.js';
import { compileExpression } from '../engine/expressions.js';
import { distinctIssues, makeIssue, JiuzhuError, type Issue } from '../errors/issue.js';
import type { IssueCode } from '../errors/codes.js';
import { INCOME_KINDS } from '../household/vocabulary.js';
import type { Bilingual } from '../text/template.js';
import { deepFreeze } from './deepFreeze.js';
import { lintRules } from './lint.js';
import { compileManagementRules } from './compileManagement.js';
import { mergeLayers, withoutEchoes, type MergeState } from './merge.js';
import { typeExample, valueFitsType } from './parameters.js';
import type { Program } from './schema.js';
import type { CompiledIncomeBasis, CompiledProgram, CompiledWarning, MergedParameter, Policy, PolicyDocument } from './types.js';

/**
 * Turns a policy document (every rule file of every layer) into a compiled {@link Policy}: validates each file,
 * merges the layers, applies overlays, checks every reference (facts, parameters, citations, messages, programs,
 * steps), compiles conditions and expressions to functions and orders the programs. Throws one
 * {@link JiuzhuError} of kind `policy` listing every problem found.
 */
export function compilePolicy(document: PolicyDocument, fileName: (layer: number, relativePath: string) => string): Policy {
  const issues: Issue[] = [];
  const state = mergeLayers(document, fileName, issues);
  const top = state.manifest;
  const messages = collectMessages(state, issues);
  // The names references are checked against, looked up in the merged maps themselves: an environment is made for
  // every program, basis and parameter formula, and copying them for each made loading quadratic in their number.
  const env = (file: string, level: Level, programId: string, allowFacts = true): CompileEnv => ({
    file,
    issues,
    level,
    programId,
    allowFacts,
    parameterNames: state.parameters,
    incomeBases: state.incomeBases,
    programIds: state.programs,
    citations: state.citations,
    messages,
    sharedConditions: state.conditions,
    compiledShared: new Map(),
    compilingShared: new Set(),
    steps: new Set(),
    rounding: { places: 0, mode: 'halfUp' },
    readsPrograms: new Set(),
    readsParameters: new Set(),
    writtenIn: state.writtenIn,
  });

  const parameters = compileParameters(state, env, issues);
  const incomeBases = compileIncomeBases(state, env, issues);
  const compiled: { program: CompiledProgram; file: string; reads: Set<string>; parametersRead: Set<string> }[] = [];
  for (const [id, { value, file }] of state.programs) {
    const programEnv = env(file, subjectLevel(value.level), id);
    const program = compileProgram(value, programEnv);
    for (const name of programEnv.readsParameters) {
      if (!state.parameters.has(name)) issues.push(makeIssue('UNKNOWN_PARAMETER', ['id'], { name }, file));
    }
    compiled.push({ program, file, reads: programEnv.readsPrograms, parametersRead: programEnv.readsParameters });
  }
  const programs = orderPrograms(compiled, state, issues);

  const circles = state.circles?.value ?? [];
  circles.forEach((rule, i) => {
    const circleEnv = env(state.circles!.file, 'household', 'circles');
    rule.anyGranted.forEach((p, j) => checkName(circleEnv, 'UNKNOWN_PROGRAM', p, state.programs, ['circles', i, 'anyGranted', j]));
    checkName(circleEnv, 'UNKNOWN_CITATION', rule.citation, state.citations, ['circles', i, 'citation']);
  });

  const warnings = compileWarnings(state, env);
  const { reviews, deaths } = compileManagementRules(state, env);

  if (!top) issues.push(makeIssue('POLICY_MANIFEST_MISSING', [], { file: 'policy.json' }, fileName(document.layers.length - 1, 'policy.json')));
  if (issues.length > 0) throw new JiuzhuError('policy', distinctIssues(withoutEchoes(issues, state)));

  // What decisions hand out by reference (names, labels, rounding, citations, messages) must not be editable through
  // them. Only those: the rule objects the engine walks for every household stay as they are (frozen arrays cost it).
  for (const program of programs) {
    deepFreeze(program.name);
    for (const step of program.amount?.steps ?? []) deepFreeze(step.label);
    for (const supplement of program.amount?.supplements ?? []) deepFreeze(supplement.label);
    if (program.amount) deepFreeze(program.amount.rounding);
    for (const classification of program.classifications) {
      deepFreeze(classification.label);
      for (const option of classification.options) deepFreeze(option.label);
    }
  }
  for (const { value } of state.citations.values()) deepFreeze(value);
  for (const value of messages.values()) deepFreeze(value);
  deepFreeze(circles);
  deepFreeze(top!.name);

  const groupsByRegion = new Map<string, string[]>();
  const regionGroupNames = new Map<string, Bilingual>();
  for (const [name, { value }] of state.regionGroups) {
    regionGroupNames.set(name, value.name);
    for (const region of value.regions) groupsByRegion.set(region, [...(groupsByRegion.get(region) ?? []), name]);
  }
  return {
    id: top!.id,
    version: top!.version,
    name: top!.name,
    region: top!.region,
    sha256: sha256Canonical(document),
    document,
    parameters,
    groupsByRegion,
    regionGroupNames,
    incomeBases,
    citations: new Map([...state.citations].map(([k, v]) => [k, v.value])),
    sharedConditions: new Map([...state.conditions].map(([k, v]) => [k, v.node])),
    messages,
    programs,
    circles,
    warnings,
    reviews,
    deaths,
    overrides: state.overrides,
    lint: lintRules(state, document, fileName),
    fileName,
    parameterCache: new Map(),
  };
}

function collectMessages(state: MergeState, issues: Issue[]): Map<string, { pass: Bilingual; fail: Bilingual; unknown?: Bilingual }> {
  const messages = new Map<string, { pass: Bilingual; fail: Bilingual; unknown?: Bilingual }>();
  const origin = new Map<string, string>();
  const add = (code: string, value: { pass: Bilingual; fail: Bilingual; unknown?: Bilingual }, file: string, path: (string | number)[]) => {
    const other = origin.get(code);
    if (other !== undefined) issues.push(makeIssue('DUPLICATE_ID', path, { id: code, other }, file));
    messages.set(code, value);
    origin.set(code, file);
  };
  for (const [code, { value, file }] of state.sharedMessages) add(code, value, file, ['messages', code]);
  for (const { value, file } of state.programs.values()) {
    for (const [code, message] of Object.entries(value.messages)) add(code, message, file, ['messages', code]);
  }
  return messages;
}

/** The most a money parameter may be: a yuan figure of 12 digits (a province's yearly budget fits; a typo of 400 zeros does not). */
const MONEY_PARAMETER_MAX = '999999999999.99';

/**
 * What is wrong with a money parameter that is a decimal: a standard of -1400.00 would refuse everyone, and fractions
 * of a fen cannot be paid.
 */
function moneyParameterProblem(raw: string): { code: IssueCode; params?: Record<string, string> } | undefined {
  if (raw.startsWith('-')) return { code: 'NEGATIVE_AMOUNT' };
  const [whole = '', fraction = ''] = raw.split('.');
  if (fraction.length > 2) return { code: 'TOO_MANY_DECIMALS' };
  if (whole.replace(/^0+(?=\d)/, '').length > 12) return { code: 'TOO_BIG', params: { maximum: MONEY_PARAMETER_MAX } };
  return undefined;
}

function compileParameters(
  state: MergeState,
  env: (file: string, level: Level, programId: string, allowFacts?: boolean) => CompileEnv,
  issues: Issue[],
): Map<string, MergedParameter> {
  const out = new Map<string, MergedParameter>();
  const reads = new Map<string, Set<string>>();
  for (const [name, entry] of state.parameters) {
    const type = entry.definition.type;
    const seen = new Set<string>();
    const deps = new Set<string>();
    const values = entry.values.map((value) => {
      const path = value.path;
      const key = `${value.region ?? value.group}|${value.area}|${value.from}`;
      if (seen.has(key)) {
        issues.push(makeIssue('PARAMETER_DUPLICATE_VALUE', path, { name, region: value.region ?? value.group ?? '', area: value.area, from: value.from }, value.file));
      }
      seen.add(key);
      if (value.value !== undefined && !valueFitsType(type, value.value)) {
        issues.push(makeIssue('PARAMETER_VALUE_TYPE', [...path, 'value'], { name, received: String(value.value), type, example: typeExample(type) }, value.file));
      } else if (type === 'money' && value.value !== undefined) {
        const problem = moneyParameterProblem(value.value as string);
        if (problem) issues.push(makeIssue(problem.code, [...path, 'value'], { received: String(value.value), ...problem.params }, value.file));
      }
      if (value.formula === undefined) return value;
      const formulaEnv = env(value.file, 'household', `parameter:${name}`, false);
      const compiledFormula = compileExpression(value.formula, [...path, 'formula'], formulaEnv);
      for (const dep of formulaEnv.readsParameters) deps.add(dep);
      return { ...value, compiledFormula };
    });
    reads.set(name, deps);
    out.set(name, { name, definition: entry.definition, values });
  }
  const cycle = findCycle(reads);
  if (cycle) issues.push(makeIssue('PARAMETER_CYCLE', [], { chain: cycle.join(' → ') }, state.parameters.get(cycle[0]!)!.file));
  return out;
}

function compileIncomeBases(
  state: MergeState,
  env: (file: string, level: Level, programId: string) => CompileEnv,
  issues: Issue[],
): Map<string, CompiledIncomeBasis> {
  const out = new Map<string, CompiledIncomeBasis>();
  for (const [name, { value, file }] of state.incomeBases) {
    const basisEnv = env(file, 'member', `income:${name}`);
    checkName(basisEnv, 'UNKNOWN_CITATION', value.citation, basisEnv.citations, ['bases', name, 'citation']);
    const kinds: CompiledIncomeBasis['kinds'] = new Map();
    for (const kind of INCOME_KINDS) {
      const rule = value.kinds[kind];
      if (!rule) {
        issues.push(makeIssue('INCOME_KIND_UNCLASSIFIED', ['bases', name, 'kinds'], { basis: name, kind }, file));
        continue;
      }
      // A treatment an overlay replaced is reported where the overlay wrote it.
      const [ruleEnv, path] = whereWritten(basisEnv, rule, ['bases', name, 'kinds', kind]);
      if (rule.citation) checkName(ruleEnv, 'UNKNOWN_CITATION', rule.citation, ruleEnv.citations, [...path, 'citation']);
      kinds.set(kind, {
        treatment: rule.treatment,
        ...(rule.excludedWhen
          ? { excludedWhen: compileCondition(rule.excludedWhen, [...path, 'excludedWhen'], ruleEnv), excludedWhenAsWritten: rule.excludedWhen }
          : {}),
        ...(rule.citation ? { citation: rule.citation } : {}),
      });
    }
    out.set(name, { name, index: out.size, label: value.name, citation: value.citation, kinds });
  }
  return out;
}

function compileProgram(program: Program, programEnv: CompileEnv): CompiledProgram {
  // A program replaced whole by an overlay reports its problems in the overlay.
  const [env] = whereWritten(programEnv, program, []);
  checkName(env, 'UNKNOWN_CITATION', program.citation, env.citations, ['citation']);
  const excludedBy = program.excludedBy.map((entry) => (typeof entry === 'string' ? { program: entry } : entry));
  excludedBy.forEach((entry, i) => {
    checkName(env, 'UNKNOWN_PROGRAM', entry.program, env.programIds, ['excludedBy', i]);
    if ('citation' in entry) checkName(env, 'UNKNOWN_CITATION', entry.citation, env.citations, ['excludedBy', i, 'citation']);
  });
  program.membersLeftOut.forEach((p, i) => checkName(env, 'UNKNOWN_PROGRAM', p, env.programIds, ['membersLeftOut', i]));
  const eligibility = compileCondition(program.eligibility, ['eligibility'], env);
  if (program.validity) checkName(env, 'UNKNOWN_PARAMETER', program.validity.param, env.parameterNames, ['validity', 'param']);
  const notes = program.notes.map((note, i) => compileCondition(note, ['notes', i], env));
  // Compiled without its own label: the engine writes the one reason it gives, with the node's message and citation.
  const pending = program.undeterminedWhen;
  const undeterminedWhen = pending
    ? {
        test: compileCondition({ ...pending, id: undefined, message: undefined, citation: undefined }, ['undeterminedWhen'], env),
        rule: `${program.id}/${pending.id ?? 'undetermined-when'}`,
        ...(pending.message !== undefined ? { code: pending.message } : {}),
        ...(pending.citation !== undefined ? { citation: pending.citation } : {}),
      }
    : undefined;
  if (pending?.message !== undefined) checkName(env, 'UNKNOWN_MESSAGE', pending.message, env.messages, ['undeterminedWhen', 'message']);
  if (pending?.citation !== undefined) checkName(env, 'UNKNOWN_CITATION', pending.citation, env.citations, ['undeterminedWhen', 'citation']);
  const compiled: CompiledProgram = {
    id: program.id,
    name: program.name,
    level: program.level,
    citation: program.citation,
    candidates: program.candidates,
    excludedBy: excludedBy.map((entry) => entry.program),
    exclusionCitations: new Map(excludedBy.flatMap((entry) => ('citation' in entry ? [[entry.program, entry.citation] as const] : []))),
    membersLeftOut: program.membersLeftOut,
    eligibility,
    classifications: [],
    notes,
    // Every program has every field, present or not: the engine reads these for each program of each household, and
    // programs of one shape keep those reads monomorphic (six shapes made them megamorphic lookups).
    amount: undefined,
    undeterminedWhen,
    validityParameter: program.validity?.param,
    inForce: program.inForce,
    source: program,
  };
  const amount = program.amount;
  if (amount) compileAmount(compiled, amount, env);
  // Classifications come after the amount: their conditions may read its steps (fact amountStep).
  compiled.classifications = program.classifications.map((c, i) => ({
    id: c.id,
    label: c.label,
    options: c.options.map((option, j) => {
      const path = ['classifications', i, 'options', j];
      if (option.citation) checkName(env, 'UNKNOWN_CITATION', option.citation, env.citations, [...path, 'citation']);
      return {
        value: option.value,
        label: option.label,
        when: compileCondition(option.when, [...path, 'when'], env),
        ...(option.citation ? { citation: option.citation } : {}),
      };
    }),
  }));
  return compiled;
}

/** The level a program's own conditions are about: the family, each member, or each hardship event. */
function subjectLevel(level: Program['level']): Level {
  return level === 'household' ? 'household' : level === 'person' ? 'member' : 'event';
}

function compileAmount(compiled: CompiledProgram, amount: NonNullable<Program['amount']>, env: CompileEnv): void {
  env.rounding = amount.rounding;
  const memberEnv: CompileEnv = { ...env, level: env.level === 'event' ? 'event' : 'member' };
  const steps = amount.steps.map((step, i) => {
    const [stepEnv, path] = whereWritten(env, step, ['amount', 'steps', i]);
    if (step.citation) checkName(stepEnv, 'UNKNOWN_CITATION', step.citation, env.citations, [...path, 'citation']);
    const expr = compileExpression(step.expr, [...path, 'expr'], stepEnv);
    if (env.steps.has(step.id)) report(stepEnv, 'DUPLICATE_ID', [...path, 'id'], { id: step.id, other: 'amount.steps' });
    env.steps.add(step.id);
    return { id: step.id, label: step.label, expr, ...(step.citation ? { citation: step.citation } : {}) };
  });
  const supplements = amount.supplements.map((supplement, i) => {
    const [supplementEnv, path] = whereWritten(memberEnv, supplement, ['amount', 'supplements', i]);
    if (supplement.citation) checkName(supplementEnv, 'UNKNOWN_CITATION', supplement.citation, env.citations, [...path, 'citation']);
    return {
      id: supplement.id,
      label: supplement.label,
      when: compileCondition(supplement.when, [...path, 'when'], supplementEnv),
      expr: compileExpression(supplement.expr, [...path, 'expr'], supplementEnv),
      ...(supplement.citation ? { citation: supplement.citation } : {}),
    };
  });
  compiled.amount = {
    period: amount.period,
    rounding: amount.rounding,
    beneficiaries: amount.beneficiaries ? compileCondition(amount.beneficiaries, ['amount', 'beneficiaries'], memberEnv) : undefined,
    steps,
    supplements,
  };
}

/**
 * Compiles the screening early warnings: the program, the line and band parameters must exist (a money line, a
 * ratio band) and the fact must be a household money fact.
 */
function compileWarnings(state: MergeState, env: (file: string, level: 'household' | 'member', programId: string) => CompileEnv): CompiledWarning[] {
  const out: CompiledWarning[] = [];
  for (const [id, { value, file, index }] of state.warnings) {
    const path = ['warnings', index];
    const warningEnv = env(file, 'household', `screening:${id}`);
    checkName(warningEnv, 'UNKNOWN_PROGRAM', value.program, warningEnv.programIds, [...path, 'program']);
    if (value.citation) checkName(warningEnv, 'UNKNOWN_CITATION', value.citation, warningEnv.citations, [...path, 'citation']);
    const typed = (name: string, type: string, key: string) => {
      if (!checkName(warningEnv, 'UNKNOWN_PARAMETER', name, warningEnv.parameterNames, [...path, key])) return;
      const actual = state.parameters.get(name)!.definition.type;
      if (actual !== type) warningEnv.issues.push(makeIssue('PARAMETER_VALUE_TYPE', [...path, key], { name, received: actual, type, example: typeExample(type) }, file));
    };
    typed(value.line, 'money', 'line');
    typed(value.band, 'ratio', 'band');
    const ref = compileFactReference(value.fact, value.params, path, warningEnv);
    if (ref && ref.fact.type !== 'money') {
      warningEnv.issues.push(makeIssue('FACT_PARAMS', [...path, 'fact'], { name: value.fact, detail: `a ${ref.fact.type} fact is not money` }, file));
    }
    if (!ref) continue;
    out.push({ id, program: value.program, label: value.label, fact: value.fact, ...(value.params ? { params: value.params } : {}), get: ref.get, line: value.line, band: value.band, ...(value.citation ? { citation: value.citation } : {}) });
  }
  return out;
}

/**
 * Orders programs so that each runs after the programs it depends on (those that exclude it, whose members it
 * leaves out, or whose outcome its facts read); otherwise in file order. A cycle is a load error.
 */
function orderPrograms(
  compiled: { program: CompiledProgram; file: string; reads: Set<string> }[],
  state: MergeState,
  issues: Issue[],
): CompiledProgram[] {
  const deps = new Map<string, Set<string>>();
  for (const { program, reads } of compiled) {
    deps.set(program.id, new Set([...program.excludedBy, ...program.membersLeftOut, ...reads].filter((p) => state.programs.has(p))));
  }
  const cycle = findCycle(deps);
  if (cycle) {
    issues.push(makeIssue('PROGRAM_CYCLE', [], { chain: cycle.join(' → ') }, state.programs.get(cycle[0]!)?.file));
    return compiled.map((c) => c.program);
  }
  const byId = new Map(compiled.map((c) => [c.program.id, c.program]));
  const ordered: CompiledProgram[] = [];
  const done = new Set<string>();
  const visit = (id: string) => {
    if (done.has(id)) return;
    done.add(id);
    for (const dep of deps.get(id) ?? []) visit(dep);
    ordered.push(byId.get(id)!);
  };
  for (const { program } of compiled) visit(program.id);
  return ordered;
}

/** A cycle in a dependency graph, as the chain of names, or undefined. */
function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

export type { PolicyDocument };
