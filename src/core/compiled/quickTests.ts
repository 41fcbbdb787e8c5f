import { generatedFunction } from '../generatedFunction.js';
import type { ConditionInput } from '../policy/schema.js';
import { NotCompiled, isWholeNumber, planLeaf, type ConditionEnv, type LeafPlan, type Test } from './conditions.js';
import { factCacheOf } from './facts.js';
import { FALSE, SIGNAL, TRUE, UNDETERMINED } from './run.js';
import { holds, holdsAgainst } from './values.js';

/**
 * A condition tree as one generated function, for quick decisions (no reason traced): the same outcome, and the same
 * detail in `run.signal` when undetermined, as the closures of `compileTest` give — `all` and `any` stop at the first
 * child that decides, an undetermined child's detail kept for when none does, shared conditions written in place.
 *
 * Why generated: the closures of `compileTest` come from a few function literals shared by every condition of every
 * program, so V8 keeps one type feedback for each and their calls of children and facts become megamorphic — V8
 * inlines none of them. Here each program's tree is its own function, each fact read its own call site.
 *
 * What the source holds: only names of this module's own making, JavaScript operators, and numbers that index the
 * leaves' plans. Nothing from a rule file is written into it — no fact or parameter name, no threshold, no text: the
 * plans, made from validated rules by `planLeaf`, are handed to the function as values. A runtime that forbids
 * generated code (a Content-Security-Policy without 'unsafe-eval') gets undefined, and the program keeps its closures.
 *
 * @example
 * const quick = quickTest(program.source.eligibility, env);
 * quick?.(run, member) // 1, 0 or 2: as compileTest(program.source.eligibility, env)(run, member) with run.trace null
 */
export function quickTest(node: ConditionInput, env: ConditionEnv): Test | undefined {
  const writer = new TreeWriter(env);
  const outcome = writer.node(node);
  const source = [
    ...writer.plans.map((plan, i) => bindings(plan, i)),
    'return function quickTest(run, member) {',
    `  let ${writer.locals().join(', ')};`,
    ...writer.lines.map((line) => `  ${line}`),
    `  return ${outcome};`,
    '};',
  ].join('\n');
  return generatedFunction<Test>(['P', 'SIGNAL', 'isWholeNumber', 'holdsAgainst', 'holds'], source, [writer.plans, SIGNAL, isWholeNumber, holdsAgainst, holds]);
}

/** Each plan's parts as constants of the generated function (`r3`: the fact reader of leaf 3, …). */
function bindings(plan: LeafPlan, i: number): string {
  const parts = ['read'];
  switch (plan.kind) {
    case 'whole':
    case 'scalar':
      parts.push('threshold', 'general');
      break;
    case 'texts':
      parts.push('texts', 'general');
      break;
    case 'literal':
      parts.push('general');
      break;
    case 'parameter':
      parts.push('operator', 'slot', 'fallback', 'fallbackFraction');
      break;
    case 'fact':
      parts.push('operator', 'right');
      break;
  }
  return parts.map((part) => `const ${part}${i} = P[${i}].${part};`).join(' ');
}

/** The comparison operator written for a whole-number threshold. */
const WHOLE = { lessThan: '<', lessThanInclusive: '<=', greaterThan: '>', greaterThanInclusive: '>=', equal: '===', notEqual: '!==' } as const;

/** Writes a tree's statements: each node's outcome into a local of its own (`o4`), every name numbered here. */
class TreeWriter {
  readonly plans: LeafPlan[] = [];
  readonly lines: string[] = [];
  private outcomes = 0;
  private pendings = 0;

  constructor(private readonly env: ConditionEnv) {}

  locals(): string[] {
    const names = ['v', 'w', 'p'];
    for (let i = 0; i < this.outcomes; i++) names.push(`o${i}`);
    for (let i = 0; i < this.pendings; i++) names.push(`s${i}`);
    return names;
  }

