import { parseArgs } from 'node:util';
import { visibleJson } from '../../../core/text/visible.js';
import { prettyCanonicalJson } from '../../../core/audit/canonical.js';
import { renderPurchaseCap, servicePurchaseCap, type PurchasePlan } from '../../../core/fiscal/purchaseCap.js';
import { loadPolicy } from '../../policy/load.js';
import { resolveParameter } from '../../../core/policy/parameters.js';
import { policySource, readJsonInput, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { JiuzhuError, makeIssue } from '../../../core/errors/issue.js';
import { isRealDate } from '../../../core/household/dates.js';
import { regionWithin } from '../../../core/policy/regions.js';
import { DECIMAL_PATTERN, Dec } from '../../../core/money/decimal.js';

/**
 * `jiuzhu purchase-cap <plan.json> [--policy P --region R --as-of D] [--json]`: checks planned service purchases
 * against the 5% cap; with a policy and date, the rate is that policy's `fiscal.servicePurchaseCapRate`.
 */
export const purchaseCapCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: SPECS['purchase-cap'].options,
    });
    const asOf = values['as-of'];
    // The policy's rate is read for a place and a date: both or neither, and a real date and a division code.
    const withPolicy = values.policy !== undefined || asOf !== undefined || values.region !== undefined;
    const complete = values.policy !== undefined && asOf !== undefined && isRealDate(asOf) && (values.region === undefined || /^\d{6}$/.test(values.region));
    if (!positionals[0] || positionals.length > 1 || (withPolicy && !complete)) {
      io.err(SPECS['purchase-cap'].usage[lang]);
      return EXIT.usage;
    }
    const plan = (await readJsonInput(positionals[0])) as PurchasePlan;
    if (withPolicy) {
      const policy = await loadPolicy(policySource(values.policy!, { io, lang }));
      const region = values.region ?? policy.region;
      if (!regionWithin(region, policy.region)) {
        throw new JiuzhuError('input', [makeIssue('REGION_NOT_IN_POLICY', ['region'], { region, policy: policy.id, policyRegion: policy.region })]);
      }
      const scope = { policy, region, area: 'urban' as const, asOf: asOf!, param: () => undefined };
      const rate = resolveParameter(scope, 'fiscal.servicePurchaseCapRate');
      if (rate) {
        const policyRate = (rate.value as { toFixed(): string }).toFixed();
        const own = (plan as { rate?: unknown }).rate;
        if (own !== undefined && !(typeof own === 'string' && DECIMAL_PATTERN.test(own) && new Dec(own).eq(policyRate))) {
          io.err(lang === 'zh' ? `注意：按政策使用比例 ${policyRate}，而非计划中写的 ${String(own)}` : `note: the policy's rate ${policyRate} is used, not the plan's own ${String(own)}`);
        }
        (plan as { rate?: string }).rate = policyRate;
      }
    }
    const result = servicePurchaseCap(plan);
    io.out(values.json ? visibleJson(prettyCanonicalJson(result)) : renderPurchaseCap(result, lang));
    return result.withinCap ? EXIT.ok : EXIT.overCap;
  },
};
