// Benefits realisation: plain async functions over the generated bindings.
import { commands } from "../bindings";
import type {
  BenefitEntryKind,
  BenefitInput_Deserialize,
  BenefitList,
  BenefitQuery_Deserialize,
  BenefitState,
  BenefitSummary_Serialize,
  BenefitView_Serialize,
  BenefitsExported,
  ExportFormat,
  ReviewDue,
} from "../bindings";
import { unwrap } from "./ideas";

export type { BenefitEntryKind, BenefitList, BenefitState, ReviewDue };
export type BenefitInput = BenefitInput_Deserialize;
export type BenefitQuery = BenefitQuery_Deserialize;
export type BenefitSummary = BenefitSummary_Serialize;
export type BenefitView = BenefitView_Serialize;

/** Everything the benefits section and place call: one object, so a test passes its own. */
export const benefitsApi = {
  ofIdea: (idea: string): Promise<BenefitView[]> => unwrap(commands.ideaBenefits(idea)),
  benefit: (id: string): Promise<BenefitView> => unwrap(commands.benefit(id)),
  add: (idea: string, input: BenefitInput): Promise<string> => unwrap(commands.addBenefit(idea, input)),
  promote: (idea: string, metric: string, input: BenefitInput): Promise<string> =>
    unwrap(commands.promoteMetric(idea, metric, input)),
  edit: (id: string, input: BenefitInput): Promise<BenefitView> => unwrap(commands.editBenefit(id, input)),
  move: (id: string, to: BenefitState, rationale: string, finance: string | null): Promise<BenefitView> =>
    unwrap(commands.moveBenefit(id, to, rationale, finance)),
  record: (id: string, kind: BenefitEntryKind, quarter: string, value: string, site: string | null): Promise<BenefitView> =>
    unwrap(commands.recordBenefitValue(id, kind, quarter, value, site)),
  review: (id: string, months: string, site: string, date: string, note: string, held: boolean): Promise<BenefitView> =>
    unwrap(commands.recordBenefitReview(id, months, site, date, note, held)),
  list: (query: BenefitQuery): Promise<BenefitList> => unwrap(commands.listBenefits(query)),
  summary: (year: string | null, site: string | null): Promise<BenefitSummary> => unwrap(commands.benefitsSummary(year, site)),
  reviewsDue: (mine: boolean): Promise<ReviewDue[]> => unwrap(commands.benefitReviewsDue(mine)),
  export: (format: ExportFormat): Promise<BenefitsExported> => unwrap(commands.exportBenefits(format)),
};
