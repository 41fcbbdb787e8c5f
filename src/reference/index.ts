/**
 * jiuzhu/reference: json-rules-engine running a policy's eligibility conditions, the reference the compiled
 * conditions are held to by a property test. Optional: install json-rules-engine (an optional peer) to use it.
 *
 * @example
 * import { referenceEligibility } from 'jiuzhu/reference';
 * await referenceEligibility(policy, household, { asOf: '2023-06-01' }) // { dibao: true, tekun: false, … }
 */
export { referenceEligibility, createReferenceEngine } from './reference.js';
