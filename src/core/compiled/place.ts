import type { OperandValue } from '../engine/operators.js';
import { scopedParameters } from '../engine/context.js';
import { Dec, isDecimal } from '../money/decimal.js';
import { resolveParameter, type ParameterScope, type ResolvedParameter } from '../policy/parameters.js';
import type { Policy } from '../policy/types.js';
import type { Area } from '../household/vocabulary.js';
import type { SignalDetail } from './run.js';
import { amountOfDecimal, fractionOf, type AValue, type Fraction } from './values.js';

/**
 * A parameter as the compiled programs read it at one place and date: looked up once, with the forms a comparison
 * (an exact fraction of fen where it is one) and an amount (whole fen) want, or why it is missing.
 */
export interface PlacedParameter {
  resolved: ResolvedParameter | undefined;
  /** The value as the interpreted engine compares it. */
  operand: OperandValue | undefined;
  /** The value as an exact fraction of fen, when it is money or a ratio in whole hundredths. */
  fraction: Fraction | undefined;
  /** The value as an amount, when it is a number. */
  amount: AValue | undefined;
  /** Why it cannot be read: no value in force. */
  missing: SignalDetail;
}

/**
 * The parameters a policy's compiled programs read, each with a slot, numbered when the programs are compiled (once
 * per policy): a place fills the slots with its values, so that the same compiled code serves every place — code made
 * anew for each place would be code V8 cannot inline across hundreds of places.
 */
export class ParameterSlots {
  private readonly slots = new Map<string, number>();
  readonly wanted: { name: string; area: Area | undefined }[] = [];

  /**
   * @param programs The policy's programs by id, each with its place in the policy's order: a compiled program reads
   * what an earlier one granted by that index (see `Run.outcomes`), not by its name.
   */
  constructor(readonly programs: ReadonlyMap<string, number> = new Map()) {}

  /** The slot of a parameter (for another area than the place's when `area` is given). */
  of(name: string, area?: Area): number {
    const key = `${name}|${area ?? ''}`;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      this.slots.set(key, (slot = this.wanted.length));
      this.wanted.push({ name, area });
    }
    return slot;
  }
}

/**
 * One place and date (region, urban or rural, asOf) and its parameters by slot, each looked up the first time a
 * compiled program reads it: a place reads a handful of the policy's parameters, and a screening run meets hundreds
 * of places in its first rows, so looking them all up at once made the first rows the slowest.
 */
export class Place {
  private readonly parameters: (PlacedParameter | undefined)[] = [];
  /** By program (`ParameterSlots.programs`): whether a test only the place decides fails here (see `placeTests`). */
  readonly closed: (boolean | undefined)[] = [];

  constructor(
    readonly scope: ParameterScope,
    private readonly slots: ParameterSlots,
  ) {}

  /** The interpreted engine's parameter map of this place (`scopedParameters`), found once and kept. */
  contextParameters(): Map<string, ResolvedParameter | undefined> {
    const { policy, region, area, asOf } = this.scope;
    return (this.scoped ??= scopedParameters(policy, region, area, asOf));
  }

  private scoped: Map<string, ResolvedParameter | undefined> | undefined;

  /** The area a slot's parameter is read for when it names one (another than the place's), else undefined. */
  areaOf(slot: number): Area | undefined {
    return this.slots.wanted[slot]!.area;
  }

  /**
   * The parameter in a slot, looked up on first use.
   *
   * @example
   * place.at(slots.of('dibao.standard')).fraction?.num // 123800
   */
  at(slot: number): PlacedParameter {
    let parameter = this.parameters[slot];
    if (parameter === undefined) {
      const { name, area } = this.slots.wanted[slot]!;
      this.parameters[slot] = parameter = placed(resolveParameter(this.scope, name, area), name);
    }
    return parameter;
  }
}

/**
 * A place and date whose parameters the compiled programs will read.
 *
 * @example
 * makePlace(policy, slots, '440100', 'urban', '2023-06-01').at(slots.of('dibao.standard')).fraction?.num // 123800
 */
export function makePlace(policy: Policy, slots: ParameterSlots, region: string, area: Area, asOf: string): Place {
  const scope: ParameterScope = { policy, region, area, asOf, param: (name, other) => resolveParameter(scope, name, other) };
  return new Place(scope, slots);
}

/** Each resolved value in the forms the compiled programs read, made once: places share plain values' resolutions. */
const placedOf = new WeakMap<ResolvedParameter, PlacedParameter>();

function placed(resolved: ResolvedParameter | undefined, name: string): PlacedParameter {
  if (resolved === undefined) return placedFrom(undefined, name);
  let found = placedOf.get(resolved);
  // A resolution is of one parameter, so its name (the `missing` detail, never read when it resolved) is the same.
  if (!found) placedOf.set(resolved, (found = placedFrom(resolved, name)));
  return found;
}

function placedFrom(resolved: ResolvedParameter | undefined, name: string): PlacedParameter {
  const value = resolved?.value;
  return {
    resolved,
    operand: value,
    fraction: isDecimal(value) ? fractionOf(value) : undefined,
    amount: isDecimal(value) ? amountOfDecimal(value) : typeof value === 'number' ? amountOfDecimal(new Dec(value)) : undefined,
    missing: Object.freeze({ kind: 'parameter', name }),
  };
}
