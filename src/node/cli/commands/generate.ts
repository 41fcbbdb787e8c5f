import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../../policy/load.js';
import { generateHouseholds } from '../../../core/screen/generate.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { writingTo, closeOutput } from '../output.js';

/** `jiuzhu generate --households N --policy P --seed S [--as-of D] [--out FILE]`: a seeded synthetic population. */
export const generateCommand: Command = {
  async run({ args, lang, io }) {
    const { values } = parseArgs({
      args: [...args],
      options: SPECS.generate.options,
    });
    const count = Number(values.households);
    const seed = Number(values.seed);
    if (!values.policy || !Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(seed)) {
      io.err(lang === 'zh' ? '需要 --households（非负整数）、--policy 和 --seed（整数）' : 'needs --households (a whole number), --policy and --seed (an integer)');
      io.err(SPECS.generate.usage[lang]);
      return EXIT.usage;
    }
    const policy = await loadPolicy(policySource(values.policy, { io, lang }));
    const generate = async () => {
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      let buffer = '';
      for (const household of generateHouseholds(policy, { households: count, seed, ...(values['as-of'] ? { asOf: values['as-of'] } : {}) })) {
        buffer += `${JSON.stringify(household)}\n`;
        if (buffer.length < 1 << 20) continue;
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
      if (buffer) out.write(buffer);
      await closeOutput(out);
    };
    await (values.out ? writingTo(values.out, generate) : generate());
    return EXIT.ok;
  },
};
