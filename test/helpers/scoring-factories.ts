/**
 * Test data for panel scoring: an interview scheduled with N panelists on a guide with K
 * competencies, a logged-in agent per panelist, and the scoring requests (autosave JSON, the
 * no-JavaScript form, submit). Shared by the scoring, panel board and results tests.
 */
import type { Express } from 'express';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import type { FrozenGuide, FrozenSection } from '../../src/features/guides/frozen-guide.js';
import { getFrozenVersion } from '../../src/features/guides/guide-versions.service.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';
import { csrfToken, login, loginAs, makeUser, TEST_PASSWORD } from './app.js';
import { addCandidate } from './candidate-factories.js';
import { formEncode } from './competency-factories.js';
import { positionWithGuide, publish } from './guide-factories.js';
import { panelOf, schedule } from './interview-factories.js';

export interface Seat {
  user: UserDoc;
  agent: supertest.Agent;
  role: 'chair' | 'member';
}

export interface ScoredInterview {
  manager: { agent: supertest.Agent; user: UserDoc };
  positionId: string;
  guideId: string;
  candidateId: string;
  interviewId: string;
  /** The panel in order; the first one chairs. */
  panel: Seat[];
  guide: FrozenGuide;
  sections: FrozenSection[];
  /** The rating scale's values. */
  points: number[];
}

let seq = 0;

/**
 * Every panelist logs in, so a test file that schedules several interviews passes the default login
 * limit (30 per 15 minutes): `useTestApp({ rateLimits: SCORING_RATE_LIMITS })`.
 */
export const SCORING_RATE_LIMITS = { login: 100_000 };

/** A logged-in agent for an existing user (password TEST_PASSWORD). */
export async function agentFor(app: Express, user: { email: string }): Promise<supertest.Agent> {
  const agent = supertest.agent(app);
  const res = await login(agent, user.email, TEST_PASSWORD);
  if (res.status !== 303 && res.status !== 302) throw new Error(`login failed (${res.status})`);
  return agent;
}

/** Logged-in agents for each user, in order. */
export const panelAgents = (app: Express, users: { email: string }[]) =>
  Promise.all(users.map((u) => agentFor(app, u)));

/**
 * Schedules an interview of a new candidate on a new CSR position with `competencies` competencies
 * (1 to 9) and a published guide, with `panelists` new panelists (2 to 4; the first chairs), and
 * logs each of them in. Pass `manager` to reuse a manager (several interviews of one position need
 * `positionId` and `guideId` too).
 */
export async function scheduleScoredInterview(
  app: Express,
  options: {
    panelists?: number;
    competencies?: number;
    manager?: { agent: supertest.Agent; user: UserDoc };
    position?: { positionId: string; guideId: string };
    candidate?: string;
    panel?: UserDoc[];
  } = {},
): Promise<ScoredInterview> {
  const manager = options.manager ?? (await loginAs(app, ['manager']));
  let position = options.position;
  if (!position) {
    position = await positionWithGuide(manager.agent, options.competencies ?? 4);
    const res = await publish(manager.agent, position.guideId);
    if (res.status !== 303) throw new Error(`publish failed (${res.status})`);
  }
  const { positionId, guideId } = position;
  const name = options.candidate ?? `Candidate ${process.pid}-${seq++}`;
  await addCandidate(manager.agent, positionId, { name });
  const candidate = (await Candidate.findOne({ position: positionId, name }).lean())!;
  const users =
    options.panel ??
    (await Promise.all(
      Array.from({ length: options.panelists ?? 3 }, (_, i) =>
        makeUser({ roles: ['panelist'], name: `Panelist ${i + 1}` }),
      ),
    ));
  const res = await schedule(manager.agent, positionId, {
    candidate: String(candidate._id),
    panel: panelOf(users),
  });
  if (res.status !== 303) throw new Error(`schedule failed (${res.status}): ${res.text.slice(0, 500)}`);
  const interview = (await Interview.findOne({ candidate: candidate._id }).lean())!;
  const agents = await panelAgents(app, users);
  const guide = await getFrozenVersion(guideId, interview.guideVersion);
  return {
    manager,
    positionId,
    guideId,
    candidateId: String(candidate._id),
    interviewId: String(interview._id),
    panel: users.map((user, i) => ({ user, agent: agents[i], role: i === 0 ? 'chair' : 'member' })),
    guide,
    sections: guide.sections,
    points: guide.ratingScale.points.map((p) => p.value),
  };
}

export const scoreUrl = (interviewId: string) => `/interviews/${interviewId}/score`;
export const ratingUrl = (interviewId: string, sectionId: string) =>
  `/interviews/${interviewId}/ratings/${sectionId}`;
export const submitUrl = (interviewId: string) => `/interviews/${interviewId}/submit`;

// One CSRF token per agent (the session's token does not change).
const tokens = new WeakMap<supertest.Agent, Promise<string>>();
export function tokenOf(agent: supertest.Agent): Promise<string> {
  let t = tokens.get(agent);
  if (!t) {
    t = csrfToken(agent, '/');
    tokens.set(agent, t);
  }
  return t;
}

/** The autosave request: JSON body, CSRF in the header. */
export async function saveRating(
  agent: supertest.Agent,
  interviewId: string,
  sectionId: string,
  body: unknown,
) {
  return agent
    .post(ratingUrl(interviewId, sectionId))
    .set('Accept', 'application/json')
    .set('X-CSRF-Token', await tokenOf(agent))
    .send(body as object);
}

/** Submit as a script does (JSON). */
export async function submitJson(agent: supertest.Agent, interviewId: string) {
  return agent
    .post(submitUrl(interviewId))
    .set('Accept', 'application/json')
    .set('X-CSRF-Token', await tokenOf(agent))
    .send({});
}

/** The no-JavaScript form: `ratings[<sectionId>][value|note]` and `action`. */
export async function postScoreForm(
  agent: supertest.Agent,
  interviewId: string,
  ratings: Record<string, { value?: number | string; note?: string }>,
  action: 'save' | 'submit' | string = 'save',
) {
  return agent
    .post(scoreUrl(interviewId))
    .type('form')
    .send(formEncode({ _csrf: await tokenOf(agent), action, ratings }));
}

/** Rates every section (value, and a note unless `note` is ''), through autosave. */
export async function rateAll(
  agent: supertest.Agent,
  s: Pick<ScoredInterview, 'interviewId' | 'sections'>,
  value: number | ((section: FrozenSection, i: number) => number) = 3,
  note: string | ((section: FrozenSection, i: number) => string) = (sec) =>
    `Evidence for ${sec.competencyName}.`,
) {
  for (const [i, sec] of s.sections.entries()) {
    const v = typeof value === 'function' ? value(sec, i) : value;
    const n = typeof note === 'function' ? note(sec, i) : note;
    const res = await saveRating(agent, s.interviewId, sec.id, { value: v, note: n });
    if (res.status !== 200) throw new Error(`save failed (${res.status}): ${res.text}`);
  }
}

/** Rates every section and submits, for each seat given (in order); `value` may depend on the seat. */
export async function rateAndSubmit(
  s: Pick<ScoredInterview, 'interviewId' | 'sections'>,
  seats: Seat[],
  value: number | ((section: FrozenSection, sectionIndex: number, seatIndex: number) => number) = 3,
) {
  for (const [k, seat] of seats.entries()) {
    await rateAll(seat.agent, s, typeof value === 'function' ? (sec, i) => value(sec, i, k) : value);
    const res = await submitJson(seat.agent, s.interviewId);
    if (res.status !== 200) throw new Error(`submit failed (${res.status}): ${res.text}`);
  }
}
