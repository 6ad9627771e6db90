import { commands } from "../bindings";
import type { HubSummary, JoinRequestView, MemberView, Role, SharingView_Serialize } from "../bindings";
import { unwrap } from "./ideas";

/** Where this PC shares its work, as the backend sends it. */
export type SharingView = SharingView_Serialize;
export type { HubSummary, JoinRequestView, MemberView, Role };

/** Whether the person may change `idea`: the backend's role rule (leads and admins change
 *  any idea, others their own) applied to what it reported, so no Edit button leads to a
 *  refusal. Nothing is editable until the view has loaded. */
export function mayEdit(view: SharingView | null, idea: { submitted_by: string }): boolean {
  return view !== null && (view.edits_any_idea || idea.submitted_by === view.actor);
}

/** Whether the person decides at gates (leads and admins; a PC on its own hub is its
 *  admin). The backend checks again. */
export function mayDecide(view: SharingView | null): boolean {
  return view !== null && view.edits_any_idea;
}

export const sharing = (): Promise<SharingView> => unwrap(commands.sharing());

export const joinSharedHub = (folder: string, person: string, site: string): Promise<HubSummary> =>
  unwrap(commands.joinSharedHub(folder, person, site));

export const listJoinRequests = (): Promise<JoinRequestView[]> => unwrap(commands.listJoinRequests());

export const approveJoinRequest = (actor: string, role: Role): Promise<null> =>
  unwrap(commands.approveJoinRequest(actor, role));

export const listMembers = (): Promise<MemberView[]> => unwrap(commands.listMembers());

export const revokeMember = (actor: string): Promise<null> => unwrap(commands.revokeMember(actor));
