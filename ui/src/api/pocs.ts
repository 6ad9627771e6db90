// Proof-of-concept tracking and spread: plain async functions over the generated bindings.
import { commands } from "../bindings";
import type {
  BudgetPlan_Deserialize,
  Metric_Serialize,
  MetricPlan_Deserialize,
  Milestone_Serialize,
  PocPage_Serialize,
  PocPlan_Deserialize,
  PocQuery_Deserialize,
  PocSummary_Serialize,
  Poc_Serialize,
  RiskPlan_Deserialize,
  SitePlan_Deserialize,
  Spread_Serialize,
} from "../bindings";
import { unwrap } from "./ideas";

export type Poc = Poc_Serialize;
export type PocSummary = PocSummary_Serialize;
export type PocPage = PocPage_Serialize;
export type PocQuery = PocQuery_Deserialize;
export type Metric = Metric_Serialize;
export type Milestone = Milestone_Serialize;
export type Spread = Spread_Serialize;
export type PocPlan = PocPlan_Deserialize;
export type MetricPlan = MetricPlan_Deserialize;
export type BudgetPlan = BudgetPlan_Deserialize;
export type RiskPlan = RiskPlan_Deserialize;
export type SitePlan = SitePlan_Deserialize;

/** One page of the POCs place, at one POC stage or at all of them. */
export const pocPage = (query: PocQuery): Promise<PocPage> => unwrap(commands.pocPage(query));

/** Everything the POC section of an idea's page calls: one object, so a test passes its own. */
export const pocApi = {
  ideaPoc: (id: string): Promise<Poc> => unwrap(commands.ideaPoc(id)),
  planPoc: (id: string, plan: PocPlan): Promise<Poc> => unwrap(commands.planPoc(id, plan)),
  addHypothesis: (id: string, statement: string, measure: string): Promise<Poc> =>
    unwrap(commands.addHypothesis(id, statement, measure)),
  setMetric: (id: string, metric: MetricPlan): Promise<Poc> => unwrap(commands.setMetric(id, metric)),
  recordActual: (id: string, metric: string, value: string, date: string): Promise<Poc> =>
    unwrap(commands.recordActual(id, metric, value, date)),
  addMilestone: (id: string, title: string, due: string, owner: string | null): Promise<string> =>
    unwrap(commands.addMilestone(id, title, due, owner)),
  completeMilestone: (id: string, milestone: string, date: string | null): Promise<Poc> =>
    unwrap(commands.completeMilestone(id, milestone, date)),
  setPocStatus: (id: string, status: string, note: string): Promise<Poc> =>
    unwrap(commands.setPocStatus(id, status, note)),
  addBudgetLine: (id: string, line: BudgetPlan): Promise<Poc> => unwrap(commands.addBudgetLine(id, line)),
  addRisk: (id: string, risk: RiskPlan): Promise<string> => unwrap(commands.addRisk(id, risk)),
  setPocSite: (id: string, site: SitePlan): Promise<Poc> => unwrap(commands.setPocSite(id, site)),
  ideaSpread: (id: string): Promise<Spread> => unwrap(commands.ideaSpread(id)),
  setSpread: (id: string, site: SitePlan): Promise<Spread> => unwrap(commands.setSpread(id, site)),
  attachFileToPoc: (id: string, name: string, base64: string, noPatientData: boolean): Promise<Poc> =>
    unwrap(commands.attachFileToPoc(id, name, base64, noPatientData)),
  savePocFile: (id: string, sha256: string): Promise<string> => unwrap(commands.savePocFile(id, sha256)),
  setRiskStatus: (id: string, risk: string, status: string): Promise<Poc> =>
    unwrap(commands.setRiskStatus(id, risk, status)),
};
export type PocApi = typeof pocApi;

