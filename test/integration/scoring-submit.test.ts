import assert from 'node:assert/strict';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { panelEvents, type PanelEvent } from '../../src/live/event-bus.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import {
  saveRating as saveRatingService,
  scoringContext,
} from '../../src/features/scoring/scoring.service.js';
import { ConflictError } from '../../src/lib/errors.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  postScoreForm,
  rateAll,
  rateAndSubmit,
  saveRating,
  scheduleScoredInterview,
  scoreUrl,
  submitJson,
  submitUrl,
  tokenOf,
  SCORING_RATE_LIMITS,
} from '../helpers/scoring-factories.js';

const watch = (interviewId: string) => {
  const events: PanelEvent[] = [];
  const stop = panelEvents.subscribe(interviewId, (e) => events.push(e));
  return { events, stop, of: (type: string) => events.filter((e) => e.type === type) };
};

describe('scoring: submit, lock, reveal and concurrent saves', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a panelist submits with ratings or notes missing, then 422 names every incomplete competency and the ratings stay editable', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 4 });
    const { agent } = s.panel[0];
    const [a, b, c, d] = s.sections;
    await saveRating(agent, s.interviewId, a.id, { value: 3, note: 'Complete.' });
    await saveRating(agent, s.interviewId, b.id, { value: 2 });
    await saveRating(agent, s.interviewId, c.id, { value: 4, note: '  \n ' });
    const w = watch(s.interviewId);
    try {
      const res = await submitJson(agent, s.interviewId);
      assert.equal(res.status, 422);
      assert.ok(!res.body.error.includes(a.competencyName), 'the complete one is not named');
      assert.ok(res.body.error.includes(`${b.competencyName} (note)`));
      assert.ok(res.body.error.includes(`${c.competencyName} (note)`));
      assert.ok(res.body.error.includes(`${d.competencyName} (rating and note)`));
      assert.deepEqual(
        Object.keys(res.body.fields).sort(),
        [`${b.id}.note`, `${c.id}.note`, `${d.id}.note`, `${d.id}.value`].sort(),
      );
      assert.equal(w.of('submitted').length, 0);
    } finally {
      w.stop();
    }
    const ratings = await Rating.find({ interview: s.interviewId }).lean();
    assert.ok(ratings.every((r) => !r.locked && r.submittedAt === null && r.submittedValue === null));
    assert.equal((await Interview.findById(s.interviewId).lean())!.panel[0].submittedAt ?? null, null);

    const again = await saveRating(agent, s.interviewId, b.id, { note: 'Now with a note.' });
    assert.equal(again.status, 200, 'still editable');

    // The form's Submit names them too, next to the fields, and keeps the page editable.
    const form = await postScoreForm(
      agent,
      s.interviewId,
      { [d.id]: { value: '5', note: 'Strong.' } },
      'submit',
    );
    assert.equal(form.status, 422);
    assert.ok(form.text.includes(`${c.competencyName} (note)`));
    assert.ok(form.text.includes(`<p class="error-message" id="note-${c.id}-error">`));
    assert.ok(form.text.includes('<textarea'));
    const stored = (await Rating.findOne({ interview: s.interviewId, section: d.id }).lean())!;
    assert.equal(stored.value, 5, 'what the form sent was saved');
    assert.equal(stored.locked, false);
  });

  it('when a panelist submits complete ratings, then they are locked, submittedValue is copied, the seat is marked, and later saves and submits answer 409', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 3 });
    const { agent, user } = s.panel[1];
    await rateAll(agent, s, (_sec, i) => i + 2);
    const w = watch(s.interviewId);
    let res;
    try {
      res = await submitJson(agent, s.interviewId);
      assert.equal(res.status, 200);
      assert.equal(res.body.submitted, true);
      assert.equal(res.body.revealed, false);
      assert.deepEqual(
        w.of('submitted').map((e) => e.data),
        [{ panelist: String(user._id) }],
      );
      assert.equal(w.of('revealed').length, 0);
    } finally {
      w.stop();
    }
    const ratings = await Rating.find({ interview: s.interviewId, panelist: user._id }).lean();
    assert.equal(ratings.length, 3);
    for (const r of ratings) {
      const i = s.sections.findIndex((x) => x.id === r.section);
      assert.equal(r.locked, true);
      assert.equal(r.value, i + 2);
      assert.equal(r.submittedValue, i + 2);
      assert.equal(r.submittedAt!.toISOString(), res.body.submittedAt);
    }
    const seat = (await Interview.findById(s.interviewId).lean())!.panel.find(
      (p) => String(p.user) === String(user._id),
    )!;
    assert.equal(seat.submittedAt!.toISOString(), res.body.submittedAt);

    const save = await saveRating(agent, s.interviewId, s.sections[0].id, { value: 5 });
    assert.equal(save.status, 409);
    assert.match(save.body.error, /submitted your ratings/);
    const form = await postScoreForm(agent, s.interviewId, {
      [s.sections[0].id]: { value: '5', note: 'changed' },
    });
    assert.equal(form.status, 409);
    assert.ok(form.text.includes('You have submitted your ratings'));
    assert.ok(form.text.includes(`/interviews/${s.interviewId}/board`));
    assert.equal((await submitJson(agent, s.interviewId)).status, 409);
    const after = await Rating.find({ interview: s.interviewId, panelist: user._id }).lean();
    assert.deepEqual(
      after.map((r) => [r.value, r.note, r.rev]),
      ratings.map((r) => [r.value, r.note, r.rev]),
    );
  });

  it('when the form’s Submit is used with everything filled in, then a confirmation lists the ratings, nothing is locked yet, and confirming redirects to the read-only ratings', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const { agent } = s.panel[0];
    const body = Object.fromEntries(
      s.sections.map((sec) => [sec.id, { value: '4', note: `On ${sec.competencyName}` }]),
    );
    const ask = await postScoreForm(agent, s.interviewId, body, 'submit');
    assert.equal(ask.status, 200);
    assert.match(ask.text, /Submit and lock your ratings\?/);
    for (const sec of s.sections) assert.ok(ask.text.includes(`On ${sec.competencyName}`));
    assert.ok(ask.text.includes('<input type="hidden" name="confirm" value="yes">'));
    const pending = await Rating.find({ interview: s.interviewId, panelist: s.panel[0].user._id }).lean();
    assert.equal(pending.length, s.sections.length, 'the ratings are saved');
    assert.ok(
      pending.every((r) => !r.locked && !r.submittedAt),
      'but not locked before confirming',
    );
    const res = await agent
      .post(scoreUrl(s.interviewId))
      .type('form')
      .send({ _csrf: await tokenOf(agent), action: 'submit', confirm: 'yes' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, scoreUrl(s.interviewId));
    const page = (await agent.get(scoreUrl(s.interviewId))).text;
    assert.ok(page.includes('Your ratings are submitted and locked.'));
    assert.doesNotMatch(page, /<textarea/);
    assert.equal(
      await Rating.countDocuments({ interview: s.interviewId, locked: true, submittedValue: 4 }),
      2,
    );

    // A plain form posted to /submit works the same way (redirect), and a second time is refused.
    const again = await agent
      .post(submitUrl(s.interviewId))
      .type('form')
      .send({ _csrf: await tokenOf(agent) });
    assert.equal(again.status, 409);
    assert.ok(again.text.includes('You have submitted your ratings'));
  });

  it('when panelists submit one after another, then the ratings are revealed only after the last one, with one revealed event', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    const w = watch(s.interviewId);
    try {
      for (const [k, seat] of s.panel.entries()) {
        await rateAndSubmit(s, [seat]);
        const i = (await Interview.findById(s.interviewId).lean())!;
        if (k < 2) {
          assert.equal(i.revealedAt ?? null, null, `not revealed after ${k + 1}`);
          assert.equal(w.of('revealed').length, 0);
        } else assert.ok(i.revealedAt, 'revealed after the last');
      }
      assert.equal(w.of('submitted').length, 3);
      assert.equal(w.of('revealed').length, 1);
      assert.ok(w.events.indexOf(w.of('revealed')[0]) > w.events.indexOf(w.of('submitted')[2]));
    } finally {
      w.stop();
    }
  });

  it('when the last two panelists submit at the same moment, then both succeed and exactly one revealed event is published', async function () {
    this.timeout(60_000);
    for (let round = 0; round < 3; round++) {
      const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
      await rateAndSubmit(s, [s.panel[0]]);
      await rateAll(s.panel[1].agent, s, 2);
      await rateAll(s.panel[2].agent, s, 4);
      const w = watch(s.interviewId);
      try {
        const [x, y] = await Promise.all([
          submitJson(s.panel[1].agent, s.interviewId),
          submitJson(s.panel[2].agent, s.interviewId),
        ]);
        assert.equal(x.status, 200);
        assert.equal(y.status, 200);
        assert.equal([x.body.revealed, y.body.revealed].filter(Boolean).length, 1);
        assert.equal(w.of('revealed').length, 1);
        assert.equal(w.of('submitted').length, 2);
      } finally {
        w.stop();
      }
      const i = (await Interview.findById(s.interviewId).lean())!;
      assert.ok(i.revealedAt);
      assert.ok(i.panel.every((p) => p.submittedAt));
    }
  });

  it('when a panelist double-submits at the same moment, then one submit succeeds and the other answers 409', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const { agent } = s.panel[0];
    await rateAll(agent, s);
    const w = watch(s.interviewId);
    try {
      const results = await Promise.all([submitJson(agent, s.interviewId), submitJson(agent, s.interviewId)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
      assert.equal(w.of('submitted').length, 1);
    } finally {
      w.stop();
    }
    assert.equal(await Rating.countDocuments({ interview: s.interviewId, locked: true }), 2);
  });

  it('when a save that started before the submit reaches a locked rating, then it is refused with 409 and the submitted rating is unchanged', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const { agent, user } = s.panel[0];
    await rateAll(agent, s, 3);
    // A context loaded before the submit still says "not submitted": the lock itself must refuse.
    const stale = await scoringContext(s.interviewId, user);
    assert.equal((await submitJson(agent, s.interviewId)).status, 200);
    await assert.rejects(
      saveRatingService(stale, s.sections[0].id, { value: 1, note: 'too late' }),
      (e: unknown) => e instanceof ConflictError && /submitted/.test(e.message),
    );
    const r = (await Rating.findOne({
      interview: s.interviewId,
      panelist: user._id,
      section: s.sections[0].id,
    }).lean())!;
    assert.deepEqual([r.value, r.submittedValue, r.locked], [3, 3, true]);
    assert.notEqual(r.note, 'too late');
  });

  it('when saves race a submit, then each save either lands before the lock (and is what was submitted) or is refused with 409', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 3 });
    const { agent, user } = s.panel[1];
    await rateAll(agent, s, 2);
    const saves = s.sections.map((sec) => saveRating(agent, s.interviewId, sec.id, { value: 5 }));
    const [submit, ...results] = await Promise.all([submitJson(agent, s.interviewId), ...saves]);
    assert.equal(submit.status, 200);
    assert.ok(
      results.every((r) => r.status === 200 || r.status === 409),
      results.map((r) => r.status).join(),
    );
    const stored = await Rating.find({ interview: s.interviewId, panelist: user._id }).lean();
    for (const [i, sec] of s.sections.entries()) {
      const r = stored.find((x) => x.section === sec.id)!;
      assert.equal(r.locked, true);
      assert.equal(r.submittedValue, r.value, 'the submitted value is the stored one');
      assert.equal(r.value, results[i].status === 200 ? 5 : 2);
    }
  });

  it('when four panelists save six competencies concurrently, value and note in separate requests, then no update is lost', async function () {
    this.timeout(120_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 4, competencies: 6 });
    assert.equal(s.sections.length, 6);
    await Promise.all(s.panel.map((seat) => tokenOf(seat.agent)));
    const valueOf = (k: number, i: number) => s.points[(k + i) % s.points.length];
    const noteOf = (k: number, i: number) => `Panelist ${k} on section ${i}: evidence.`;
    const requests = s.panel.flatMap((seat, k) =>
      s.sections.flatMap((sec, i) => [
        saveRating(seat.agent, s.interviewId, sec.id, { value: valueOf(k, i) }),
        saveRating(seat.agent, s.interviewId, sec.id, { note: noteOf(k, i) }),
      ]),
    );
    const results = await Promise.all(requests);
    assert.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => [r.status, r.text]),
      [],
    );
    const stored = await Rating.find({ interview: s.interviewId }).lean();
    assert.equal(stored.length, 24);
    for (const [k, seat] of s.panel.entries()) {
      for (const [i, sec] of s.sections.entries()) {
        const r = stored.find((x) => String(x.panelist) === String(seat.user._id) && x.section === sec.id);
        assert.ok(r, `rating of panelist ${k}, section ${i}`);
        assert.equal(r.value, valueOf(k, i));
        assert.equal(r.note, noteOf(k, i));
        assert.equal(r.rev, 2);
      }
    }
    const i = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(i.status, 'in-progress');

    // And all four can submit those ratings.
    const submits = await Promise.all(s.panel.map((seat) => submitJson(seat.agent, s.interviewId)));
    assert.deepEqual(
      submits.map((r) => r.status),
      [200, 200, 200, 200],
    );
    assert.ok((await Interview.findById(s.interviewId).lean())!.revealedAt);
  });
});
