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
  let found = links.get(household);
  if (!found) links.set(household, (found = buildLinks(household.members)));
  return found;
}

function buildLinks(members: readonly Member[]): FamilyLinks {
  const byId = new Map(members.map((m) => [m.id, m]));
  const withRelation = (relation: string) => members.filter((m) => m.relation === relation);
  const ids = (list: readonly (Member | undefined)[]) => new Set(list.filter((m): m is Member => m !== undefined).map((m) => m.id));

  const spouseIds = new Map<string, Set<string>>();
  const marry = (a: Member, b: Member) => {
    if (a.id === b.id) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let set = spouseIds.get(x.id);
      if (!set) spouseIds.set(x.id, (set = new Set()));
      set.add(y.id);
    }
  };
  const stated = members.filter((m) => m.spouseId !== undefined);
  const statedIds = new Set(stated.flatMap((m) => [m.id, m.spouseId!]));
  for (const m of stated) {
    const spouse = byId.get(m.spouseId!);
    if (spouse) marry(m, spouse);
  }
  // Inferred pairs leave out anyone whose spouse the case worker named.
  const infer = (a: Member, b: Member) => {
    if (!statedIds.has(a.id) && !statedIds.has(b.id)) marry(a, b);
  };
  const applicants = withRelation('applicant');
  for (const applicant of applicants) for (const spouse of withRelation('spouse')) infer(applicant, spouse);
  for (const relation of ['parent', 'grandparent']) {
    const pair = withRelation(relation);
    if (pair.length === 2) infer(pair[0]!, pair[1]!);
  }
  const children = withRelation('child');
  const childrenInLaw = withRelation('childInLaw');
  if (children.length === 1 && childrenInLaw.length === 1) infer(children[0]!, childrenInLaw[0]!);

  const parentIds = new Map<string, Set<string>>();
  for (const m of members) {
    if (m.parentIds !== undefined) {
      parentIds.set(m.id, ids(m.parentIds.map((id) => byId.get(id))));
      continue;
    }
    const parents =
      m.relation === 'child'
        ? [...applicants, ...withRelation('spouse')]
        : m.relation === 'applicant' || m.relation === 'sibling'
          ? withRelation('parent')
          : m.relation === 'grandchild' && children.length === 1
            ? [...children, ...childrenInLaw]
            : [];
    parentIds.set(m.id, ids(parents));
  }

  const grandparentIds = new Map<string, Set<string>>();
  for (const m of members) {
    const set = new Set<string>();
    for (const parent of parentIds.get(m.id) ?? []) for (const id of parentIds.get(parent) ?? []) set.add(id);
    const byRelation =
      m.relation === 'grandchild'
        ? [...applicants, ...withRelation('spouse')]
        : m.relation === 'child'
          ? withRelation('parent')
          : m.relation === 'applicant' || m.relation === 'sibling'
            ? withRelation('grandparent')
            : [];
    for (const g of byRelation) set.add(g.id);
    set.delete(m.id);
    grandparentIds.set(m.id, set);
  }

  const resolve = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].map((id) => byId.get(id)!).filter((m) => m !== undefined);
  const inverse = (of: Map<string, Set<string>>, member: Member) => members.filter((m) => of.get(m.id)?.has(member.id));
  const bySiblingRelation = new Set(['applicant', 'sibling']);
  return {
    spouses: once((m) => resolve(spouseIds.get(m.id))),
    parents: once((m) => resolve(parentIds.get(m.id))),
    children: once((m) => inverse(parentIds, m)),
    grandparents: once((m) => resolve(grandparentIds.get(m.id))),
    grandchildren: once((m) => inverse(grandparentIds, m)),
    siblings: once((m) =>
      members.filter((other) => {
        if (other.id === m.id) return false;
        const shared = [...(parentIds.get(m.id) ?? [])].some((id) => parentIds.get(other.id)?.has(id));
        // The applicant's siblings are siblings by the very relation, whether or not a parent lives with them.
        return shared || (bySiblingRelation.has(m.relation) && bySiblingRelation.has(other.relation) && m.relation !== other.relation) ||
          (m.relation === 'sibling' && other.relation === 'sibling');
      }),
    ),
  };
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
