import type { OperandValue } from '../engine/operators.js';
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

/** One place and date: its parameters in their slots. */
export interface Place {
  scope: ParameterScope;
  parameters: PlacedParameter[];
}

/**
 * Looks up, for one region, area and date, every parameter the compiled programs read.
 *
 * @example
 * makePlace(policy, slots, '440100', 'urban', '2023-06-01').parameters[slots.of('dibao.standard')].fraction?.num // 123800
 */
export function makePlace(policy: Policy, slots: ParameterSlots, region: string, area: Area, asOf: string): Place {
  const scope: ParameterScope = { policy, region, area, asOf, param: (name, other) => resolveParameter(scope, name, other) };
  return { scope, parameters: slots.wanted.map(({ name, area: other }) => placed(resolveParameter(scope, name, other), name)) };
}

function placed(resolved: ResolvedParameter | undefined, name: string): PlacedParameter {
  const value = resolved?.value;
  return {
    resolved,
    operand: value,
    fraction: isDecimal(value) ? fractionOf(value) : undefined,
    amount: isDecimal(value) ? amountOfDecimal(value) : typeof value === 'number' ? amountOfDecimal(new Dec(value)) : undefined,
    missing: Object.freeze({ kind: 'parameter', name }),
  };
}
