import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import type { BundledPolicyName } from '../../../core/policy/bundled.js';
import { initLocalLayer } from '../../init/init.js';
import { policySource, type Command } from '../command.js';
import { SPECS } from '../specs.js';
import { EXIT } from '../exitCodes.js';

/** `jiuzhu init <dir> --extends <policy|DIR> [--region CODE] [--id NAME]`: a folder of local rules, ready to edit. */
export const initCommand: Command = {
  async run({ args, lang, io }) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: SPECS.init.options });
    const dir = positionals[0];
    if (!dir || positionals.length > 1 || !values.extends) {
      io.err(lang === 'zh' ? '需要一个新文件夹的名字和 --extends' : 'needs a new folder and --extends');
      io.err(SPECS.init.usage[lang]);
      return EXIT.usage;
    }
    // A bundled name or a folder: what policySource gives for a command-line value.
    const source = policySource(values.extends, { io, lang }) as BundledPolicyName | { dir: string };
    const written = await initLocalLayer(dir, {
      extends: source,
      ...(values.region === undefined ? {} : { region: values.region }),
      ...(values.id === undefined ? {} : { id: values.id }),
    });
    io.out(lang === 'zh' ? `已创建 ${dir}：` : `made ${dir}:`);
    for (const file of written) io.out(`  ${relative(process.cwd(), file)}`);
    io.out(
      lang === 'zh'
        ? `\n下一步：在 ${dir}/rules/parameters.json 里写本地的标准，然后运行\n  npx jiuzhu validate ${dir}/rules\n说明见 ${dir}/README.md。`
        : `\nNext: write the place's own values in ${dir}/rules/parameters.json, then run\n  npx jiuzhu validate ${dir}/rules\nSee ${dir}/README.md.`,
    );
    return EXIT.ok;
  },
};
