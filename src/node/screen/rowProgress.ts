/**
 * Which row of a batch a worker is screening, in memory the worker shares with the main thread: if the worker dies
 * of its memory limit, the main thread still knows the row it died on (see `screenAroundRow`). Four numbers: the
 * row's index in the batch, its line in the input, and for NDJSON its bytes' start and the start of what follows it.
 */
export interface RowAt {
  index: number;
  line: number;
  start: number;
  next: number;
}

/**
 * Memory for one batch's progress, shareable with a worker: no row begun yet.
 *
 * @example
 * const progress = rowProgress(); // rowAt(progress) === undefined until markRow
 */
export function rowProgress(): Float64Array {
  const progress = new Float64Array(new SharedArrayBuffer(4 * Float64Array.BYTES_PER_ELEMENT));
  progress[0] = -1;
  return progress;
}

/**
 * Notes the row about to be screened.
 *
 * @example
 * markRow(progress, 3, 12, 4096, 4800)
 */
export function markRow(progress: Float64Array, index: number, line: number, start = -1, next = -1): void {
  progress[1] = line;
  progress[2] = start;
  progress[3] = next;
  progress[0] = index; // last: the row is begun only once its whereabouts are all written
}

/**
 * The row last begun, or undefined if none was.
 *
 * @example
 * rowAt(progress) // { index: 3, line: 12, start: 4096, next: 4800 }
 */
export function rowAt(progress: Float64Array): RowAt | undefined {
  const index = progress[0]!;
  return index < 0 ? undefined : { index, line: progress[1]!, start: progress[2]!, next: progress[3]! };
}
