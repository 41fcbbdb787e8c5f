// 07 — Screen a CSV file as a 民政 office exports it from Excel ("CSV UTF-8", with a byte-order mark), with one row
// spoiled by a stray quote: that row is reported at its line, every other row is screened, and the run says what it
// found per program.
//   npx tsx examples/07-screen-an-excel-export.ts
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadPolicy, screenFile } from 'jiuzhu/node';

export async function main() {
  const policy = await loadPolicy('guangdong');
  const file = fileURLToPath(new URL('./households/guangzhou-export.csv', import.meta.url));
  const lines = (stream: PassThrough) => {
    const text: string[] = [];
    stream.on('data', (chunk) => text.push(String(chunk)));
    return () => text.join('').trim().split('\n').map((line) => JSON.parse(line));
  };
  const [out, errors] = [new PassThrough(), new PassThrough()];
  const [results, problems] = [lines(out), lines(errors)];
  const counts = await screenFile(policy, file, { asOf: '2025-03-01', out, errors, workers: 0 });
  return {
    counted: `${counts.rows} rows = ${counts.results} results + ${counts.errors} errors`,
    screened: results().map((r) => `line ${r.line} ${r.id}: ${r.missed.map((f: { program: string }) => f.program).join(' ') || '—'}`),
    errors: problems().map((e) => `line ${e.line}: ${e.problems[0].code}`),
    dibao: counts.findings.dibao,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await main());
}
