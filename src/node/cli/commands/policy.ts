import { parseArgs } from 'node:util';
import { visibleLine } from '../../../core/text/visible.js';
import { packPolicy } from '../../audit/store.js';
import { loadPolicy } from '../../policy/load.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { writingTo } from '../output.js';

/**
 * `jiuzhu policy pack --policy P [--policy P]… [--store DIR]`: archives policies as content-addressed packs
 * (`<sha256>.json`, every rule file of every layer), so that decisions made with them replay after the rule files
 * change.
 */
export const policyCommand: Command = {
  async run({ args, lang, io }) {
    const [sub, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: SPECS.policy.options,
    });
    if (sub !== 'pack' || !values.policy?.length) {
      io.err(SPECS.policy.usage[lang]);
      return EXIT.usage;
    }
    for (const name of values.policy) {
      const policy = await loadPolicy(policySource(name, { io, lang }));
      const { file, written } = await writingTo(values.store, () => packPolicy(policy, values.store));
      const what = visibleLine(`${policy.id} ${policy.version}`);
      io.out(
        lang === 'zh'
          ? `✓ ${what} → ${file}${written ? '' : '（已存在，内容相同）'}`
          : `✓ ${what} → ${file}${written ? '' : ' (already there, same content)'}`,
      );
    }
    return EXIT.ok;
  },
};
