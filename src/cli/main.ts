import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './run.js';

// Run only when executed (`jiuzhu …`, `node dist/cli.js …`), not when imported by a test.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invoked === realpathSync(fileURLToPath(import.meta.url))) {
  // `jiuzhu replay big.ndjson | head`: the reader has what it wanted; stop quietly instead of a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
