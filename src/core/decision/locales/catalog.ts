import type { Lang } from '../../text/template.js';
import { en } from './en.js';
import { zh } from './zh.js';
import type { DecisionCatalog } from './shape.js';

/** The fixed wording of decisions in each language. */
export const DECISION_CATALOGS: Record<Lang, DecisionCatalog> = { zh, en };
