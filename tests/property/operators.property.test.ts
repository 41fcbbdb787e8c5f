import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/money/decimal.js';
import { OPERATORS, OPERATOR_NAMES, compareWith, type OperandValue } from '../../src/core/engine/operators.js';

// Values a fact can give, and thresholds a rule can write: whole numbers near each other (so that equal and
// neighbouring values come up), numbers that are not whole or not safe, texts (some of them numerals), flags,
// Decimals, null and lists.
const text = fc.constantFrom('mental', 'visual', 'physical', '60', '60.0', '1e3', '', 'true');
const whole = fc.integer({ min: -3, max: 70 });
const number = fc.oneof(whole, fc.double({ noNaN: false }), fc.constantFrom(2 ** 53, -(2 ** 53), 0.5, -0));
const decimal = fc.oneof(whole, fc.constantFrom('60', '59.99', '0.5', '1e3')).map((v) => new Dec(v));
const scalar: fc.Arbitrary<OperandValue> = fc.oneof(number, text, fc.boolean(), decimal, fc.constant(null));
const threshold: fc.Arbitrary<OperandValue> = fc.oneof(whole, number, text, fc.boolean(), decimal, fc.array(text, { maxLength: 4 }), fc.array(fc.oneof(text, whole), { maxLength: 3 }));
const fact: fc.Arbitrary<OperandValue> = fc.oneof(scalar, fc.array(fc.oneof(text, whole), { maxLength: 3 }));

describe('operators bound to a literal threshold (fast-check)', () => {
  it('compareWith(op, t)(v) is OPERATORS[op](v, t), for every operator and value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATOR_NAMES), threshold, fc.array(fact, { maxLength: 6 }), (operator, t, values) => {
        const bound = compareWith(operator, t);
        // Beside random values, the threshold itself and its neighbours: where an off-by-one would show.
        const near = typeof t === 'number' ? [t, t - 1, t + 1, String(t), new Dec(t)] : Array.isArray(t) ? [...t, t] : [t];
        for (const v of [...near, ...values]) expect(bound(v), `${operator} ${String(v)} ${String(t)}`).toBe(OPERATORS[operator]!(v, t));
      }),
      { numRuns: 3000 },
    );
  });
});
