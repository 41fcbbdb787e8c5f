import { parseArgs } from 'node:util';
import { prettyCanonicalJson } from '../../audit/canonical.js';
import { renderExplanation } from '../../decision/render.js';
import { evaluate } from '../../engine/evaluate.js';
import { loadPolicy } from '../../policy/load.js';
import { policySource, readJsonInput, type Command } from '../command.js';
import { EXIT } from '../exitCodes.js';

/** `jiuzhu evaluate <household.json> --policy P --as-of D [--json]`: one decision, explained or as JSON. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  usage: 'jiuzhu evaluate <household.json> --policy <guangdong|hunan|hubei|national|DIR> --as-of <YYYY-MM-DD> [--lang zh|en] [--json]',
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { policy: { type: 'string' }, 'as-of': { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const file = positionals[0];
    if (!file || !values.policy || !values['as-of']) {
      io.err(lang === 'zh' ? '需要 <household.json>、--policy 和 --as-of' : 'needs <household.json>, --policy and --as-of');
      io.err(this.usage);
      return EXIT.usage;
    }
    const policy = await loadPolicy(policySource(values.policy));
    const decision = await evaluate(policy, await readJsonInput(file), { asOf: values['as-of'] });
    io.out(values.json ? prettyCanonicalJson(decision) : renderExplanation(decision, lang));
    return EXIT.ok;
  },
};
