import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { panelEvents, type PanelEvent } from '../../src/live/event-bus.js';
import { RatingChange } from '../../src/features/scoring/rating-change.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { formEncode } from '../helpers/competency-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  rateAndSubmit,
  saveRating,
  scheduleScoredInterview,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

// Submitted ratings by section (rows) and seat (columns; seat 0 chairs).
const RATINGS = [
  [3, 4, 4, 5], // mean 4, median (4+4)/2 = 4, min 3, max 5, spread 2: disagreement
  [2, 2, 3, 3], // mean 10/4 = 2.5, median (2+3)/2 = 2.5, min 2, max 3, spread 1
  [1, 5, 3, 3], // mean 12/4 = 3, median (3+3)/2 = 3, min 1, max 5, spread 4: disagreement
];

async function postJson(agent: supertest.Agent, url: string, body: object) {
  return agent
    .post(url)
    .set('Accept', 'application/json')
    .set('X-CSRF-Token', await tokenOf(agent))
    .send(body);
}

describe('panel consensus: statistics, consensus ratings, changes with reasons, sign-offs, completion and locking', () => {
  const t = useTestApp();
  let s: ScoredInterview;
  let board: string;
  const events: PanelEvent[] = [];
  let unsubscribe: () => void;
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
    s = await scheduleScoredInterview(t.app, { panelists: 4, competencies: 3 });
    board = `/interviews/${s.interviewId}/board`;
    unsubscribe = panelEvents.subscribe(s.interviewId, (e) => events.push(e));
    assert.deepEqual(s.points, [1, 2, 3, 4, 5]);
  });
  after(() => unsubscribe?.());

  const summary = async (agent = s.manager.agent) =>
    (await agent.get(`/api/interviews/${s.interviewId}/summary`).set('Accept', 'application/json')).body;

  it('refuses consensus actions before everyone has submitted', async function () {
    this.timeout(30_000);
    await rateAndSubmit(s, s.panel.slice(0, 3), (_sec, i, k) => RATINGS[i][k]);
    const [chair, member] = s.panel;
    const res = await postJson(chair.agent, `${board}/consensus/${s.sections[0].id}`, {
      value: 4,
      rationale: 'Too early',
    });
    assert.equal(res.status, 409);
    assert.match(res.body.error, /once every panelist has submitted/);
    const change = await postJson(member.agent, `${board}/ratings/${s.sections[0].id}`, {
      value: 3,
      why: 'x',
    });
    assert.equal(change.status, 409);
    assert.equal((await Interview.findById(s.interviewId).lean())!.consensus.length, 0);
  });

  it('reveals every rating with mean, median, minimum, maximum, spread and disagreement flags', async function () {
    this.timeout(30_000);
    await rateAndSubmit(s, s.panel.slice(3), (_sec, i) => RATINGS[i][3]);
    const body = await summary();
    assert.equal(body.phase, 'consensus');
    assert.equal(body.revealed, true);
    const stats = body.competencies.map((c: { stats: unknown }) => c.stats);
    assert.deepEqual(stats, [
      { n: 4, mean: 4, median: 4, min: 3, max: 5, spread: 2, disagreement: true },
      { n: 4, mean: 2.5, median: 2.5, min: 2, max: 3, spread: 1, disagreement: false },
      { n: 4, mean: 3, median: 3, min: 1, max: 5, spread: 4, disagreement: true },
    ]);
    const seatOf = new Map(s.panel.map((p, k) => [String(p.user._id), k]));
    for (const [i, c] of body.competencies.entries())
      for (const r of c.ratings) assert.equal(r.value, RATINGS[i][seatOf.get(r.panelist)!]);
    const page = await s.panel[1].agent.get(board);
    assert.equal(page.status, 200);
    assert.equal((page.text.match(/class="flag flag-disagreement"/g) ?? []).length, 2);
    assert.match(page.text, /the ratings span 4 points/);
  });

  it('lets a panelist change their own rating with a reason, kept in the audit trail; refuses a change without one', async function () {
    this.timeout(30_000);
    const seat = s.panel[3];
    const url = `${board}/ratings/${s.sections[2].id}`;
    const noWhy = await postJson(seat.agent, url, { value: 4, why: '  ' });
    assert.equal(noWhy.status, 422);
    assert.match(noWhy.body.fields.why, /reason for the change/);
    const same = await postJson(seat.agent, url, { value: 3, why: 'Same' });
    assert.equal(same.status, 422);
    const off = await postJson(seat.agent, url, { value: 9, why: 'Off the scale' });
    assert.equal(off.status, 422);
    assert.equal(await RatingChange.countDocuments({ interview: s.interviewId }), 0);

    const ok = await postJson(seat.agent, url, { value: 4, why: 'The panel recalled the second example.' });
    assert.equal(ok.status, 200, ok.text);
    const rating = (await Rating.findOne({
      interview: s.interviewId,
      panelist: seat.user._id,
      section: s.sections[2].id,
    }).lean())!;
    assert.equal(rating.value, 4);
    assert.equal(rating.submittedValue, 3, 'the submitted rating is kept');
    const [change] = await RatingChange.find({ interview: s.interviewId }).lean();
    assert.equal(change.kind, 'rating');
    assert.equal(String(change.by), String(seat.user._id));
    assert.equal(String(change.panelist), String(seat.user._id));
    assert.deepEqual([change.from, change.to, change.why], [3, 4, 'The panel recalled the second example.']);
    // [1, 5, 3, 4]: mean 13/4 = 3.25, median (3+4)/2 = 3.5.
    const stats = (await summary()).competencies[2].stats;
    assert.deepEqual([stats.mean, stats.median, stats.spread], [3.25, 3.5, 4]);
    const page = await s.manager.agent.get(board);
    assert.match(page.text, /The panel recalled the second example\./);
    assert.match(page.text, /submitted 3 \(/);
    assert.ok(events.some((e) => e.type === 'rating-changed' && e.data.to === 4));
  });

  it('only the chair records consensus ratings and the recommendation; bad input is refused and writes nothing', async function () {
    this.timeout(30_000);
    const [chair, member] = s.panel;
    const sec = s.sections[0].id;
    assert.equal(
      (await postJson(member.agent, `${board}/consensus/${sec}`, { value: 4, rationale: 'x' })).status,
      403,
    );
    assert.equal(
      (await postJson(s.manager.agent, `${board}/recommendation`, { value: 'recommended', rationale: 'x' }))
        .status,
      403,
    );
    const off = await postJson(chair.agent, `${board}/consensus/${sec}`, { value: 6, rationale: 'x' });
    assert.equal(off.status, 422);
    assert.match(off.body.fields.value, /1, 2, 3, 4, 5/);
    const notInt = await postJson(chair.agent, `${board}/consensus/${sec}`, {
      value: 'four',
      rationale: 'x',
    });
    assert.equal(notInt.status, 422);
    const unknown = await postJson(chair.agent, `${board}/consensus/0123456789abcdef01234567`, {
      value: 4,
      rationale: 'x',
    });
    assert.equal(unknown.status, 404);
    const badRec = await postJson(chair.agent, `${board}/recommendation`, { value: 'maybe', rationale: 'x' });
    assert.equal(badRec.status, 422);
    // The form without JavaScript: the board comes back with the message and what was chosen.
    const form = await chair.agent
      .post(`${board}/consensus/${sec}`)
      .type('form')
      .send(formEncode({ _csrf: await tokenOf(chair.agent), value: '4', rationale: '' }));
    assert.equal(form.status, 422);
    assert.match(form.text, /Give the rationale for the consensus rating/);
    assert.match(form.text, /<option value="4" selected>/);
    const i = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(i.consensus.length, 0);
    assert.equal(i.recommendation?.value, undefined);
  });

  it('needs every consensus rating and the recommendation before sign-off; a change clears sign-offs; the last sign-off completes and locks', async function () {
    this.timeout(30_000);
    const [chair, member] = s.panel;
    for (const [i, v] of [4, 2].entries()) {
      const res = await postJson(chair.agent, `${board}/consensus/${s.sections[i].id}`, {
        value: v,
        rationale: `Consensus on ${s.sections[i].competencyName}`,
      });
      assert.equal(res.status, 200, res.text);
    }
    let rev = (await Interview.findById(s.interviewId).lean())!.consensusRev;
    const early = await postJson(member.agent, `${board}/sign-off`, { consensusRev: rev });
    assert.equal(early.status, 422);
    assert.match(
      early.body.error,
      new RegExp(`${s.sections[2].competencyName}.* and the overall recommendation`),
    );

    await postJson(chair.agent, `${board}/consensus/${s.sections[2].id}`, {
      value: 3,
      rationale: 'Middle ground',
    });
    const rec = await postJson(chair.agent, `${board}/recommendation`, {
      value: 'recommended',
      rationale: 'Strong on the essentials.',
    });
    assert.equal(rec.status, 200);
    rev = (await Interview.findById(s.interviewId).lean())!.consensusRev;
    assert.equal((await postJson(member.agent, `${board}/sign-off`, { consensusRev: rev })).status, 200);
    assert.equal((await postJson(member.agent, `${board}/sign-off`, { consensusRev: rev })).status, 409);

    // The chair revises a consensus rating: the sign-off is cleared and a stale one is refused.
    await postJson(chair.agent, `${board}/consensus/${s.sections[1].id}`, {
      value: 3,
      rationale: 'On reflection',
    });
    let i = (await Interview.findById(s.interviewId).lean())!;
    assert.ok(i.panel.every((p) => !p.signedOffAt));
    assert.equal(i.consensus.find((c) => c.section === s.sections[1].id)!.value, 3);
    const stale = await postJson(member.agent, `${board}/sign-off`, { consensusRev: rev });
    assert.equal(stale.status, 409);
    assert.match(stale.body.error, /consensus changed/);

    rev = i.consensusRev;
    for (const seat of s.panel) {
      const res = await postJson(seat.agent, `${board}/sign-off`, { consensusRev: rev });
      assert.equal(res.status, 200, res.text);
    }
    i = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(i.status, 'complete');
    assert.ok(i.completedAt);
    assert.equal(events.filter((e) => e.type === 'completed').length, 1);

    // Locked: no consensus, change, recommendation or rating save is accepted any more.
    const sec = s.sections[0].id;
    for (const [agent, url, body] of [
      [chair.agent, `${board}/consensus/${sec}`, { value: 5, rationale: 'Late' }],
      [member.agent, `${board}/ratings/${sec}`, { value: 5, why: 'Late' }],
      [chair.agent, `${board}/recommendation`, { value: 'not-recommended', rationale: 'Late' }],
    ] as const) {
      const res = await postJson(agent, url, body);
      assert.equal(res.status, 409, url);
      assert.match(res.body.error, /complete/);
    }
    assert.equal((await saveRating(member.agent, s.interviewId, sec, { value: 5 })).status, 409);

    // The audit trail: the rating change, four consensus entries (one a revision), the recommendation.
    const audit = await RatingChange.find({ interview: s.interviewId }).sort({ at: 1, _id: 1 }).lean();
    assert.deepEqual(
      audit.map((a) => [a.kind, a.from, a.to]),
      [
        ['rating', 3, 4],
        ['consensus', null, 4],
        ['consensus', null, 2],
        ['consensus', null, 3],
        ['recommendation', null, 'recommended'],
        ['consensus', 2, 3],
      ],
    );
    const page = await s.manager.agent.get(board);
    assert.match(page.text, /Every panelist has signed off: the interview is complete/);
    assert.match(page.text, /On reflection/);
    assert.doesNotMatch(page.text, /id="consensus-/, 'no forms once complete');
  });
});
