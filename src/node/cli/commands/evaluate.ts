import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledStoreDirectory } from '../../audit/store.js';
import { prettyCanonicalJson } from '../../../core/audit/canonical.js';
import { openRecordLog } from '../../audit/log.js';
import { toRecord } from '../../../core/audit/record.js';
import { renderExplanation } from '../../../core/decision/render.js';
import { evaluate } from '../../../core/evaluate.js';
import { loadPolicy } from '../../policy/load.js';
import { policySource, readJsonInput, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';
import { writingTo } from '../output.js';
import { visibleJson, visibleLine } from '../../../core/text/visible.js';

/**
 * `jiuzhu evaluate <household.json> --policy P --as-of D [--json] [--record LOG [--meta K=V]… [--compact]]`: one
 * decision, explained or as JSON, and with `--record` its decision record appended to a hash-chained NDJSON log.
 */
export const evaluateCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: SPECS.evaluate.options,
    });
    const file = positionals[0];
    if (!file || positionals.length > 1 || !values.policy || !values['as-of']) {
      io.err(lang === 'zh' ? '需要 <household.json>、--policy 和 --as-of' : 'needs <household.json>, --policy and --as-of');
      io.err(SPECS.evaluate.usage[lang]);
      return EXIT.usage;
    }
    const meta: Record<string, string> = {};
    for (const pair of values.meta ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        io.err(lang === 'zh' ? `--meta 须写作 键=值，而不是“${visibleLine(pair)}”` : `--meta takes key=value, not "${visibleLine(pair)}"`);
        return EXIT.usage;
      }
      meta[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const policy = await loadPolicy(policySource(values.policy, { io, lang }));
    const household = await readJsonInput(file);
    const decision = await evaluate(policy, household, { asOf: values['as-of'] });
    if (values.record) {
      const record = toRecord(decision, household, { ...(values.meta ? { meta } : {}), compact: values.compact });
      await writingTo(values.record, async () => {
        const log = await openRecordLog(values.record!);
        await log.append(record);
        await log.close();
      });
      // A record names its policy by sha256 only: rules kept in a directory must be archived to be replayed later.
      if (!existsSync(join(bundledStoreDirectory(), `${policy.sha256}.json`))) {
        io.err(
          lang === 'zh'
            ? `注意：此政策（${visibleLine(policy.id)} ${visibleLine(policy.version)}，sha256 ${policy.sha256.slice(0, 12)}…）不在内置存档中。日后重放这条记录需要它的存档：jiuzhu policy pack --policy ${values.policy} --store <存档目录>`
            : `note: this policy (${visibleLine(policy.id)} ${visibleLine(policy.version)}, sha256 ${policy.sha256.slice(0, 12)}…) is not in the package's store. Replaying this record later needs it archived: jiuzhu policy pack --policy ${values.policy} --store <archive dir>`,
        );
      }
    }
    io.out(values.json ? visibleJson(prettyCanonicalJson(decision)) : renderExplanation(decision, lang));
    return EXIT.ok;
  },
};