  /** Writes a node; gives the local its outcome is in. */
  node(node: ConditionInput): string {
    if (node.all !== undefined) return this.group(node.all, FALSE);
    if (node.any !== undefined) return this.group(node.any, TRUE);
    if (node.not !== undefined) {
      const child = this.node(node.not);
      const o = this.outcome();
      this.lines.push(`${o} = ${child} === ${UNDETERMINED} ? ${UNDETERMINED} : ${child} === ${TRUE} ? ${FALSE} : ${TRUE};`);
      return o;
    }
    if (node.condition !== undefined) {
      const shared = this.env.sharedConditions.get(node.condition);
      if (!shared) throw new NotCompiled(`condition ${node.condition}`);
      return this.node(shared);
    }
    return this.leaf(planLeaf(node, this.env));
  }

  /** `all` (decided by a child that fails) or `any` (by one that holds), as `group` in conditions.ts. */
  private group(children: readonly ConditionInput[], decisive: typeof FALSE | typeof TRUE): string {
    const otherwise = decisive === TRUE ? FALSE : TRUE;
    const o = this.outcome();
    if (children.length === 0) {
      this.lines.push(`${o} = ${otherwise};`);
      return o;
    }
    const s = `s${this.pendings++}`;
    const block = `b${o}`;
    this.lines.push(`${s} = undefined;`, `${block}: {`);
    for (const child of children) {
      const c = this.node(child);
      this.lines.push(`if (${c} === ${decisive}) { ${o} = ${decisive}; break ${block}; }`, `if (${c} === ${UNDETERMINED}) ${s} ??= run.signal;`);
    }
    this.lines.push(`if (${s} === undefined) ${o} = ${otherwise};`, `else { run.signal = ${s}; ${o} = ${UNDETERMINED}; }`, '}');
    return o;
  }

  /** A leaf, as the closures of `compileLeaf` decide it quickly. */
  private leaf(plan: LeafPlan): string {
    const i = this.plans.push(plan) - 1;
    const o = this.outcome();
    const is = (holdsCode: string) => `${o} = ${holdsCode} ? ${TRUE} : ${FALSE};`;
    this.lines.push(...this.read(plan, i), `if (v === SIGNAL) ${o} = ${UNDETERMINED};`);
    switch (plan.kind) {
      case 'whole':
        this.lines.push(`else ${is(`(isWholeNumber(v) ? v ${WHOLE[plan.operator]} threshold${i} : general${i}(v))`)}`);
        break;
      case 'scalar':
        this.lines.push(`else ${is(`(typeof v === 'string' || typeof v === 'boolean' ? v ${plan.negate ? '!==' : '==='} threshold${i} : general${i}(v))`)}`);
        break;
      case 'texts':
        this.lines.push(`else ${is(`(typeof v === 'string' ? ${plan.negate ? '!' : ''}texts${i}.has(v) : general${i}(v))`)}`);
        break;
      case 'literal':
        this.lines.push(`else ${is(`general${i}(v)`)}`);
        break;
      case 'parameter':
        this.lines.push(
          'else {',
          `  p = run.read(slot${i});`,
          `  if (p.resolved !== undefined) ${is(`holdsAgainst(operator${i}, v, p.operand, p.fraction)`)}`,
          `  else if (fallback${i} === undefined) { run.signal = p.missing; ${o} = ${UNDETERMINED}; }`,
          `  else ${is(`holdsAgainst(operator${i}, v, fallback${i}, fallbackFraction${i})`)}`,
          '}',
        );
        break;
      case 'fact':
        this.lines.push('else {', `  w = right${i}(run, member);`, `  if (w === SIGNAL) ${o} = ${UNDETERMINED};`, `  else ${is(`holds(operator${i}, v, w)`)}`, '}');
        break;
    }
    return o;
  }

  /**
   * Reads a leaf's fact into `v`: a cached fact from where its reader keeps it, the reader called only when it is not
   * there yet (as the reader itself does first, one call fewer for every fact read again).
   */
  private read(plan: LeafPlan, i: number): string[] {
    const cache = factCacheOf(plan.read);
    const call = `v = read${i}(run, member);`;
    if (!cache) return [call];
    const slot = String(cache.slot);
    const cached = cache.perMember ? `run.memberSlots(member)[${slot}]` : `run.ctx.event ? undefined : run.viewSlots()[${slot}]`;
    return [`v = ${cached};`, `if (v === undefined) ${call}`];
  }

  private outcome(): string {
    return `o${this.outcomes++}`;
  }
}
