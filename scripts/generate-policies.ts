// `npm run policies`: writes src/policies/<name>.ts for every bundled policy, and src/core/policy/bundledIds.ts
// (see policy-modules.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_POLICY_NAMES } from '../src/core/policy/bundled.js';
import { BUNDLED_IDS_FILE, POLICY_MODULES_DIR, bundledIdsText, policyModuleText } from './policy-modules.js';

mkdirSync(POLICY_MODULES_DIR, { recursive: true });
for (const name of BUNDLED_POLICY_NAMES) {
  writeFileSync(join(POLICY_MODULES_DIR, `${name}.ts`), await policyModuleText(name));
  console.log(`wrote src/policies/${name}.ts`);
}
writeFileSync(BUNDLED_IDS_FILE, await bundledIdsText());
console.log('wrote src/core/policy/bundledIds.ts');
