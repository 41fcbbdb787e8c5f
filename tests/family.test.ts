import { describe, expect, it } from 'vitest';
import { familyLinks } from '../src/core/household/family.js';
import type { Household, Member } from '../src/core/household/schema.js';

// Only the fields the links read; the rest of a member does not matter to them.
const member = (id: string, relation: string, extra: Partial<Member> = {}) => ({ id, relation, parents: [], ...extra }) as unknown as Member;
const household = (...members: Member[]) => ({ members }) as unknown as Household;
const ids = (members: readonly Member[]) => members.map((m) => m.id);

describe('family links (who owes whom support, 民法典 arts. 1059, 1067, 1074, 1075)', () => {
  // An applicant, the spouse, their son and the applicant's two parents: the links the relations leave no doubt about.
  const applicant = member('a', 'applicant');
  const spouse = member('s', 'spouse');
  const son = member('c', 'child');
  const father = member('f', 'parent');
  const mother = member('m', 'parent');
  const family = household(applicant, spouse, son, father, mother);

  it('reads spouses, parents, children and grandparents from the relations to the applicant', () => {
    const links = familyLinks(family);
    expect(ids(links.spouses(applicant))).toEqual(['s']);
    // The two `parent` members are each other's spouse.
    expect(ids(links.spouses(father))).toEqual(['m']);
    expect(ids(links.parents(son))).toEqual(['a', 's']);
    expect(ids(links.parents(applicant))).toEqual(['f', 'm']);
    expect(ids(links.children(applicant))).toEqual(['c']);
    expect(ids(links.children(father))).toEqual(['a']);
    expect(ids(links.grandparents(son))).toEqual(['f', 'm']);
    expect(ids(links.grandchildren(mother))).toEqual(['c']);
    // The spouse's parents are not recorded, so the spouse has no siblings or parents here.
    expect(ids(links.parents(spouse))).toEqual([]);
  });

  it('takes stated links over inferred ones', () => {
    const husband = member('h', 'applicant', { spouseId: 'w2' });
    const partner = member('w1', 'spouse');
    const wife = member('w2', 'other');
    const child = member('k', 'child', { parentIds: ['w2', 'h', 'w2'] });
    const links = familyLinks(household(husband, partner, wife, child));
    expect(ids(links.spouses(husband))).toEqual(['w2']);
    // Inferred pairs leave out anyone whose spouse the case worker named.
    expect(ids(links.spouses(partner))).toEqual([]);
    // Each parent once, in the order stated.
    expect(ids(links.parents(child))).toEqual(['w2', 'h']);
  });

  it('answers for each household, asked about in turn, with its own links', () => {
    const other = household(member('x', 'applicant'), member('y', 'child'));
    expect(ids(familyLinks(family).children(applicant))).toEqual(['c']);
    expect(ids(familyLinks(other).children(other.members[0]!))).toEqual(['y']);
    expect(ids(familyLinks(family).children(applicant))).toEqual(['c']);
    expect(ids(familyLinks(family).children(other.members[0]!))).toEqual([]);
  });

  it('works the links out again when the household is given other members', () => {
    const home = household(member('p', 'applicant'), member('q', 'child'));
    expect(ids(familyLinks(home).children(home.members[0]!))).toEqual(['q']);
    (home as { members: Member[] }).members = [home.members[0]!, member('r', 'child'), member('t', 'child')];
    expect(ids(familyLinks(home).children(home.members[0]!))).toEqual(['r', 't']);
  });
});

describe('a parents entry naming a member (memberId) is a stated link', () => {
  it('makes the member a parent where the relations do not say whose child a grandchild is', () => {
    // Two sons: the relations cannot say which is the grandchild's father; the entry names u2.
    const grandmother = member('g', 'applicant');
    const u1 = member('u1', 'child');
    const u2 = member('u2', 'child');
    const grandchild = member('c', 'grandchild', { parents: [{ relation: 'father', situation: 'present', memberId: 'u2' }] });
    const links = familyLinks(household(grandmother, u1, u2, grandchild));
    expect(ids(links.parents(grandchild))).toEqual(['u2']);
    expect(ids(links.children(u2))).toEqual(['c']);
  });

  it('adds the linked parent to the parents the relations give, not in their place', () => {
    // The applicant is the child's mother; the father, recorded with another relation, is named by the entry.
    const mother = member('m1', 'applicant');
    const father = member('p1', 'other', { diedOn: '2022-10-01' });
    const child = member('c1', 'child', { parents: [{ relation: 'father', situation: 'deceased', memberId: 'p1' }] });
    expect(ids(familyLinks(household(mother, father, child)).parents(child))).toEqual(['m1', 'p1']);
  });

  it('changes nothing where the relations already make the member a parent', () => {
    const applicant = member('a', 'applicant');
    const spouse = member('s', 'spouse');
    const son = member('c', 'child', { parents: [{ relation: 'father', situation: 'prisonOrDetention', since: '2020-01-01', memberId: 's' }] });
    expect(ids(familyLinks(household(applicant, spouse, son)).parents(son))).toEqual(['a', 's']);
  });
});
