// A page that uses the core as a browser application would: bundled for the browser with no shims, it decides the
// Guangzhou example and explains it, and leaves the results on the page for the test to read.
import { evaluate, loadPolicy, renderExplanation, toRecord, verifyRecord } from 'jiuzhu';
import household from '../../examples/households/guangzhou-2023-prison.json';

async function run() {
  const policy = await loadPolicy('guangdong');
  const decision = await evaluate(policy, household, { asOf: '2023-06-01' });
  const record = toRecord(decision, household);
  return {
    sha256: policy.sha256,
    dibao: decision.programs.find((p) => p.program === 'dibao')?.amount,
    explanation: renderExplanation(decision, 'zh'),
    recordVerifies: !('problem' in verifyRecord(record)),
    recordSha256: record.sha256,
  };
}

run().then(
  (result) => Object.assign(globalThis, { jiuzhuResult: result }),
  (error: unknown) => Object.assign(globalThis, { jiuzhuResult: { error: String((error as Error)?.stack ?? error) } }),
);
