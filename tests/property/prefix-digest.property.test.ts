import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixDigest } from '../../src/node/audit/checkLog.js';

// The digest a header's `before` is checked against: the sha256 of the bytes before the first line that starts with
// the mark of a sealing header (not at the log's first byte), however the log arrives in chunks.

const MARK = '{"before":{"bytes":';

/** The digests as the whole log read at once gives them: the reference. */
function reference(log: Buffer): Map<number, string> {
  for (let at = log.indexOf(MARK); at >= 0; at = log.indexOf(MARK, at + 1)) {
    if (at > 0 && log[at - 1] === 0x0a) return new Map([[at, createHash('sha256').update(log.subarray(0, at)).digest('hex')]]);
  }
  return new Map();
}

const piece = fc.constantFrom('\n', MARK, MARK.slice(0, 7), MARK.slice(7), 'x', '{"format":"jiuzhu.log/1"}', 'abc\n', '"bytes":');

describe('PrefixDigest', () => {
  it('finds the mark at a line start wherever the chunks split it, and hashes exactly the bytes before it', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 20 }), (pieces, sizes) => {
        const log = Buffer.from(pieces.join(''));
        const digest = new PrefixDigest();
        for (let from = 0, i = 0; from < log.length; i++) {
          const size = sizes[i % sizes.length]!;
          digest.update(log.subarray(from, from + size));
          from += size;
        }
        expect(digest.digests).toEqual(reference(log));
      }),
      { numRuns: 2000 },
    );
  });
});
