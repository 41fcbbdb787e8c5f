// The same service as esm.mts, as CommonJS (`require` through the package's exports).
import jiuzhu = require('jiuzhu');

async function main(): Promise<void> {
  const policy = await jiuzhu.loadPolicy('guangdong');
  const household: jiuzhu.Household = JSON.parse('{}') as jiuzhu.Household;
  const decision: jiuzhu.Decision = jiuzhu.evaluateSync(policy, household, { asOf: '2023-06-01' });
  const amount: string | undefined = decision.programs[0]?.amount;
  console.log(amount);
}
void main();

import node = require('jiuzhu/node');
import data = require('jiuzhu/policies/hubei');
async function fromNode(): Promise<void> {
  const policy: jiuzhu.Policy = await node.loadPolicy({ document: data.hubei });
  console.log(policy.sha256, node.bundledStoreDirectory());
}
void fromNode();
