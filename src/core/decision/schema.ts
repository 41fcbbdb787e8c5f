import { z } from 'zod';
import { Bilingual, Citation, Note, Source } from '../policy/schema.js';

/**
 * The decision format as a zod schema: the source of `schemas/decision.schema.json` and of the Decision types. Strict, as
 * the published schema says (`additionalProperties: false`): a field the format lacks is refused, not passed over.
 */

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ReasonSchema = z.strictObject({
  rule: z.string(),
  code: z.string().optional(),
  passed: z.boolean(),
  memberId: z.string().optional(),
  eventId: z.string().optional(),
  fact: z.string().optional(),
  factValue: Scalar.optional(),
  operator: z.string().optional(),
  threshold: z.union([Scalar, z.array(Scalar)]).optional(),
  thresholdRef: z.string().optional(),
  citation: z.string().optional(),
  note: z.boolean().optional().meta({ description: 'Explains (a classification or note) without deciding eligibility.' }),
  params: z.record(z.string(), z.string()).optional(),
});

export const AmountStepSchema = z.strictObject({
  id: z.string(),
  label: Bilingual,
  formula: z.string(),
  computation: z.string(),
  value: z.string().meta({ description: 'The exact result (every digit); explanations shorten it for reading.' }),
  citation: z.string().optional(),
});

const ClassificationsSchema = z
  .record(z.string(), z.strictObject({ value: z.string(), label: Bilingual, citation: z.string().optional() }))
  .meta({ description: 'Labels of what was granted, by classification id (e.g. approval → township).' });

const SubjectStatus = z.enum(['eligible', 'ineligible', 'undetermined']);

const QUALIFIES = z.literal(true).optional().meta({ description: 'On an undetermined subject or program: its eligibility tests hold, and only what follows (the amount, a note, a classification, the validity) could not be worked out. Programs that turn on it read it as granted (a 特困 person is one whatever the care amount), its amount as unknown.' });

export const MemberOutcomeSchema = z.strictObject({
  memberId: z.string(),
  status: SubjectStatus,
  eligible: z.boolean(),
  qualifies: QUALIFIES,
  amount: z.string(),
  share: z.string().optional(),
  supplements: z.array(z.strictObject({ id: z.string(), label: Bilingual, amount: z.string(), citation: z.string().optional() })),
  steps: z.array(AmountStepSchema).optional(),
  classifications: ClassificationsSchema.optional(),
});

export const EventOutcomeSchema = z.strictObject({
  eventId: z.string(),
  region: z.string(),
  status: SubjectStatus,
  eligible: z.boolean(),
  qualifies: QUALIFIES,
  amount: z.string(),
  steps: z.array(AmountStepSchema),
  classifications: ClassificationsSchema.optional(),
});

export const ProgramDecisionSchema = z.strictObject({
  program: z.string(),
  name: Bilingual,
  level: z.enum(['household', 'person', 'event']),
  status: z.enum(['eligible', 'ineligible', 'undetermined']),
  eligible: z.boolean(),
  qualifies: QUALIFIES,
  amount: z.string(),
  period: z.enum(['month', 'year', 'once']),
  rounding: z.strictObject({ places: z.number(), mode: z.string() }).optional(),
  validUntil: z.string().optional().meta({ description: 'The last day a recognition made on asOf lasts.' }),
  steps: z.array(AmountStepSchema),
  classifications: ClassificationsSchema.optional(),
  members: z.array(MemberOutcomeSchema),
  events: z.array(EventOutcomeSchema).optional(),
  reasons: z.array(ReasonSchema),
  citation: z.string(),
});

export const ParameterUseSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  from: z.string(),
  region: z.string(),
  level: z.string(),
  area: z.string(),
  layer: z.string(),
  illustrative: z.boolean(),
  source: Source.optional(),
  grade: z.string().optional(),
  note: Note.optional(),
  formula: z.string().optional(),
  computation: z.string().optional(),
  dependsOn: z.array(z.string()).optional(),
});

const MessagePair = z.strictObject({ pass: Bilingual, fail: Bilingual, unknown: Bilingual.optional() });

export const DecisionSchema = z
  .object({
    format: z.string(),
    id: z.string(),
    householdId: z.string(),
    asOf: z.string(),
    engine: z.strictObject({ name: z.literal('jiuzhu'), version: z.string() }),
    policy: z.strictObject({ id: z.string(), version: z.string(), sha256: z.string() }),
    inputSha256: z.string(),
    region: z.strictObject({ code: z.string(), area: z.string() }),
    programs: z.array(ProgramDecisionSchema),
    circle: z.strictObject({
      circle: z.enum(['absolute', 'relative', 'other', 'none']),
      programs: z.array(z.string()),
      citation: z.string().optional(),
      message: Bilingual.optional(),
    }),
    parameters: z.array(ParameterUseSchema),
    citations: z.record(z.string(), Citation),
    messages: z.record(z.string(), MessagePair),
    members: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string().optional(),
        counted: z.boolean(),
        diedOn: z.string().optional().meta({ description: 'A member who has died: no longer in the household.' }),
      }),
    ),
    warnings: z.array(z.strictObject({ code: z.string(), params: z.record(z.string(), z.string()), message: Bilingual })),
  })
  .meta({ title: 'jiuzhu decision', description: 'A decision on every program of a policy for one household on one date.' });
