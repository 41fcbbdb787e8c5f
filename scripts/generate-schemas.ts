// `npm run schemas`: writes schemas/*.json from the zod schemas. A test fails while they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemas, schemaText } from '../src/core/schemas.js';

const dir = join(import.meta.dirname, '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(join(dir, name), schemaText(schema));
  console.log(`wrote schemas/${name}`);
}
