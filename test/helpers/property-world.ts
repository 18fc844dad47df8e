/**
 * One set of fixtures that every route of the app can be called on, for the property and security
 * suites: a position owned by a manager with a published guide, candidates, a reference template and
 * references, an interview in the scoring step, one in the consensus step and one to cancel, an
 * editable framework with a competency and a bank question, a user and an outbox message for the
 * admin pages, and live invite, reset, reference and nomination links.
 *
 * `paramsFor(pattern)` gives the ids a route pattern needs, `roleFor(pattern)` who may use it.
 */
import type { Express } from 'express';
import { Types } from 'mongoose';
import supertest from 'supertest';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { QuestionItem } from '../../src/features/question-bank/question-item.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Token } from '../../src/features/users/token.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';
import { newToken } from '../../src/lib/passwords.js';
import { csrfToken, loginAs, makeUser } from './app.js';
import { seedFramework } from './competency-factories.js';
import { guideDoc } from './guide-factories.js';
import { addAndSend, addReference, reviewTemplate } from './reference-factories.js';
import { makeNomination, makeReference } from './reference-form-factories.js';
import { agentFor, rateAndSubmit, scheduleScoredInterview, type Seat } from './scoring-factories.js';
import { csrTemplate } from './position-factories.js';

/** Rate limits out of the way: the property runs post far more than a person would. */
export const NO_RATE_LIMITS = { login: 1_000_000, tokenLinks: 1_000_000, mailRequests: 1_000_000 };

/** `fresh`: a new session of its own for each call (signing out ends the session it is sent in). */
export type Role = 'anonymous' | 'admin' | 'owner' | 'panelist' | 'chair' | 'token' | 'fresh';

export interface Actor {
  agent: supertest.Agent;
  /** The session's CSRF token (empty for anonymous token-link posts, which need none). */
  csrf: string;
  user?: UserDoc;
}

export interface World {
  /** Every document the world made (and the tests make) has an ObjectId from here on. */
  since: Types.ObjectId;
  ids: {
    position: string;
    guide: string;
    section: string;
    question: string;
    candidate: string;
    templateItem: string;
    reference: string;
    sentReference: string;
    scoringInterview: string;
    consensusInterview: string;
    cancelInterview: string;
    interviewSection: string;
    framework: string;
    competency: string;
    questionItem: string;
    user: string;
    outbox: string;
    inviteToken: string;
    resetToken: string;
    referenceToken: string;
    nominationToken: string;
  };
  actors: Record<Exclude<Role, 'token' | 'fresh'>, Actor>;
  /** Signs in for the `fresh` role. */
  spare: UserDoc;
  /** The chair of the consensus interview and a member of the scoring one (for the security suite). */
  seats: { scoring: Seat[]; consensus: Seat[] };
  owner: { agent: supertest.Agent; user: UserDoc };
}

async function actor(agent: supertest.Agent, user?: UserDoc): Promise<Actor> {
  return { agent, user, csrf: await csrfToken(agent, user ? '/' : '/login') };
}

