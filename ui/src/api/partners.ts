// Partners and partnerships: plain async functions over the generated bindings.
import { commands } from "../bindings";
import type {
  AgreementInput_Deserialize,
  ContactInput_Deserialize,
  DueItem,
  ObligationInput_Deserialize,
  PartnerView,
  PartnershipList,
  PartnershipPatch_Deserialize,
  PartnershipRow,
  PartnershipStage,
  PartnershipView_Serialize,
  RegisterColumn,
  RegisterImport,
} from "../bindings";
import { unwrap } from "./ideas";

export type { DueItem, PartnerView, PartnershipList, PartnershipRow, PartnershipStage, RegisterColumn, RegisterImport };
export type PartnershipView = PartnershipView_Serialize;
export type AgreementInput = AgreementInput_Deserialize;
export type ObligationInput = ObligationInput_Deserialize;
export type ContactInput = ContactInput_Deserialize;
export type PartnershipPatch = PartnershipPatch_Deserialize;

/** Everything the partnership places call: one object, so a test passes its own. */
export const partnersApi = {
  partners: (): Promise<PartnerView[]> => unwrap(commands.listPartners()),
  partnerships: (stage: PartnershipStage | null, page: number): Promise<PartnershipList> =>
    unwrap(commands.listPartnerships(stage, page)),
  partnership: (id: string): Promise<PartnershipView> => unwrap(commands.partnership(id)),
  due: (): Promise<DueItem[]> => unwrap(commands.partnershipsDue()),
  serving: (idea: string): Promise<PartnershipRow[]> => unwrap(commands.ideaPartnerships(idea)),
  addPartner: (name: string, kind: string): Promise<string> => unwrap(commands.addPartner(name, kind)),
  addContact: (partner: string, contact: ContactInput): Promise<string> => unwrap(commands.addContact(partner, contact)),
  addPartnership: (partner: string, title: string, kind: string): Promise<string> =>
    unwrap(commands.addPartnership(partner, title, kind)),
  setPrinciple: (id: string, n: number, evidence: string): Promise<PartnershipView> =>
    unwrap(commands.setPrinciple(id, n, evidence)),
  setPartnership: (id: string, patch: PartnershipPatch): Promise<PartnershipView> =>
    unwrap(commands.setPartnership(id, patch)),
  move: (id: string, to: PartnershipStage, rationale: string): Promise<PartnershipView> =>
    unwrap(commands.movePartnership(id, to, rationale)),
  declare: (id: string, interest: string, kind: string): Promise<PartnershipView> =>
    unwrap(commands.declareInterest(id, interest, kind)),
  addAgreement: (partnership: string, agreement: AgreementInput): Promise<string> =>
    unwrap(commands.addAgreement(partnership, agreement)),
  addObligation: (agreement: string, term: boolean, input: ObligationInput): Promise<string> =>
    unwrap(commands.addObligation(agreement, term, input)),
  attachDocument: (agreement: string, name: string, base64: string, confidential: boolean, noPatientData: boolean): Promise<string> =>
    unwrap(commands.attachAgreementDocument(agreement, name, base64, confidential, noPatientData)),
  saveDocument: (document: string): Promise<string> => unwrap(commands.saveAgreementDocument(document)),
  registerColumns: (): Promise<RegisterColumn[]> => unwrap(commands.registerColumns()),
  importRegister: (name: string, base64: string, mapping: Record<string, string>, dryRun: boolean): Promise<RegisterImport> =>
    unwrap(commands.importAgreements(name, base64, mapping, dryRun)),
};
