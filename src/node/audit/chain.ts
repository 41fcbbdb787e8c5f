import { SHA256_HEX } from '../../core/audit/canonical.js';
import { makeIssue, type Issue } from '../../core/errors/issue.js';
import type { LogHeader } from './header.js';

/** Where a record says it stands in the log's chain: its place, the sha256 before it, and its own sha256. */
export interface ChainLink {
  seq: number;
  prev: string;
  sha256: string;
}

/** A problem with the log as a whole (a record missing, inserted, out of order …), at the line where it shows. */
export interface LogFinding {
  line: number;
  issue: Issue;
}

/** The last record of the chain: what to publish (its sha256) so that cutting the log's end is found later. */
export interface ChainHead {
  line: number;
  seq: number;
  sha256: string;
}

/** What the check of a log's chain found. */
export interface ChainReport {
  /** Whether the log is a hash chain at all (a header or a chained record); an older log is not. */
  chained: boolean;
  /** The last record of the chain (the header when there is no record), absent for an unchained log. */
  head?: ChainHead;
  /** With `expectHead`: where the published head is, and how many records came after it. */
  expectedHead?: ChainHead & { after: number };
  /** How many records the chain holds (its highest seq). */
  records: number;
  findings: LogFinding[];
}

const WORDS = 8; // a sha256 as eight 32-bit words

/**
 * Checks the hash chain of a log from what each line says of itself, fed in line order: the header, each record's
 * {@link ChainLink}, the lines that could not be read, the records without a place in the chain. At the end
 * ({@link ChainCheck.finish}) each record's place is settled — for each seq, the record linked to its neighbours
 * (the one whose `prev` is the sha256 of the record before it and whose own sha256 the next one names) — and what
 * is not as a writer leaves it is reported at its line: records missing (a gap in the seqs, unless unreadable lines
 * fill it), inserted (a second record claiming a seq, or one outside the chain), reordered (in the chain, out of line
 * order), duplicated (a line repeated byte for byte), a broken link (the record before was edited and sealed again),
 * a missing header, and with a published head, a cut end. Holds 80 bytes a record, in typed arrays.
 *
 * @example
 * const chain = new ChainCheck();
 * chain.header(1, header); chain.record(2, { seq: 1, prev: header.sha256, sha256: r1.sha256 });
 * chain.finish().findings // []
 */
export class ChainCheck {
  private count = 0;
  private seqs = new Float64Array(1024);
  private lines = new Float64Array(1024);
  private hashes = new Uint32Array(1024 * WORDS);
  private prevs = new Uint32Array(1024 * WORDS);
  private headers: { line: number; header: LogHeader }[] = [];
  private readonly unreadable: number[] = [];
  private readonly unchained: number[] = [];
  private readonly prefix = new Map<number, string>();
  private lastLine = 0;

  /** A header line (checked: see checkLogHeader). */
  header(line: number, header: LogHeader): void {
    this.headers.push({ line, header });
    this.lastLine = line;
  }

  /** A record's place in the chain, as the record states it (also for a record altered since: its stated sha256). */
  record(line: number, link: ChainLink): void {
    if (this.count === this.seqs.length) this.grow();
    const i = this.count++;
    this.seqs[i] = link.seq;
    this.lines[i] = line;
    writeHash(this.hashes, i, link.sha256);
    writeHash(this.prevs, i, link.prev);
    this.lastLine = line;
  }

  /** A line that could not be read as a record (torn, not JSON, too long): it may be a record of the chain. */
  unreadableLine(line: number): void {
    this.unreadable.push(line);
    this.lastLine = line;
  }

  /** A record with no place in the chain (the format before chains, or `seq`/`prev` left out). */
  unchainedRecord(line: number): void {
    this.unchained.push(line);
    this.lastLine = line;
  }

  /** The sha256 of the log's first `bytes` bytes, for a header that seals the lines written before it. */
  prefixDigest(bytes: number, sha256: string): void {
    this.prefix.set(bytes, sha256);
  }

