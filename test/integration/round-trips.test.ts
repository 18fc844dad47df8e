/**
 * Round trips per page (issue 18): the database commands one request sends, counted with the
 * driver's command monitoring. Every page stays within PAGE_BUDGET: a page that looks the same scale
 * or framework up again and again fails here long before it shows in a benchmark.
 */
import assert from 'node:assert/strict';
import { useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';
import {
  SCORING_RATE_LIMITS,
  rateAndSubmit,
  ratingUrl,
  scheduleScoredInterview,
  scoreUrl,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import type supertest from 'supertest';

const PAGE_BUDGET = 8;

describe('round trips per page', function () {
  this.timeout(60_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;

  before(async () => {
    s = await scheduleScoredInterview(t.app, { competencies: 5, panelists: 3 });
    await rateAndSubmit(s, s.panel.slice(1));
  });

  async function measure(agent: supertest.Agent, url: string) {
    const get = async () => {
      const res = await agent.get(url);
      assert.equal(res.status, 200, `${url} answered ${res.status}`);
    };
    await get(); // the first request warms caches (the session's touch, the frozen guide)
    return commandsDuring(get);
  }

  const pages: [string, (s: ScoredInterview) => [agentOf: 'manager' | 'chair', url: string]][] = [
    ['home (manager)', () => ['manager', '/']],
    ['home (panelist)', () => ['chair', '/']],
    ['my interviews', () => ['chair', '/my-interviews']],
    ['positions', () => ['manager', '/positions']],
    ['position', (x) => ['manager', `/positions/${x.positionId}`]],
    ['candidates', (x) => ['manager', `/positions/${x.positionId}/candidates`]],
    ['interview', (x) => ['manager', `/interviews/${x.interviewId}`]],
    ['board', (x) => ['chair', `/interviews/${x.interviewId}/board`]],
    ['scoring page', (x) => ['chair', scoreUrl(x.interviewId)]],
    ['dashboard', (x) => ['manager', `/positions/${x.positionId}/dashboard`]],
    ['comparison', (x) => ['manager', `/positions/${x.positionId}/compare`]],
    ['guide', (x) => ['manager', `/guides/${x.guideId}`]],
    ['ranking (JSON)', (x) => ['manager', `/api/positions/${x.positionId}/ranking`]],
  ];

  for (const [name, page] of pages)
    it(`${name}: at most ${PAGE_BUDGET} commands`, async () => {
      const [who, url] = page(s);
      const agent = who === 'manager' ? s.manager.agent : s.panel[0].agent;
      const trace = await measure(agent, url);
      console.log(`      ${name}: ${trace.count} ${trace.commands.join(', ')}`);
      assert.ok(trace.count <= PAGE_BUDGET, `${trace.count} commands: ${trace.commands.join(', ')}`);
    });

  // Six since live events travel through the database (so that every app process serves every
  // viewer): the publish takes the next sequence number and stores the events.
  it('an autosave: the session, the user, the interview, the write and the live event', async () => {
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
      'find sessions',
      'find users',
      'find interviews',
      'findAndModify ratings',
      'findAndModify panel_events_seq',
      'insert panel_events',
    ]);
  });
});
