import type { Household, Member } from './schema.js';

/**
 * Who is whose spouse, parent, child, sibling, grandparent and grandchild among the members of a household. A case
 * worker may state the links (`spouseId`, `parentIds`); otherwise they are read from each member's relation to the
 * applicant, only where that relation leaves no doubt:
 * - spouses: the applicant and the `spouse`; the two `parent` members (when there are exactly two); the two
 *   `grandparent` members (likewise); a lone `childInLaw` and a lone `child`;
 * - parents: of a `child`, the applicant and the spouse; of the applicant and of a `sibling`, the `parent` members; of
 *   a `grandchild`, the `child` and the `childInLaw` when there is exactly one `child`; and a member that one of the
 *   member's `parents` entries names (`memberId`).
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

/**
 * The family links of a household, worked out on the first question about it. Only the household last asked about
 * is kept: the support facts ask about the household being decided again and again, one household at a time. (A
 * WeakMap of every household's links made the GC trace one ephemeron per household screened: 12% of the engine's
 * instructions.)
 *
 * @example
 * familyLinks(household).parents(son).map((m) => m.relation) // ['applicant', 'spouse']
 */
export function familyLinks(household: Household): FamilyLinks {
  if (lastLinks === undefined || household !== lastHousehold || lastLinks.members !== household.members) {
    lastHousehold = household;
    lastLinks = new Links(household.members);
  }
  return lastLinks;
}

let lastHousehold: Household | undefined;
let lastLinks: Links | undefined;

const SPOUSES = 0;
const PARENTS = 1;
const CHILDREN = 2;
const SIBLINGS = 3;
const GRANDPARENTS = 4;
const GRANDCHILDREN = 5;
type Kind = typeof SPOUSES | typeof PARENTS | typeof CHILDREN | typeof SIBLINGS | typeof GRANDPARENTS | typeof GRANDCHILDREN;

/**
 * The links by member index: a household has a handful of members (50 at most), so lists searched in place cost less
 * than sets and maps keyed by id. Each kind of link is worked out on the first question about it (most households are
 * asked about one or two kinds, or none), and each member's relatives of that kind on the first question about that
 * member, then kept: the support facts ask the same questions in every pass of a program's fixed point. Each list
 * keeps the order in which its links were found, which the supporters' order follows.
 */
class Links implements FamilyLinks {
  private spouseIndices: number[][] | undefined;
  private parentIndices: number[][] | undefined;
  private grandparentIndices: number[][] | undefined;
  /** Each member's relatives, by kind, by the member's index. */
  private readonly found: (readonly Member[] | undefined)[][] = [[], [], [], [], [], []];

  constructor(readonly members: readonly Member[]) {}

  spouses(member: Member): readonly Member[] {
    return this.relatives(SPOUSES, member);
  }

  parents(member: Member): readonly Member[] {
    return this.relatives(PARENTS, member);
  }

  children(member: Member): readonly Member[] {
    return this.relatives(CHILDREN, member);
  }

  siblings(member: Member): readonly Member[] {
    return this.relatives(SIBLINGS, member);
  }

  grandparents(member: Member): readonly Member[] {
    return this.relatives(GRANDPARENTS, member);
  }

  grandchildren(member: Member): readonly Member[] {
    return this.relatives(GRANDCHILDREN, member);
  }

  private relatives(kind: Kind, member: Member): readonly Member[] {
    const self = index(this.members, member);
    if (self < 0) return kind === SIBLINGS ? this.siblingsOf(self, member) : NO_ONE;
    const byMember = this.found[kind]!;
    let relatives = byMember[self];
    if (relatives === undefined) byMember[self] = relatives = this.find(kind, self, member);
    return relatives;
  }

  private find(kind: Kind, self: number, member: Member): readonly Member[] {
    switch (kind) {
      case SPOUSES:
        return this.membersAt(this.spouseLists()[self]!);
      case PARENTS:
        return this.membersAt(this.parentLists()[self]!);
      case CHILDREN:
        return this.holding(this.parentLists(), self);
      case GRANDPARENTS:
        return this.membersAt(this.grandparentLists()[self]!);
      case GRANDCHILDREN:
        return this.holding(this.grandparentLists(), self);
      case SIBLINGS:
        return this.siblingsOf(self, member);
    }
  }

  private membersAt(indices: readonly number[]): Member[] {
    const out: Member[] = new Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = this.members[indices[i]!]!;
    return out;
  }

  /** The members whose list (of `lists`) holds the member at `target`: a parent's children, a grandparent's grandchildren. */
  private holding(lists: readonly number[][], target: number): Member[] {
    const out: Member[] = [];
    for (let i = 0; i < lists.length; i++) if (lists[i]!.includes(target)) out.push(this.members[i]!);
    return out;
  }

  private siblingsOf(self: number, member: Member): Member[] {
    const members = this.members;
    const parents = this.parentLists();
    const own = parents[self] ?? [];
    const bySiblingRelation = SIBLING_RELATIONS.has(member.relation);
    const out: Member[] = [];
    for (let i = 0; i < members.length; i++) {
      if (i === self) continue;
      const other = members[i]!;
      let shared = false;
      for (const parent of own) if (parents[i]!.includes(parent)) shared = true;
      // The applicant's siblings are siblings by the very relation, whether or not a parent lives with them.
      if (
        shared ||
        (bySiblingRelation && SIBLING_RELATIONS.has(other.relation) && member.relation !== other.relation) ||
        (member.relation === 'sibling' && other.relation === 'sibling')
      ) {
        out.push(other);
      }
    }
    return out;
  }