  /**
   * Settles the chain and reports what is wrong, by line. With `expectHead` (a sha256 published earlier), a log whose
   * chain no longer holds that record — its end was cut, or it was rewritten — is reported (`LOG_TRUNCATED`).
   */
  finish(expectHead?: string): ChainReport {
    const findings: LogFinding[] = [];
    const found = (line: number, issue: Issue) => findings.push({ line, issue });
    const first = this.headers[0];
    const chained = first !== undefined || this.count > 0;
    if (!chained) {
      if (this.unchained.length > 0) found(this.unchained[0]!, makeIssue('LOG_UNCHAINED', []));
      return { chained, records: 0, findings };
    }
    for (const extra of this.headers.slice(1)) found(extra.line, makeIssue('LOG_HEADER_REPEATED', [], { line: extra.line, first: first!.line }));
    this.checkPrefix(found);
    for (const line of this.unchained) {
      // Lines a header seals as written before the chain are its own; any other record outside the chain was put there.
      if (first?.header.before && line < first.line) continue;
      found(line, makeIssue('LOG_RECORD_UNCHAINED', [], { line }));
    }
    const chosen = this.settle(found);
    const genesis = first ? { line: first.line, hash: hashWords(first.header.sha256) } : undefined;
    this.checkLinks(chosen, genesis, found);
    this.checkOrder(chosen, genesis?.line ?? 0, found);
    const last = chosen.at(-1);
    const head: ChainHead | undefined = last !== undefined ? this.headOf(last) : first ? { line: first.line, seq: 0, sha256: first.header.sha256 } : undefined;
    let expectedHead: ChainReport['expectedHead'];
    if (expectHead !== undefined) {
      const at = chosen.find((i) => this.hashIs(this.hashes, i, expectHead));
      const published = at !== undefined ? this.headOf(at) : first?.header.sha256 === expectHead ? { line: first.line, seq: 0, sha256: expectHead } : undefined;
      if (published) expectedHead = { ...published, after: (head?.seq ?? 0) - published.seq };
      else found(head?.line ?? this.lastLine, makeIssue('LOG_TRUNCATED', [], { expected: expectHead, line: head?.line ?? 0, actual: head?.sha256 ?? '' }));
    }
    findings.sort((a, b) => a.line - b.line);
    return { chained, ...(head ? { head } : {}), ...(expectedHead ? { expectedHead } : {}), records: head?.seq ?? 0, findings };
  }

