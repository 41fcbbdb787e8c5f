/**
 * Freezes a value and everything it holds (plain objects and arrays). A loaded policy is shared by every decision made
 * with it, and its labels, citations, messages and rounding are handed out inside those decisions: frozen, a caller
 * that edits one decision (translating a label, annotating a citation) cannot change the next one.
 *
 * @example
 * const citation = deepFreeze({ document: '办法', note: { zh: '…' } });
 * Object.isFrozen(citation.note) // true
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
