import { FACTS } from '../../facts/catalog.js';
import type { Command } from '../command.js';
import { EXIT } from '../exitCodes.js';

/** `jiuzhu facts`: the catalog of facts rule files may use. */
export const factsCommand: Command = {
  name: 'facts',
  usage: 'jiuzhu facts [--lang zh|en]        list the facts rule files may use',
  async run({ lang, io }) {
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
