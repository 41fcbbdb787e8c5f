import type { DecisionCatalog } from './catalog.js';

/** English: the fixed wording of decisions and explanations. */
export const en: DecisionCatalog = {
  heading: 'Household {household} (region {region}, {area}), evaluated on {asOf}',
  policyLine: 'Policy: {policy} version {version} (sha256 {sha}…)',
  area: { urban: 'urban', rural: 'rural' },
  status: { eligible: 'eligible', ineligible: 'not eligible', undetermined: 'cannot be determined' },
  programLine: '[{name}] {status}',
  amountLine: ', {amount} yuan per {period}',
  period: { month: 'month', year: 'year', once: 'payment' },
  colon: ': ',
  dash: ' — ',
  passMark: '✓',
  failMark: '✗',
  amountHeading: 'Amount:',
  membersHeading: 'Per member:',
  memberShare: '{member}: {amount} yuan',
  supplementLine: ' (including {label} {amount} yuan)',
  circleHeading: 'Circle of assistance: ',
  circle: { absolute: 'absolute hardship', relative: 'relative hardship', other: 'other hardship', none: 'none of the three circles' },
  parametersHeading: 'Parameters used:',
  parameterLine: '{name} = {value} ({region}, from {from}; {source})',
  illustrativeSource: 'illustrative, not official: {note}',
  gradeLabel: 'grade {grade}',
  warningsHeading: 'Notes:',
  cite: 'Source: {citation}',
  member: 'member {member}',
  reasons: {
    'jiuzhu.excludedBy': { pass: 'Not excluded by another program.', fail: 'Already granted "{program}", so this program is not granted.' },
    'jiuzhu.undetermined': { pass: '', fail: 'Cannot be determined: {detail}' },
    'jiuzhu.notCandidate': { pass: '', fail: 'No member qualifies.' },
  },
  warnings: {
    ILLUSTRATIVE_PARAMETERS: 'This decision uses illustrative values (not official); check the local notice: {names}',
    REGION_FALLBACK: 'parameter {name} has no local value for {region}; the value of a higher level ({from}) was used',
    PROGRAM_UNDETERMINED: 'program "{program}" cannot be determined: {detail}',
  },
  undetermined: {
    parameter: 'parameter {name} has no value in force for this region and date',
    noCountedMembers: 'the household has no counted member, so no per-capita figure exists',
    missingFact: 'information needed for the amount is missing: {name}',
  },
};
