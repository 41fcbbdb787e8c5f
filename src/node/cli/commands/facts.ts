import { parseArgs } from 'node:util';
import { FACTS } from '../../../core/facts/catalog.js';
import type { Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';

/** `jiuzhu facts`: the catalog of facts rule files may use. */
export const factsCommand: Command = {
  async run({ args, lang, io }) {
    // Strict: `--jsn` or a stray word is a usage error rather than silently the text listing.
    const { values } = parseArgs({ args: [...args], options: SPECS.facts.options });
    if (values.json) {
      const facts = [...FACTS.values()].map(({ name, level, type, description, params, values: taken }) => ({
        name,
        level,
        type,
        description,
        ...(params ? { params } : {}),
        ...(taken ? { values: taken } : {}),
      }));
      io.out(JSON.stringify(facts, null, 2));
      return EXIT.ok;
    }
    const rows = [...FACTS.values()].map((fact) => {
      const params = fact.params
        ? ` params: ${Object.entries(fact.params).map(([k, v]) => `${k}${v.default ? `=${v.default}` : ''}`).join(', ')}`
        : '';
      const values = fact.values ? ` values: ${fact.values.join(' | ')}` : '';
      return `${fact.name}  [${fact.level}, ${fact.type}]${params}${values}\n    ${fact.description[lang]}`;
    });
    io.out(rows.join('\n'));
    return EXIT.ok;
  },
};
