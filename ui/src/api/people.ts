import { commands } from "../bindings";
import type { PersonView } from "../bindings";
import { unwrap } from "./ideas";

export type { PersonView };

export const listPeople = (): Promise<PersonView[]> => unwrap(commands.listPeople());

/** The first run: says who is using Sprout on this PC. A passphrase seals their key from
 *  the start, so they may lead or administer here. */
export const startUsingSprout = (name: string, site: string, passphrase: string | null): Promise<PersonView> =>
  unwrap(commands.startUsingSprout(name, site, passphrase));

/** Adds someone to this PC and makes them the person using Sprout. */
export const addPerson = (name: string, passphrase: string | null): Promise<PersonView> =>
  unwrap(commands.addPerson(name, passphrase));

/** Makes `actor` the person using Sprout; someone whose key is sealed gives their passphrase. */
export const switchPerson = (actor: string, passphrase: string | null): Promise<PersonView> =>
  unwrap(commands.switchPerson(actor, passphrase));