  /**
   * For each seq, the record that holds it: of those claiming it, the one linked to its neighbours (the earlier line
   * on a tie). Reports lines that repeat a record, and the other claimants as inserted. Returns the chosen records'
   * indexes in seq order. (A record put in with a made-up seq far beyond the chain holds that seq: it shows as the
   * records "missing" before it and out of order, at its line — found, if not named as an insertion.)
   */
  private settle(found: (line: number, issue: Issue) => void): number[] {
    const order = Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.seqs[a]! - this.seqs[b]! || this.lines[a]! - this.lines[b]!);
    const groups: number[][] = [];
    for (const i of order) {
      const group = groups.at(-1);
      if (group && this.seqs[group[0]!] === this.seqs[i]) group.push(i);
      else groups.push([i]);
    }
    const bySeq = new Map<number, number[]>();
    for (const group of groups) {
      const distinct: number[] = [];
      for (const i of group) {
        const same = distinct.find((d) => this.equal(this.hashes, d, this.hashes, i));
        if (same === undefined) distinct.push(i);
        else found(this.lines[i]!, makeIssue('LOG_RECORD_DUPLICATED', [], { line: this.lines[i]!, first: this.lines[same]!, seq: this.seqs[i]! }));
      }
      bySeq.set(this.seqs[group[0]!]!, distinct);
    }
    const genesis = this.headers[0] ? hashWords(this.headers[0].header.sha256) : undefined;
    const linksDown = (i: number) => {
      const seq = this.seqs[i]!;
      if (seq === 1) return genesis !== undefined && this.equalWords(this.prevs, i, genesis);
      return (bySeq.get(seq - 1) ?? []).some((j) => this.equal(this.prevs, i, this.hashes, j));
    };
    const linksUp = (i: number) => (bySeq.get(this.seqs[i]! + 1) ?? []).some((j) => this.equal(this.prevs, j, this.hashes, i));
    const chosen: number[] = [];
    for (const [, claimants] of bySeq) {
      const scored = claimants.map((i) => ({ i, score: Number(linksDown(i)) + Number(linksUp(i)) }));
      const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
      chosen.push(best.i);
      for (const { i } of scored) {
        if (i !== best.i) found(this.lines[i]!, makeIssue('LOG_RECORD_INSERTED', [], { line: this.lines[i]!, seq: this.seqs[i]!, other: this.lines[best.i]! }));
      }
    }
    return chosen;
  }

  /** Gaps in the seqs (less the unreadable lines that may be the records missing), and links that do not hold. */
  private checkLinks(chosen: number[], genesis: { line: number; hash: Uint32Array } | undefined, found: (line: number, issue: Issue) => void): void {
    let before: { seq: number; line: number; index?: number } = { seq: 0, line: genesis?.line ?? 0 };
    for (const i of chosen) {
      const seq = this.seqs[i]!;
      const line = this.lines[i]!;
      if (seq === before.seq + 1) {
        const holds = before.index === undefined ? genesis !== undefined && this.equalWords(this.prevs, i, genesis.hash) : this.equal(this.prevs, i, this.hashes, before.index);
        if (!holds && before.index === undefined && genesis === undefined) found(line, makeIssue('LOG_HEADER_MISSING', [], { line }));
        else if (!holds) found(line, makeIssue('LOG_CHAIN_BROKEN', [], { line, seq, previous: before.line }));
      } else {
        const [from, to] = [Math.min(before.line, line), Math.max(before.line, line)];
        const unreadable = this.unreadable.filter((l) => l > from && l < to).length;
        const count = seq - before.seq - 1 - unreadable;
        if (count > 0) {
          found(line, makeIssue('LOG_RECORD_MISSING', [], { count, line, from: before.seq + 1, to: count > 1 || unreadable > 0 ? `–${seq - 1}` : '', after: before.line }));
        }
        if (before.seq === 0 && genesis === undefined) found(line, makeIssue('LOG_HEADER_MISSING', [], { line }));
      }
      before = { seq, line, index: i };
    }
  }

  /** Records of the chain whose lines are out of seq order: all but the longest run in order, each once. */
  private checkOrder(chosen: number[], headerLine: number, found: (line: number, issue: Issue) => void): void {
    const lines = chosen.map((i) => this.lines[i]!);
    const keep = longestIncreasing(lines);
    chosen.forEach((i, k) => {
      if (keep.has(k)) return;
      const after = k === 0 ? headerLine : lines[k - 1]!;
      found(lines[k]!, makeIssue('LOG_RECORD_REORDERED', [], { line: lines[k]!, seq: this.seqs[i]!, after }));
    });
  }

  private checkPrefix(found: (line: number, issue: Issue) => void): void {
    const first = this.headers[0];
    const before = first?.header.before;
    if (!first || !before) return;
    const actual = this.prefix.get(before.bytes);
    if (actual !== before.sha256) {
      found(first.line, makeIssue('LOG_PREFIX_ALTERED', [], { bytes: before.bytes, line: first.line, actual: actual ?? '?', expected: before.sha256 }));
    }
  }

  private headOf(i: number): ChainHead {
    return { line: this.lines[i]!, seq: this.seqs[i]!, sha256: readHash(this.hashes, i) };
  }

  private hashIs(words: Uint32Array, i: number, hex: string): boolean {
    return SHA256_HEX.test(hex) && this.equalWords(words, i, hashWords(hex));
  }

  private equal(a: Uint32Array, i: number, b: Uint32Array, j: number): boolean {
    for (let w = 0; w < WORDS; w++) if (a[i * WORDS + w] !== b[j * WORDS + w]) return false;
    return true;
  }

  private equalWords(a: Uint32Array, i: number, words: Uint32Array): boolean {
    for (let w = 0; w < WORDS; w++) if (a[i * WORDS + w] !== words[w]) return false;
    return true;
  }

  private grow(): void {
    const size = this.seqs.length * 2;
    const grown = <T extends Float64Array | Uint32Array>(old: T, length: number): T => {
      const next = new (old.constructor as new (n: number) => T)(length);
      next.set(old);
      return next;
    };
    this.seqs = grown(this.seqs, size);
    this.lines = grown(this.lines, size);
    this.hashes = grown(this.hashes, size * WORDS);
    this.prevs = grown(this.prevs, size * WORDS);
  }
}

/**
 * A record's place in the chain from what it states, if it states one of the right types.
 *
 * @example
 * chainLinkOf(JSON.parse(line)) // { seq: 12, prev: '…', sha256: '…' }
 */
export function chainLinkOf(value: unknown): ChainLink | undefined {
  const { seq, prev, sha256 } = (value ?? {}) as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1 || typeof prev !== 'string' || typeof sha256 !== 'string') return undefined;
  if (!SHA256_HEX.test(prev) || !SHA256_HEX.test(sha256)) return undefined;
  return { seq: seq as number, prev, sha256 };
}

function hashWords(hex: string): Uint32Array {
  const words = new Uint32Array(WORDS);
  writeHash(words, 0, hex);
  return words;
}

function writeHash(target: Uint32Array, i: number, hex: string): void {
  for (let w = 0; w < WORDS; w++) target[i * WORDS + w] = Number.parseInt(hex.slice(w * 8, w * 8 + 8), 16);
}

function readHash(source: Uint32Array, i: number): string {
  let hex = '';
  for (let w = 0; w < WORDS; w++) hex += source[i * WORDS + w]!.toString(16).padStart(8, '0');
  return hex;
}

/** The positions of one longest strictly increasing run (not necessarily contiguous) of the values, O(n log n). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) keep.add(i);
  return keep;
}
