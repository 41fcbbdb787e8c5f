import { parseArgs } from 'node:util';
import { prettyCanonicalJson } from '../../audit/canonical.js';
import { renderPurchaseCap, servicePurchaseCap, type PurchasePlan } from '../../fiscal/purchaseCap.js';
import { loadPolicy } from '../../policy/load.js';
import { resolveParameter } from '../../policy/parameters.js';
import { policySource, readJsonInput, type Command } from '../command.js';
import { EXIT } from '../exitCodes.js';

/**
 * `jiuzhu purchase-cap <plan.json> [--policy P --region R --as-of D] [--json]`: checks planned service purchases
 * against the 5% cap; with a policy and date, the rate is that policy's `fiscal.servicePurchaseCapRate`.
 */
export const purchaseCapCommand: Command = {
  name: 'purchase-cap',
  usage: 'jiuzhu purchase-cap <plan.json> [--policy P --region CODE --as-of YYYY-MM-DD] [--lang zh|en] [--json]',
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        region: { type: 'string' },
        'as-of': { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!positionals[0]) {
      io.err(this.usage);
      return EXIT.usage;
    }
    const plan = (await readJsonInput(positionals[0])) as PurchasePlan;
    if (values.policy && values['as-of']) {
      const policy = await loadPolicy(policySource(values.policy));
      const region = values.region ?? policy.region;
      const scope = { policy, region, area: 'urban' as const, asOf: values['as-of'], param: () => undefined };
      const rate = resolveParameter(scope, 'fiscal.servicePurchaseCapRate');
      if (rate) (plan as { rate?: string }).rate = (rate.value as { toFixed(): string }).toFixed();
    }
    const result = servicePurchaseCap(plan);
    io.out(values.json ? prettyCanonicalJson(result) : renderPurchaseCap(result, lang));
    return result.withinCap ? EXIT.ok : EXIT.overCap;
  },
};
