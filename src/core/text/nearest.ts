import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to a misspelt name, if it is near enough to be a plausible typo (edit distance at most 2,
 * or a third of the length for long names, never more than 3: a swapped pair of letters costs 2), else undefined.
 *
 * @example
 * nearestName('perCapitaIncom', ['perCapitaIncome', 'age']) // 'perCapitaIncome'
 */
export function nearestName(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const best = closest(input, list);
  const d = distance(input.toLowerCase(), best.toLowerCase());
  return d <= Math.min(3, Math.max(2, Math.floor(input.length / 3))) && d < input.length ? best : undefined;
}
