import type { Household, Member } from './schema.js';

/**
 * Who is whose spouse, parent, child, sibling, grandparent and grandchild among the members of a household. A case
 * worker may state the links (`spouseId`, `parentIds`); otherwise they are read from each member's relation to the
 * applicant, only where that relation leaves no doubt:
 * - spouses: the applicant and the `spouse`; the two `parent` members (when there are exactly two); the two
 *   `grandparent` members (likewise); a lone `childInLaw` and a lone `child`;
 * - parents: of a `child`, the applicant and the spouse; of the applicant and of a `sibling`, the `parent` members; of
 *   a `grandchild`, the `child` and the `childInLaw` when there is exactly one `child`.
 * Grandparents are the parents' parents, and also by relation: the applicant and spouse of a `grandchild`, the
 * `parent` members of a `child`, the `grandparent` members of the applicant and of a `sibling`.
 */
export interface FamilyLinks {
  spouses(member: Member): readonly Member[];
  parents(member: Member): readonly Member[];
  children(member: Member): readonly Member[];
  siblings(member: Member): readonly Member[];
  grandparents(member: Member): readonly Member[];
  grandchildren(member: Member): readonly Member[];
}

const links = new WeakMap<Household, FamilyLinks>();

/**
 * The family links of a household, worked out once per household.
 *
 * @example
 * familyLinks(household).parents(son).map((m) => m.relation) // ['applicant', 'spouse']
 */
export function familyLinks(household: Household): FamilyLinks {
  // The support facts ask again and again about the household being decided: that one is found without a lookup.
  if (household === last.household) return last.links!;
  let found = links.get(household);
  if (!found) links.set(household, (found = buildLinks(household.members)));
  last.household = household;
  last.links = found;
  return found;
}

const last: { household: Household | undefined; links: FamilyLinks | undefined } = { household: undefined, links: undefined };

/**
 * The links by member index: a household has a handful of members (50 at most), so lists searched in place cost less
 * than the sets and maps keyed by id this once made, for every household screened. Each list keeps the order in which
 * its links were found, which the supporters' order follows.
 */
function buildLinks(members: readonly Member[]): FamilyLinks {
  const n = members.length;
  const indexOf = (id: string) => members.findIndex((m) => m.id === id);
  const related = (relation: string) => {
    const found: number[] = [];
    for (let i = 0; i < n; i++) if (members[i]!.relation === relation) found.push(i);
    return found;
  };
  const applicants = related('applicant');
  const spousesByRelation = related('spouse');
  const parentsByRelation = related('parent');
  const grandparentsByRelation = related('grandparent');
  const children = related('child');
  const childrenInLaw = related('childInLaw');

  const spouses: number[][] = Array.from({ length: n }, () => []);
  const marry = (a: number, b: number) => {
    if (a === b) return;
    addOnce(spouses[a]!, b);
    addOnce(spouses[b]!, a);
  };
  let stated: boolean[] | undefined;
  for (let i = 0; i < n; i++) {
    const spouseId = members[i]!.spouseId;
    if (spouseId === undefined) continue;
    const spouse = indexOf(spouseId);
    stated ??= new Array<boolean>(n).fill(false);
    stated[i] = true;
    if (spouse >= 0) {
      stated[spouse] = true;
      marry(i, spouse);
    }
  }
  // Inferred pairs leave out anyone whose spouse the case worker named.
  const infer = (a: number, b: number) => {
    if (!stated?.[a] && !stated?.[b]) marry(a, b);
  };
  for (const applicant of applicants) for (const spouse of spousesByRelation) infer(applicant, spouse);
  for (const pair of [parentsByRelation, grandparentsByRelation]) if (pair.length === 2) infer(pair[0]!, pair[1]!);
  if (children.length === 1 && childrenInLaw.length === 1) infer(children[0]!, childrenInLaw[0]!);

  // Lists by relation hold each member once and are only read: members of one relation share them.
  const parentsOfChildren = [...applicants, ...spousesByRelation];
  const parentsOfGrandchildren = children.length === 1 ? [...children, ...childrenInLaw] : [];
  const parents: number[][] = members.map((m) => {
    if (m.parentIds !== undefined) return distinct(m.parentIds.map(indexOf).filter((i) => i >= 0));
    if (m.relation === 'child') return parentsOfChildren;
    if (m.relation === 'applicant' || m.relation === 'sibling') return parentsByRelation;
    if (m.relation === 'grandchild') return parentsOfGrandchildren;
    return [];
  });

  const grandparents: number[][] = members.map((m, self) => {
    const found: number[] = [];
    for (const parent of parents[self]!) for (const grandparent of parents[parent]!) addOnce(found, grandparent);
    const byRelation =
      m.relation === 'grandchild'
        ? parentsOfChildren
        : m.relation === 'child'
          ? parentsByRelation
          : m.relation === 'applicant' || m.relation === 'sibling'
            ? grandparentsByRelation
            : [];
    for (const g of byRelation) addOnce(found, g);
    const own = found.indexOf(self);
    if (own >= 0) found.splice(own, 1);
    return found;
  });

  const resolve = (of: number[][]) => (m: Member) => (of[index(members, m)] ?? []).map((i) => members[i]!);
  const inverse = (of: number[][]) => (m: Member) => {
    const target = index(members, m);
    return target < 0 ? [] : members.filter((_, i) => of[i]!.includes(target));
  };
  return {
    spouses: once(resolve(spouses)),
    parents: once(resolve(parents)),
    children: once(inverse(parents)),
    grandparents: once(resolve(grandparents)),
    grandchildren: once(inverse(grandparents)),
    siblings: once((m) => {
      const self = index(members, m);
      const own = parents[self] ?? [];
      return members.filter((other, i) => {
        if (i === self) return false;
        const shared = own.some((parent) => parents[i]!.includes(parent));
        // The applicant's siblings are siblings by the very relation, whether or not a parent lives with them.
        return shared || (SIBLING_RELATIONS.has(m.relation) && SIBLING_RELATIONS.has(other.relation) && m.relation !== other.relation) ||
          (m.relation === 'sibling' && other.relation === 'sibling');
      });
    }),
  };
}

const SIBLING_RELATIONS: ReadonlySet<string> = new Set(['applicant', 'sibling']);

/** A member's index in the household (the members asked about are the household's own). */
function index(members: readonly Member[], member: Member): number {
  const i = members.indexOf(member);
  return i >= 0 ? i : members.findIndex((m) => m.id === member.id);
}

function addOnce(list: number[], item: number): void {
  if (!list.includes(item)) list.push(item);
}

function distinct(list: readonly number[]): number[] {
  const out: number[] = [];
  for (const item of list) addOnce(out, item);
  return out;
}

/**
 * A member's relatives of one kind, worked out on the first question and kept: the support facts ask the same
 * questions about the same members for every person a program decides, and in every pass of its fixed point.
 */
function once(find: (member: Member) => readonly Member[]): (member: Member) => readonly Member[] {
  // Made on the first question: most households are asked about one or two kinds of relatives, or none.
  let found: Map<Member, readonly Member[]> | undefined;
  return (member) => {
    let relatives = (found ??= new Map()).get(member);
    if (relatives === undefined) found.set(member, (relatives = find(member)));
    return relatives;
  };
}