export async function buildWorld(app: Express): Promise<World> {
  await csrTemplate();
  // The seed library (loaded once per process) is nobody's fixture: snapshots start after it.
  const since = new Types.ObjectId();
  const admin = await loginAs(app, ['admin']);
  const owner = await loginAs(app, ['manager'], {});

  const scoring = await scheduleScoredInterview(app, { manager: owner, panelists: 2, competencies: 4 });
  const position = { positionId: scoring.positionId, guideId: scoring.guideId };
  const consensus = await scheduleScoredInterview(app, { manager: owner, position, panelists: 2 });
  await rateAndSubmit(consensus, consensus.panel);
  const cancel = await scheduleScoredInterview(app, { manager: owner, position, panelists: 2 });

  const guide = await guideDoc(scoring.guideId);
  const section = guide.sections[0];

  await reviewTemplate(owner.agent, scoring.positionId);
  const template = (await ReferenceTemplate.findOne({ position: scoring.positionId }).lean())!;
  const refSetup = {
    agent: owner.agent,
    user: owner.user,
    positionId: scoring.positionId,
    candidateId: scoring.candidateId,
    candidateName: '',
    candidateEmail: '',
  };
  const notSent = await addReference(owner.agent, scoring.positionId, scoring.candidateId);
  const sent = await addAndSend(refSetup);
  const outbox = await OutboxMessage.findOne({ to: sent.email }).lean();
  if (!outbox) throw new Error('the request mail is not in the outbox');

  const fw = await seedFramework({ origin: 'import' });
  await Framework.updateOne({ _id: fw.frameworkId }, { $set: { origin: 'user' } });
  const item = await QuestionItem.create({
    competency: fw.ids.behavioral,
    kind: 'behavioral',
    level: 1,
    text: 'Tell me about a time you listened to an upset customer.',
    provenance: { type: 'written', by: admin.user._id, byName: admin.user.name },
    status: 'draft',
  });

  const target = await makeUser({ roles: ['panelist'], name: 'Target User' });
  const invited = await makeUser({ status: 'invited', name: 'Invited User' });
  const resetUser = await makeUser({ roles: ['panelist'], name: 'Reset User' });
  const link = async (user: UserDoc, purpose: 'invite' | 'reset') => {
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + 3_600_000);
    await Token.create({ user: user._id, purpose, hash, expiresAt, purgeAt: expiresAt });
    return token;
  };

  const anonymous = supertest.agent(app);
  const interviewSection = scoring.sections[0].id;
  const cancelDoc = await Interview.findById(cancel.interviewId).lean();
  if (!cancelDoc) throw new Error('no interview to cancel');

  return {
    since,
    ids: {
      position: scoring.positionId,
      guide: scoring.guideId,
      section: String(section._id),
      question: String(section.questions[0]._id),
      candidate: scoring.candidateId,
      templateItem: template.opening[0].id,
      reference: notSent.referenceId,
      sentReference: sent.referenceId,
      scoringInterview: scoring.interviewId,
      consensusInterview: consensus.interviewId,
      cancelInterview: cancel.interviewId,
      interviewSection,
      framework: fw.frameworkId,
      competency: fw.ids.behavioral,
      questionItem: String(item._id),
      user: String(target._id),
      outbox: String(outbox._id),
      inviteToken: await link(invited, 'invite'),
      resetToken: await link(resetUser, 'reset'),
      referenceToken: (await makeReference()).token,
      nominationToken: (await makeNomination()).token,
    },
    actors: {
      anonymous: await actor(anonymous),
      admin: await actor(admin.agent, admin.user),
      owner: await actor(owner.agent, owner.user),
      panelist: await actor(scoring.panel[1].agent, scoring.panel[1].user),
      chair: await actor(consensus.panel[0].agent, consensus.panel[0].user),
    },
    spare: await makeUser({ roles: ['panelist'], name: 'Spare User' }),
    seats: { scoring: scoring.panel, consensus: consensus.panel },
    owner,
  };
}

/** Who may use a route: the role the property suite calls it as. */
export function roleFor(pattern: string): Role {
  if (/^\/(r|n)\/:token/.test(pattern)) return 'token';
  if (pattern === '/logout') return 'fresh';
  if (/^\/(login|setup|password|invite)(\/|$)/.test(pattern)) return 'anonymous';
  if (/^\/interviews\/:id\/(score|ratings|submit)/.test(pattern)) return 'panelist';
  if (/^\/(api\/)?interviews\/:id/.test(pattern)) return 'chair';
  if (/^\/(positions|guides|api\/positions|api\/guides|api\/candidates|calibration)(\/|$)/.test(pattern))
    return 'owner';
  return 'admin';
}

/** The ids a route pattern's parameters take, in the world. */
export function paramsFor(world: World, pattern: string): Record<string, string> {
  const w = world.ids;
  const first = pattern.split('/')[1] === 'api' ? pattern.split('/')[2] : pattern.split('/')[1];
  const byFirst: Record<string, string> = {
    positions: w.position,
    guides: w.guide,
    interviews: /\/(score|ratings|submit)(\/|$)/.test(pattern) ? w.scoringInterview : w.consensusInterview,
    competencies: pattern.startsWith('/competencies/frameworks/') ? w.framework : w.competency,
    frameworks: w.framework,
    admin: pattern.startsWith('/admin/outbox') ? w.outbox : w.user,
  };
  const tokenFor: Record<string, string> = {
    r: w.referenceToken,
    n: w.nominationToken,
    password: w.resetToken,
    invite: w.inviteToken,
  };
  // An unknown first segment leaves :id (or :token) unset, so fillPath fails instead of testing a 404.
  const id = byFirst[first] as string | undefined;
  const token = tokenFor[pattern.split('/')[1]] as string | undefined;
  return {
    ...(id === undefined ? {} : { id }),
    ...(token === undefined ? {} : { token }),
    positionId: w.position,
    candidateId: w.candidate,
    interviewId: w.cancelInterview,
    referenceId: w.reference,
    sectionId: w.interviewSection,
    sid: w.section,
    qid: w.question,
    version: '1',
    // No draft has this id: document-import drafts are their owner's alone (tested in framework-import.test.ts).
    draftId: w.framework,
    itemId: pattern.startsWith('/questions/') ? w.questionItem : w.templateItem,
  };
}

/** A logged-in agent for `user` with its CSRF token (to log out without spending the world's agents). */
export async function freshActor(app: Express, user: { email: string }): Promise<Actor> {
  const agent = await agentFor(app, user);
  return { agent, csrf: await csrfToken(agent, '/') };
}
