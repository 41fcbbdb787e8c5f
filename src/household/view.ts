import type { HouseholdView } from '../engine/context.js';
import type { Household } from './schema.js';

/**
 * The household as a program sees it: all members except those left out, and of those, the ones art. 7 counts
 * (not in prison, compulsory rehabilitation, missing, or clergy living apart).
 *
 * @example
 * householdView(household, new Set()).counted.length // 4 for a family of five with one member in prison
 */
export function householdView(household: Household, leftOut: ReadonlySet<string>): HouseholdView {
  const members = leftOut.size === 0 ? household.members : household.members.filter((m) => !leftOut.has(m.id));
  return {
    key: [...leftOut].sort().join(','),
    members,
    counted: members.filter((m) => m.exclusion === undefined),
  };
}
