// `npm run docs`: writes docs/error-codes.md (see error-codes-doc.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCodesDoc } from './error-codes-doc.js';

writeFileSync(join(import.meta.dirname, '..', 'docs', 'error-codes.md'), errorCodesDoc());
console.log('wrote docs/error-codes.md');
