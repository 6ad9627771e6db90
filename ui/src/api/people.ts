import { commands } from "../bindings";
import type { PersonView } from "../bindings";
import { unwrap } from "./ideas";

export type { PersonView };

export const listPeople = (): Promise<PersonView[]> => unwrap(commands.listPeople());

/** Adds someone to this PC and makes them the person using Sprout. */
export const addPerson = (name: string, passphrase: string | null): Promise<PersonView> =>
  unwrap(commands.addPerson(name, passphrase));

/** Makes `actor` the person using Sprout; people who review, lead or administer on a
 *  shared PC give their passphrase (or choose one, the first time). */
export const switchPerson = (actor: string, passphrase: string | null): Promise<PersonView> =>
  unwrap(commands.switchPerson(actor, passphrase));
