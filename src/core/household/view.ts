import type { HouseholdView } from '../engine/context.js';
import type { Household } from './schema.js';

/**
 * The household as a program sees it: the living members except those left out, and of those, the ones art. 7
 * counts (not in prison, compulsory rehabilitation, missing, or clergy living apart). A member who has died
 * (`diedOn`, never after asOf) is no longer in the household at all: no program decides anything for him or her.
 *
 * @example
 * householdView(household, new Set()).counted.length // 4 for a family of five with one member in prison
 */
export function householdView(household: Household, leftOut: ReadonlySet<string>): HouseholdView {
  const anyDead = household.members.some((m) => m.diedOn !== undefined);
  const members =
    leftOut.size === 0 && !anyDead ? household.members : household.members.filter((m) => !leftOut.has(m.id) && m.diedOn === undefined);
  return {
    key: [...leftOut].sort().join(','),
    members,
    counted: members.filter((m) => m.exclusion === undefined),
  };
}