  private spouseLists(): number[][] {
    return (this.spouseIndices ??= spousesOf(this.members));
  }

  private parentLists(): number[][] {
    return (this.parentIndices ??= parentsOf(this.members));
  }

  private grandparentLists(): number[][] {
    return (this.grandparentIndices ??= grandparentsOf(this.members, this.parentLists()));
  }
}

const NO_ONE: readonly Member[] = Object.freeze([]) as readonly Member[];

/** The indices of the members of each relation to the applicant. */
function related(members: readonly Member[], relation: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < members.length; i++) if (members[i]!.relation === relation) found.push(i);
  return found;
}

/** The applicant and the `spouse` members: a `child`'s parents, a `grandchild`'s grandparents. */
function applicantAndSpouses(members: readonly Member[]): number[] {
  return [...related(members, 'applicant'), ...related(members, 'spouse')];
}

function indexOfId(members: readonly Member[], id: string): number {
  for (let i = 0; i < members.length; i++) if (members[i]!.id === id) return i;
  return -1;
}

/** Each member's spouses: stated (`spouseId`), else inferred from the relations, leaving out anyone whose spouse is stated. */
function spousesOf(members: readonly Member[]): number[][] {
  const n = members.length;
  const spouses: number[][] = new Array(n);
  for (let i = 0; i < n; i++) spouses[i] = [];
  const marry = (a: number, b: number) => {
    if (a === b) return;
    addOnce(spouses[a]!, b);
    addOnce(spouses[b]!, a);
  };
  let stated: boolean[] | undefined;
  for (let i = 0; i < n; i++) {
    const spouseId = members[i]!.spouseId;
    if (spouseId === undefined) continue;
    const spouse = indexOfId(members, spouseId);
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
  const spousesByRelation = related(members, 'spouse');
  for (const applicant of related(members, 'applicant')) for (const spouse of spousesByRelation) infer(applicant, spouse);
  for (const relation of ['parent', 'grandparent']) {
    const pair = related(members, relation);
    if (pair.length === 2) infer(pair[0]!, pair[1]!);
  }
  const children = related(members, 'child');
  const childrenInLaw = related(members, 'childInLaw');
  if (children.length === 1 && childrenInLaw.length === 1) infer(children[0]!, childrenInLaw[0]!);
  return spouses;
}

/**
 * Each member's parents: stated (`parentIds`), else by relation. Lists by relation hold each member once and are only
 * read: the members of one relation share them.
 */
function parentsOf(members: readonly Member[]): number[][] {
  const parentsByRelation = related(members, 'parent');
  const children = related(members, 'child');
  const parentsOfChildren = applicantAndSpouses(members);
  const parentsOfGrandchildren = children.length === 1 ? [...children, ...related(members, 'childInLaw')] : [];
  const parents: number[][] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.parentIds !== undefined) {
      const stated: number[] = [];
      for (const id of m.parentIds) {
        const parent = indexOfId(members, id);
        if (parent >= 0) addOnce(stated, parent);
      }
      parents[i] = stated;
    } else if (m.relation === 'child') parents[i] = parentsOfChildren;
    else if (m.relation === 'applicant' || m.relation === 'sibling') parents[i] = parentsByRelation;
    else if (m.relation === 'grandchild') parents[i] = parentsOfGrandchildren;
    else parents[i] = [];
    if (m.parents.length > 0) parents[i] = withLinkedParents(members, m, parents[i]!);
  }
  return parents;
}

/**
 * A member's parents with those that a `parents` entry names (`memberId`): a link the case worker stated, added to
 * the parents the relations give (a mother who is the applicant stays a parent beside a father linked by an entry).
 */
function withLinkedParents(members: readonly Member[], member: Member, found: number[]): number[] {
  let parents = found;
  for (const entry of member.parents) {
    if (entry.memberId === undefined) continue;
    const parent = indexOfId(members, entry.memberId);
    if (parent < 0 || parents.includes(parent)) continue;
    // The lists found from the relations are shared between members: extended on a copy.
    if (parents === found) parents = [...found];
    parents.push(parent);
  }
  return parents;
}

/** Each member's grandparents: the parents' parents, and by relation. */
function grandparentsOf(members: readonly Member[], parents: readonly number[][]): number[][] {
  const parentsByRelation = related(members, 'parent');
  const grandparentsByRelation = related(members, 'grandparent');
  const parentsOfChildren = applicantAndSpouses(members);
  const grandparents: number[][] = new Array(members.length);
  for (let self = 0; self < members.length; self++) {
    const relation = members[self]!.relation;
    const found: number[] = [];
    for (const parent of parents[self]!) for (const grandparent of parents[parent]!) addOnce(found, grandparent);
    const byRelation =
      relation === 'grandchild'
        ? parentsOfChildren
        : relation === 'child'
          ? parentsByRelation
          : relation === 'applicant' || relation === 'sibling'
            ? grandparentsByRelation
            : [];
    for (const g of byRelation) addOnce(found, g);
    const own = found.indexOf(self);
    if (own >= 0) found.splice(own, 1);
    grandparents[self] = found;
  }
  return grandparents;
}

const SIBLING_RELATIONS: ReadonlySet<string> = new Set(['applicant', 'sibling']);

/** A member's index in the household (the members asked about are the household's own). */
function index(members: readonly Member[], member: Member): number {
  const i = members.indexOf(member);
  return i >= 0 ? i : indexOfId(members, member.id);
}

function addOnce(list: number[], item: number): void {
  if (!list.includes(item)) list.push(item);
}
