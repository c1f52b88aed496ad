/** Who may do what (DESIGN.md §5). */
export type PersonRole = "focal" | "coordinator" | "admin";
export type PersonState = "active" | "unreachable" | "left";

export interface Person {
  id: number;
  telegramUserId: number;
  chatId: number;
  displayName: string;
  agencyId: number | null;
  agencyCode: string | null;
  agencyName: string | null;
  role: PersonRole;
  state: PersonState;
}

/** Someone the bot talks to: a registered person, or an admin named in the configuration. */
export interface Actor {
  telegramUserId: number;
  person: Person | null;
  isConfigAdmin: boolean;
}

export function isAdmin(actor: Actor): boolean {
  return actor.isConfigAdmin || (actor.person?.state === "active" && actor.person.role === "admin");
}

export function isCoordinator(actor: Actor): boolean {
  return isAdmin(actor) || (actor.person?.state === "active" && actor.person.role === "coordinator");
}

/** The agency whose assignments this actor may update, if any. */
export function updatableAgencyId(actor: Actor): number | null {
  const person = actor.person;
  return person && person.state === "active" && person.role === "focal" ? person.agencyId : null;
}

/** The role an actor acts in: an administrator named in the configuration is an admin. */
export function actingRole(actor: Actor): PersonRole {
  if (isAdmin(actor)) return "admin";
  return isCoordinator(actor) ? "coordinator" : "focal";
}

export function isRegistered(actor: Actor): boolean {
  return actor.isConfigAdmin || (actor.person !== null && actor.person.state !== "left");
}
