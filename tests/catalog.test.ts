import { describe, expect, it } from 'vitest';
import { BUNDLED_POLICY_NAMES, ISSUE_CODES, loadPolicy, reasonText, type Decision } from '../src/node/index.js';
import { DECISION_CATALOGS } from '../src/core/decision/locales/catalog.js';
import { ENGINE_REASON_CODES, WARNING_CODES } from '../src/core/decision/locales/shape.js';
import { en as errorsEn } from '../src/core/errors/locales/en.js';
import { zh as errorsZh } from '../src/core/errors/locales/zh.js';

const placeholders = (text: string) => [...text.matchAll(/\{([A-Za-z0-9_.]+)\}/g)].map((m) => m[1]);
const KNOWN = new Set(['member', 'factValue', 'threshold', 'program', 'detail', 'from', 'kind', 'name']);

describe('every code speaks Chinese and English', () => {
  it('every reason code of every bundled policy renders in zh and en, pass and fail, with no unknown placeholder', async () => {
    let codes = 0;
    for (const name of BUNDLED_POLICY_NAMES) {
      const policy = await loadPolicy(name);
      for (const [code, message] of policy.messages) {
        for (const variant of ['pass', 'fail', 'unknown'] as const) {
          const text = message[variant];
          if (!text) continue;
          for (const lang of ['zh', 'en'] as const) {
            expect(text[lang].trim().length, `${name} ${code}.${variant}.${lang}`).toBeGreaterThan(0);
            for (const p of placeholders(text[lang])) expect(KNOWN, `${code}.${variant}.${lang} uses {${p}}`).toContain(p);
          }
        }
        // and it renders through the same path a decision takes
        const decision = { members: [{ id: 'm1', name: '张三', counted: true }], messages: { [code]: message }, programs: [] } as unknown as Decision;
        for (const passed of [true, false]) {
          for (const lang of ['zh', 'en'] as const) {
            const text = reasonText(decision, { rule: `x/${code}`, code, passed, memberId: 'm1', factValue: '1.00', threshold: '2.00' }, lang);
            expect(text, `${code} ${lang}`).toBeTruthy();
            expect(text).not.toMatch(/\{(member|factValue|threshold)\}/);
          }
        }
        codes++;
      }
    }
    expect(codes).toBeGreaterThan(40);
  });

  it('the engine’s own reasons and warnings, and every issue code, have both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const t = DECISION_CATALOGS[lang];
      for (const code of ENGINE_REASON_CODES) expect(t.reasons[code].fail.length, `${lang} ${code}`).toBeGreaterThan(0);
      for (const code of WARNING_CODES) expect(t.warnings[code].length, `${lang} ${code}`).toBeGreaterThan(0);
    }
    for (const code of ISSUE_CODES) {
      expect(errorsZh[code].length, code).toBeGreaterThan(0);
      expect(errorsEn[code].length, code).toBeGreaterThan(0);
      expect(placeholders(errorsZh[code]).sort(), code).toEqual(placeholders(errorsEn[code]).sort());
    }
  });
});
