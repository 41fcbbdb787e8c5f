// The text of docs/error-codes.md: every issue code with its message in Chinese and English, from the catalogs the
// library renders them with. `npm run docs` writes it; a test fails while it is stale.
import { ISSUE_CODES } from '../src/core/errors/codes.js';
import { en } from '../src/core/errors/locales/en.js';
import { zh } from '../src/core/errors/locales/zh.js';

/** `|` would end a table cell; `{name}` is shown as code, as the param it is. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\{(\w+)\}/g, '`{$1}`');

/**
 * The error-code table.
 *
 * @example
 * errorCodesDoc().startsWith('# Error codes') // true
 */
export function errorCodesDoc(): string {
  return [
    '# Error codes',
    '',
    'Every problem jiuzhu reports is an issue with a stable `code`, a JSON `path` (and `file` for rule files), its',
    '`params` and a message in Chinese and English. This table is generated from the message catalogs',
    '(`npm run docs`); `{name}` marks a param, and `{suggestion}` the "did you mean" made from `params.didYouMean`.',
    'An error (`JiuzhuError`) has a `kind`: `input` (a household, a plan, options), `policy` (rule files, packs,',
    'stores), `record` (decision records and logs) or `evaluation`.',
    '',
    '| code | 中文 | English |',
    '|---|---|---|',
    ...ISSUE_CODES.map((code) => `| \`${code}\` | ${cell(zh[code])} | ${cell(en[code])} |`),
    '',
  ].join('\n');
}
