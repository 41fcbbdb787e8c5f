import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChainCheck, evaluateSync, loadPolicy, openRecordLog, toRecord, verifyLog } from '../src/node/index.js';
import example from '../examples/households/guangzhou-2023-prison.json' with { type: 'json' };

// Appends under real conditions: two processes at once with records of about 1 MB (larger than one 512 KiB write of
// fs.appendFile), and a disk that fills up. Measured before choosing (issue 15, on Linux, two processes × 50 records
// of 1 MB): fs.appendFile mixed lines and lost records; one O_APPEND write per record kept lines whole but forked the
// chain in every run (both writers read the same last record); a lock (proper-lockfile) and one write gave 100 of 100.

const temp = () => mkdtempSync(join(tmpdir(), 'jiuzhu-log-'));
const helper = join(import.meta.dirname, 'helpers', 'appendRecords.mjs');
const policy = await loadPolicy('guangdong');
const decision = evaluateSync(policy, example, { asOf: '2023-06-01' });
const record = (caseNumber: string, padding = 0) => toRecord(decision, example, { compact: true, meta: { caseNumber, padding: 'x'.repeat(padding) } });

/** The records of a log, as verify-log reads them, and what its chain says. */
async function readBack(file: string) {
  const chain = new ChainCheck();
  const statuses: string[] = [];
  const cases: string[] = [];
  for await (const { result, summary } of verifyLog(file, { chain })) {
    statuses.push(result.status);
    if (summary?.caseNumber) cases.push(summary.caseNumber);
  }
  return { statuses, cases, chain: chain.finish() };
}

const appendIn = (file: string, tag: string, count: number, bytes: number) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [helper, file, tag, String(count), String(bytes)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`appender ${tag} exited ${code}: ${err}`))));
  });

describe('appending across processes', () => {
  it('two processes each append 50 records of about 1 MB at once: 100 readable records, the chain intact', async () => {
    const file = join(temp(), 'decisions.ndjson');
    await Promise.all([appendIn(file, 'A', 50, 1_000_000), appendIn(file, 'B', 50, 1_000_000)]);
    const { statuses, cases, chain } = await readBack(file);
    expect(statuses).toEqual(Array(100).fill('intact'));
    expect(chain.findings).toEqual([]);
    expect(chain.records).toBe(100);
    for (const tag of ['A', 'B']) expect(cases.filter((c) => c.startsWith(`${tag}-`)).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `${tag}-${i}`).sort());
  }, 180_000);
});

describe('a write that fails (a full disk)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('loses nothing written before or after: the failed record leaves no bytes, the next append starts a clean line', async () => {
    const file = join(temp(), 'decisions.ndjson');
    const probe: FileHandle = await open(join(temp(), 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const write = prototype.write;
    let failNext = false;
    vi.spyOn(prototype, 'write').mockImplementation(async function (this: FileHandle, ...args: Parameters<FileHandle['write']>) {
      const [buffer, offset, length] = args as unknown as [Buffer, number, number];
      if (!failNext || !Buffer.isBuffer(buffer)) return write.apply(this, args as never);
      failNext = false;
      // Half the line reaches the disk, then the disk is full: what a short write and ENOSPC leave.
      await (write as (...a: unknown[]) => Promise<unknown>).call(this, buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    } as never);
    const log = await openRecordLog(file);
    await log.append(record('GZ-1'));
    failNext = true;
    await expect(log.append(record('GZ-2'))).rejects.toMatchObject({ code: 'ENOSPC' });
    await log.append(record('GZ-3'));
    await log.close();
    // Another writer, later, finds the log as clean as the first left it.
    const again = await openRecordLog(file);
    await again.append(record('GZ-4'));
    await again.close();
    const { statuses, cases, chain } = await readBack(file);
    expect(statuses).toEqual(['intact', 'intact', 'intact']);
    expect(cases).toEqual(['GZ-1', 'GZ-3', 'GZ-4']);
    expect(chain.findings).toEqual([]);
    expect(again.repairedTornLine).toBe(false);
  });

  // A real full disk: a 2 MB tmpfs (needs root to mount, as on CI; skipped elsewhere).
  const mountable = (() => {
    if (process.getuid?.() !== 0) return undefined;
    const dir = temp();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
      return dir;
    } catch {
      return undefined;
    }
  })();

  it.skipIf(mountable === undefined)('on a small filesystem that fills up: the append fails, the log stays readable, and appends go on once there is room', async () => {
    const dir = mountable!;
    try {
      const file = join(dir, 'decisions.ndjson');
      const log = await openRecordLog(file);
      await log.append(record('FS-1', 300_000));
      // Fill the disk but for a little less than the next record needs.
      const free = () => Number(statfsSync(dir).bavail) * Number(statfsSync(dir).bsize);
      mkdirSync(join(dir, 'filler'));
      writeFileSync(join(dir, 'filler', 'blob'), Buffer.alloc(Math.max(0, free() - 150_000)));
      await expect(log.append(record('FS-2', 300_000))).rejects.toMatchObject({ code: 'ENOSPC' });
      rmSync(join(dir, 'filler'), { recursive: true });
      await log.append(record('FS-3', 300_000));
      await log.close();
      const { statuses, cases, chain } = await readBack(file);
      expect(statuses).toEqual(['intact', 'intact']);
      expect(cases).toEqual(['FS-1', 'FS-3']);
      expect(chain.findings).toEqual([]);
      expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    } finally {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    }
  });
});
