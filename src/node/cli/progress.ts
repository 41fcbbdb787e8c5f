import cliProgress from 'cli-progress';
import type { CliIo } from './output.js';

/** A progress display: a bar on a terminal, nothing elsewhere (the summary at the end says it all). */
export interface Progress {
  /** Whether a bar is being drawn (then other output to the terminal should wait for {@link Progress.stop}). */
  readonly drawing: boolean;
  update(done: number, status: string): void;
  stop(): void;
}

/**
 * Starts a progress bar over `total` units (bytes of a log) on the terminal of `io`, if it has one. Only the bar
 * reads the clock (for its rate and ETA).
 *
 * @example
 * const progress = startProgress(io, size, 'replay');
 * progress.update(bytesRead, 'identical 120 · differs 1');
 * progress.stop();
 */
export function startProgress(io: CliIo, total: number, label: string): Progress {
  const stream = io.progress;
  if (!stream) return { drawing: false, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} {bar} {percentage}% | ETA {eta_formatted} | {status}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { status: '' });
  return {
    drawing: true,
    update: (done, status) => bar.update(Math.min(done, total), { status }),
    stop: () => bar.stop(),
  };
}
