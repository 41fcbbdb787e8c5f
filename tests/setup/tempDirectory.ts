import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary directory for the whole test run, removed when it ends. Tests make their files with
 * `mkdtempSync(join(tmpdir(), …))`; with TMPDIR pointing here before the test workers (and the CLIs and worker threads
 * they start) are made, those land inside it. Left in the system's /tmp, they added up to gigabytes a run (the
 * screening fixture alone writes 200 MB) and filled a developer's disk.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'jiuzhu-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
