/**
 * Who may use each route, by its pattern, for the security suite. Every route of the router stack
 * must fall in one class (the suite fails on a route none matches), so a new route gets a decision.
 *
 * - public: no account (health, sign-in, setup, password and invitation links; the token links
 *   /r/:token and /n/:token are authorized by their token and tested apart);
 * - signed-in: any signed-in user (home, sign-out, the competency library and generators);
 * - editor: admins and managers, shared between them by design (the competency library and the
 *   question bank are one organization's, README "Competency library"; positions list and create;
 *   calibration, which shows only the positions the user manages);
 * - admin: administrators (users, outbox);
 * - owned: one position's (its owner, the managers it is shared with, admins) or one interview's
 *   (its panel, and the position's managers): everything under /positions/:id, /guides/:id,
 *   /interviews/:id and their JSON twins.
 */
export type Access = 'public' | 'token' | 'signed-in' | 'editor' | 'admin' | 'owned';

const RULES: [RegExp, Access][] = [
  [/^\/healthz$/, 'public'],
  [/^\/(r|n)\/:token/, 'token'],
  [/^\/(login|setup|password\/forgot|password\/reset\/:token|invite\/:token)$/, 'public'],
  [/^\/(logout|my-interviews|demo|demo\/switch)?$/, 'signed-in'],
  [/^\/(logout|my-interviews)?$/, 'signed-in'],
  [/^\/account(\/time-zone)?$/, 'signed-in'],
  [/^\/admin\//, 'admin'],
  [/^\/(positions|guides|interviews)\/:\w+/, 'owned'],
  [/^\/api\/(positions|guides|interviews|candidates)\/:\w+/, 'owned'],
  [/^\/positions(\/new)?$/, 'editor'],
  [/^\/calibration$/, 'editor'],
  [/^\/competencies\/import$/, 'editor'],
  [/^\/api\/frameworks\/import$/, 'editor'],
  [/^\/framework-import(\/|$)/, 'editor'],
  [/^\/api\/frameworks\/parse$/, 'editor'],
  [/^\/(competencies|questions)(\/|$)/, 'signed-in'],
  [/^\/api\/(frameworks|competencies|generate)(\/|$)/, 'signed-in'],
];

/** Writes to the library and the bank are for editors even where reading is for everyone. */
const EDITOR_WRITES = /^\/(competencies|questions)(\/|$)/;
const EDITOR_PAGES =
  /^\/competencies\/(frameworks\/new|frameworks\/:id\/edit|frameworks\/:id\/clone|frameworks\/:id\/competencies\/new|:id\/edit|:id\/clone)$|^\/questions\/:itemId\/edit$/;

export function accessOf(method: string, pattern: string): Access | undefined {
  const rule = RULES.find(([re]) => re.test(pattern));
  if (!rule) return undefined;
  if (
    rule[1] === 'signed-in' &&
    (EDITOR_PAGES.test(pattern) || (method !== 'GET' && EDITOR_WRITES.test(pattern)))
  )
    return 'editor';
  return rule[1];
}
