// The dashboard: a plain async function over the generated bindings.
import { commands } from "../bindings";
import type { BoardPackSaved, BoardRequest_Deserialize, DashboardQuery_Deserialize, Dashboard_Serialize, Figure_Serialize, Xmr } from "../bindings";
import { unwrap } from "./ideas";

export type Dashboard = Dashboard_Serialize;
export type DashboardQuery = DashboardQuery_Deserialize;
export type Figure = Figure_Serialize;
export type { Xmr };

export const dashboardApi = {
  dashboard: (query: DashboardQuery): Promise<Dashboard> => unwrap(commands.dashboard(query)),
};

/** The hub's waiting target, as *Hub and people* shows and (for admins) sets it. */
export const targetsApi = {
  waitingTarget: (): Promise<number> => unwrap(commands.waitingTarget()),
  setWaitingTarget: (days: number): Promise<number> => unwrap(commands.setWaitingTarget(days)),
};

export type BoardRequest = BoardRequest_Deserialize;
export type { BoardPackSaved };

/** The board pack, made on this PC and saved into Downloads. */
export const boardPackApi = {
  make: (request: BoardRequest): Promise<BoardPackSaved> => unwrap(commands.boardPack(request)),
};
