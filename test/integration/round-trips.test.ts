/**
 * Round trips per page (issue 18): the database commands one request sends, counted with the
 * driver's command monitoring. Every page stays within PAGE_BUDGET: a page that looks the same scale
 * or framework up again and again fails here long before it shows in a benchmark.
 */
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { RatingScale } from '../../src/features/competencies/rating-scale.model.js';
import { loginAs, makeUser, useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';
import { makeNomination, makeReference } from '../helpers/reference-form-factories.js';
import {
  SCORING_RATE_LIMITS,
  rateAndSubmit,
  ratingUrl,
  scheduleScoredInterview,
  scoreUrl,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

const PAGE_BUDGET = 8;

describe('round trips per page', function () {
  this.timeout(60_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;

  type Who = 'manager' | 'chair' | 'admin' | 'anonymous';
  const agents = {} as Record<Who, supertest.Agent>;
  /** Ids the pages name besides the interview's: its competency, framework, a user, token links. */
  const ids = { competency: '', framework: '', user: '', referenceUrl: '', nominationUrl: '' };

  before(async () => {
    // More than a first batch (101) of panelists and of rating scales, which some pages list whole:
    // their count must not grow with the data.
    await Promise.all(Array.from({ length: 110 }, () => makeUser({ roles: ['panelist'] })));
    await RatingScale.insertMany(
      Array.from({ length: 110 }, (_, i) => ({
        key: `round-trips-${process.pid}-${i}`,
        name: `Round trips scale ${i}`,
        kind: 'rating',
        points: [1, 2, 3].map((value) => ({ value, label: `Level ${value}` })),
      })),
    );
    s = await scheduleScoredInterview(t.app, { competencies: 5, panelists: 3 });
    await rateAndSubmit(s, s.panel.slice(1));
    const admin = await loginAs(t.app, ['admin']);
    Object.assign(agents, {
      manager: s.manager.agent,
      chair: s.panel[0].agent,
      admin: admin.agent,
      anonymous: supertest.agent(t.app),
    });
    const competency = (await Competency.findById(s.sections[0].competencyId, 'framework').lean())!;
    ids.competency = String(competency._id);
    ids.framework = String(competency.framework);
    ids.user = String(s.panel[1].user._id);
    ids.referenceUrl = (await makeReference()).url;
    ids.nominationUrl = (await makeNomination()).url;
  });

  async function measure(agent: supertest.Agent, url: string) {
    const get = async () => {
      const res = await agent.get(url);
      assert.equal(res.status, 200, `${url} answered ${res.status}`);
    };
    await get(); // the first request warms caches (the session's touch, the frozen guide)
    return commandsDuring(get);
  }

  const guideVersion = (x: ScoredInterview) => `/guides/${x.guideId}/versions/${x.guide.version}`;
  const pages: [string, (s: ScoredInterview) => [who: Who, url: string]][] = [
    ['home (manager)', () => ['manager', '/']],
    ['home (panelist)', () => ['chair', '/']],
    ['my interviews', () => ['chair', '/my-interviews']],
    ['account', () => ['chair', '/account']],
    ['positions', () => ['manager', '/positions']],
    ['new position', () => ['manager', '/positions/new']],
    ['position', (x) => ['manager', `/positions/${x.positionId}`]],
    ['position (edit)', (x) => ['manager', `/positions/${x.positionId}/edit`]],
    ['announcement', (x) => ['manager', `/positions/${x.positionId}/announcement`]],
    ['position (JSON)', (x) => ['manager', `/api/positions/${x.positionId}`]],
    ['candidates', (x) => ['manager', `/positions/${x.positionId}/candidates`]],
    ['interviews of a position', (x) => ['manager', `/positions/${x.positionId}/interviews`]],
    ['interview (manager)', (x) => ['manager', `/positions/${x.positionId}/interviews/${x.interviewId}`]],
    ['interview', (x) => ['manager', `/interviews/${x.interviewId}`]],
    ['board', (x) => ['chair', `/interviews/${x.interviewId}/board`]],
    ['board content', (x) => ['chair', `/interviews/${x.interviewId}/board/content`]],
    ['panel status', (x) => ['chair', `/interviews/${x.interviewId}/panel-status`]],
    ['interview summary (JSON)', (x) => ['chair', `/api/interviews/${x.interviewId}/summary`]],
    ['scoring page', (x) => ['chair', scoreUrl(x.interviewId)]],
    ['reference questionnaire', (x) => ['manager', `/positions/${x.positionId}/references/template`]],
    ['dashboard', (x) => ['manager', `/positions/${x.positionId}/dashboard`]],
    ['comparison', (x) => ['manager', `/positions/${x.positionId}/compare`]],
    ['calibration', () => ['manager', '/calibration']],
    ['ranking (JSON)', (x) => ['manager', `/api/positions/${x.positionId}/ranking`]],
    ['guide', (x) => ['manager', `/guides/${x.guideId}`]],
    ['guide (JSON)', (x) => ['manager', `/api/guides/${x.guideId}`]],
    ['guide version', (x) => ['manager', guideVersion(x)]],
    ['guide version (print)', (x) => ['manager', `${guideVersion(x)}/print`]],
    ['competency library', () => ['manager', '/competencies']],
    ['framework', () => ['manager', `/competencies/frameworks/${ids.framework}`]],
    ['competency', () => ['manager', `/competencies/${ids.competency}`]],
    ['question bank', () => ['manager', `/competencies/${ids.competency}/questions`]],
    ['framework import', () => ['manager', '/framework-import']],
    ['admin: users', () => ['admin', '/admin/users']],
    ['admin: new user', () => ['admin', '/admin/users/new']],
    ['admin: user', () => ['admin', `/admin/users/${ids.user}`]],
    ['admin: outbox', () => ['admin', '/admin/outbox']],
    ['login', () => ['anonymous', '/login']],
    ['reference form by token', () => ['anonymous', ids.referenceUrl]],
    ['nomination form by token', () => ['anonymous', ids.nominationUrl]],
  ];

  for (const [name, page] of pages)
    it(`${name}: at most ${PAGE_BUDGET} commands`, async () => {
      const [who, url] = page(s);
      const trace = await measure(agents[who], url);
      console.log(`      ${name}: ${trace.count} ${trace.commands.join(', ')}`);
      assert.ok(trace.count <= PAGE_BUDGET, `${trace.count} commands: ${trace.commands.join(', ')}`);
    });

  // Live events travel through the database (so that every app process serves every viewer): the
  // publish is one insert, whose `_id`s take the next sequence numbers (no counter to bump).
  // The session and the signed-in user come in one command (src/features/auth/session-store.ts).
  it('an autosave: the session with its user, the interview, the write and the live event', async () => {
    const agent = s.panel[0].agent;
    const token = await tokenOf(agent);
    const save = (value: number) =>
      agent
        .post(ratingUrl(s.interviewId, s.sections[0].id))
        .set('x-csrf-token', token)
        .send({ value })
        .expect(200);
    await save(2);
    const trace = await commandsDuring(() => save(3));
    console.log(`      autosave: ${trace.count} ${trace.commands.join(', ')}`);
    assert.deepEqual(trace.commands, [
      'aggregate sessions',
      'find interviews',
      'findAndModify ratings',
      'insert panel_events',
    ]);
  });
});
