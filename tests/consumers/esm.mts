// A TypeScript service that imports jiuzhu as an ES module, compiled with `module: nodenext` and full library checks
// by tests/package.test.ts: the published declarations must type-check as a user's compiler reads them.
import { JiuzhuError, evaluateSync, loadPolicy, splitEqually, type Decision, type Household } from 'jiuzhu';
import { Decimal } from 'decimal.js';

const policy = await loadPolicy('guangdong');
const household: Household = JSON.parse('{}') as Household;
try {
  const decision: Decision = evaluateSync(policy, household, { asOf: '2023-06-01' });
  const shares: Decimal[] = splitEqually(new Decimal('100.00'), 3);
  console.log(decision.programs[0]?.amount, shares[0]?.toFixed(2));
} catch (error) {
  if (error instanceof JiuzhuError) console.log(error.issues[0]?.message.zh);
}

// The Node side and a bundled policy as data, with the core's types: a policy from one entry works with the other.
import { openRecordLog, policyStore, replay, loadPolicy as loadFromFolder } from 'jiuzhu/node';
import { guangdong } from 'jiuzhu/policies/guangdong';
import { referenceEligibility } from 'jiuzhu/reference';
const fromData = await loadPolicy({ document: guangdong });
const mine = await loadFromFolder({ dir: './my-rules/provinces/guangdong' });
const log = await openRecordLog('decisions.ndjson');
await log.close();
console.log(await replay({}, policyStore(fromData, mine)), typeof referenceEligibility);
