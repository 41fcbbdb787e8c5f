/**
 * A field's help in a generated JSON Schema, Chinese first: an officer's editor shows it on hover, so it must be
 * readable without English, and a programmer's without Chinese. One format for every schema the package publishes.
 *
 * @example
 * z.string().meta({ description: helpText('生效日期', 'In force from this date') })
 * // description: '生效日期 / In force from this date'
 */
export function helpText(zh: string, en: string): string {
  return `${zh} / ${en}`;
}
