/**
 * A function made from generated source with `new Function`, given `values` for its parameters: or undefined where
 * the runtime forbids code generated from strings (a Content-Security-Policy without 'unsafe-eval' throws an
 * EvalError), so that the caller keeps the closures it would otherwise replace.
 *
 * Generated source is kept to what its generators write themselves — their own names, JavaScript operators, numbers,
 * and the field names of jiuzhu's own schemas — never text of a household or a rule file, which reaches the function
 * only as values (tests hold the generators to that).
 *
 * @example
 * generatedFunction(['a'], 'return (x) => x + a;', [1])?.(2) // 3
 */
export function generatedFunction<F>(parameters: readonly string[], body: string, values: readonly unknown[]): F | undefined {
  let make: (...values: unknown[]) => F;
  try {
    make = new Function(...parameters, body) as typeof make;
  } catch (error) {
    if (error instanceof EvalError) return undefined;
    throw error;
  }
  return make(...values);
}
