import { commands } from "../bindings";
import type { HubSummary, JoinRequestView, MemberView, Role, SharingView_Serialize } from "../bindings";
import { unwrap } from "./ideas";

/** Where this PC shares its work, as the backend sends it. */
export type SharingView = SharingView_Serialize;
export type { HubSummary, JoinRequestView, MemberView, Role };

export const sharing = (): Promise<SharingView> => unwrap(commands.sharing());

export const joinSharedHub = (folder: string, person: string, site: string): Promise<HubSummary> =>
  unwrap(commands.joinSharedHub(folder, person, site));

export const listJoinRequests = (): Promise<JoinRequestView[]> => unwrap(commands.listJoinRequests());

export const approveJoinRequest = (actor: string, role: Role): Promise<null> =>
  unwrap(commands.approveJoinRequest(actor, role));

export const listMembers = (): Promise<MemberView[]> => unwrap(commands.listMembers());

export const revokeMember = (actor: string): Promise<null> => unwrap(commands.revokeMember(actor));
