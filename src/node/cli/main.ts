import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT } from './exitCodes.js';
import { runCli } from './run.js';
import { useSha256Implementation } from '../../core/audit/canonical.js';
import { nodeSha256Hex } from '../audit/sha256.js';

/** The exit code of a command whose output pipe was closed before it finished: 128 + SIGPIPE (13). */
const BROKEN_PIPE = 141;

// Run only when executed (`jiuzhu …`, `node dist/cli.js …`), not when imported by a test.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invoked === realpathSync(fileURLToPath(import.meta.url))) {
  useSha256Implementation(nodeSha256Hex); // the same digests as the portable SHA-256, faster
  // `jiuzhu replay big.ndjson | head`: the reader has what it wanted; stop quietly instead of a stack trace, but not
  // with 0 while the command was still at work — what a shell reports for a pipe closed under a program, 128 +
  // SIGPIPE, so that `set -o pipefail` sees the rows that were never screened.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? BROKEN_PIPE);
    // `… > /dev/full`, a full disk: what was written is incomplete, which is not a bug in jiuzhu.
    process.stderr.write(`jiuzhu: 无法写入标准输出 / cannot write standard output: ${error.code ?? error.message}\n`);
    process.exit(EXIT.cannotWrite);
  });
  // Nobody reads the messages any more (`… 2>&1 | head` after the results went to a file): the work goes on.
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
