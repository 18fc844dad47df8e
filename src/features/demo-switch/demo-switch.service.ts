/**
 * Demo mode's persona switch: whoever is signed in as one of the demo's accounts may become another
 * of them without retyping the (published) demo password. Only the accounts the demo created, by
 * their address, are reachable this way, and only from one of them: a real account made inside a
 * demo instance can be neither left nor entered by a switch.
 */
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { DEMO_USERS, type DemoUser, type DemoUserKey } from '../../demo/demo-people.js';
import { ROLE_LABELS, User, type UserDoc } from '../users/user.model.js';

const BY_EMAIL = new Map(DEMO_USERS.map((u) => [u.email.toLowerCase(), u]));

/** The demo persona a signed-in user is, or undefined for any other account. */
export const demoPersonaOf = (user: { email: string } | undefined | null): DemoUser | undefined =>
  user ? BY_EMAIL.get(user.email.toLowerCase()) : undefined;

export interface PersonaChoice {
  key: DemoUserKey;
  name: string;
  roles: string;
}

/** The personas a demo user may switch to (every other demo account), for the header's form. */
export function otherPersonas(user: { email: string } | undefined | null): PersonaChoice[] {
  const me = demoPersonaOf(user);
  if (!me) return [];
  return DEMO_USERS.filter((u) => u.key !== me.key).map((u) => ({
    key: u.key,
    name: u.name,
    roles: u.roles.map((r) => ROLE_LABELS[r]).join(', '),
  }));
}

/** The account to switch to; refuses a switch from outside the demo's accounts or to an inactive one. */
export async function switchTarget(current: { email: string }, key: DemoUserKey): Promise<UserDoc> {
  if (!demoPersonaOf(current))
    throw new ForbiddenError('Only the demo’s accounts can switch persona: sign out and sign in instead.');
  const persona = DEMO_USERS.find((u) => u.key === key)!;
  const user = await User.findOne({ email: persona.email.toLowerCase(), status: 'active' });
  if (!user) throw new NotFoundError(`${persona.name}’s demo account is not active in this database.`);
  return user;
}

/** The demo user key of a tour stop's "sign in as" name, when it is one. */
export const personaKeyByName = (name: string): DemoUserKey | undefined =>
  DEMO_USERS.find((u) => u.name === name)?.key;
