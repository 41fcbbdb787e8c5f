/**
 * Fills `{name}` placeholders from params. Unknown placeholders are left as they are, so that a missing value is
 * visible in the text instead of silently becoming "undefined".
 *
 * @example
 * fillTemplate('标准 {standard} 元', { standard: '1238.00' }) // '标准 1238.00 元'
 */
export function fillTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([A-Za-z0-9_.]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** Text in both languages the library speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * A note from a rule file: in both languages, or (in files written before notes were bilingual) in one.
 */
export type Note = string | Bilingual;

/**
 * A note in the language asked for; a note written in one language only is given as it is.
 *
 * @example
 * noteIn({ zh: '示例值', en: 'an example value' }, 'en') // 'an example value'
 * noteIn('placeholder', 'zh') // 'placeholder'
 */
export function noteIn(note: Note | undefined, lang: Lang): string {
  if (note === undefined) return '';
  return typeof note === 'string' ? note : note[lang];
}
