import assert from 'node:assert/strict';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { panelEvents, type PanelEvent } from '../../src/live/event-bus.js';
import { NOTE_MAX, Rating } from '../../src/features/scoring/rating.model.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  postScoreForm,
  ratingUrl,
  saveRating,
  scheduleScoredInterview,
  scoreUrl,
  tokenOf,
  SCORING_RATE_LIMITS,
} from '../helpers/scoring-factories.js';

const nothingWritten = async (interviewId: string) => {
  assert.equal(await Rating.countDocuments({ interview: interviewId }), 0, 'no rating written');
  const i = (await Interview.findById(interviewId).lean())!;
  assert.equal(i.status, 'scheduled');
  assert.equal(i.startedAt ?? null, null);
};

describe('scoring: autosave and the no-JavaScript form', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a panelist autosaves a value, then a note, then clears the value, then each answer carries the section, value, note and a growing rev, and only the fields sent change', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const { agent, user } = s.panel[0];
    const sec = s.sections[1].id;

    const first = await saveRating(agent, s.interviewId, sec, { value: 4 });
    assert.equal(first.status, 200);
    assert.deepEqual(
      { ...first.body, savedAt: undefined },
      { section: sec, value: 4, note: '', rev: 1, savedAt: undefined },
    );
    assert.ok(!Number.isNaN(Date.parse(first.body.savedAt)));

    const second = await saveRating(agent, s.interviewId, sec, { note: 'Handled the refund calmly.' });
    assert.equal(second.status, 200);
    assert.equal(second.body.value, 4, 'the value stays');
    assert.equal(second.body.note, 'Handled the refund calmly.');
    assert.equal(second.body.rev, 2);

    const third = await saveRating(agent, s.interviewId, sec, { value: null });
    assert.equal(third.status, 200);
    assert.equal(third.body.value, null);
    assert.equal(third.body.note, 'Handled the refund calmly.', 'the note stays');
    assert.equal(third.body.rev, 3);

    const stored = await Rating.find({ interview: s.interviewId }).lean();
    assert.equal(stored.length, 1);
    assert.equal(String(stored[0].panelist), String(user._id));
    assert.equal(stored[0].section, sec);
    assert.equal(String(stored[0].competency), s.sections[1].competencyId);
    assert.equal(String(stored[0].position), s.positionId);
    assert.equal(String(stored[0].candidate), s.candidateId);
    assert.equal(stored[0].locked, false);
  });

  it('when the first rating is saved, then the interview turns in-progress with startedAt, once', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    const before = Date.now();
    await saveRating(s.panel[1].agent, s.interviewId, s.sections[0].id, { note: 'first' });
    const i1 = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(i1.status, 'in-progress');
    assert.ok(i1.startedAt && i1.startedAt.getTime() >= before - 1000);
    await saveRating(s.panel[0].agent, s.interviewId, s.sections[0].id, { note: 'second' });
    const i2 = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(i2.startedAt!.getTime(), i1.startedAt!.getTime());
  });

  it('when the autosave body is bad, then 422 (or 400, 403, 404) with a plain message and nothing is written', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const { agent } = s.panel[0];
    const sec = s.sections[0].id;
    const bad: [unknown, RegExp][] = [
      [{ value: '3' }, /Choose a rating on the scale \(1, 2, 3, 4, 5\)/],
      [{ value: true }, /Choose a rating on the scale/],
      [{ value: 6 }, /Choose a rating on the scale/],
      [{ value: 0 }, /Choose a rating on the scale/],
      [{ value: 2.5 }, /Choose a rating on the scale/],
      [{ value: [3] }, /Choose a rating on the scale/],
      [{ note: 42 }, /The note must be text/],
      [{ note: 'x'.repeat(NOTE_MAX + 1) }, /10,000 characters or fewer/],
      [{ value: 3, note: 'y'.repeat(NOTE_MAX + 1) }, /10,000 characters or fewer/],
      [{}, /Send a value, a note or both/],
      [[{ value: 3 }], /Send a JSON object/],
    ];
    for (const [body, message] of bad) {
      const res = await saveRating(agent, s.interviewId, sec, body);
      assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
      assert.match(res.body.error, message);
    }
    const malformed = await agent
      .post(ratingUrl(s.interviewId, sec))
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', await tokenOf(agent))
      .set('Content-Type', 'application/json')
      .send('{"value": 3,');
    assert.equal(malformed.status, 400);

    const unknownSection = await saveRating(agent, s.interviewId, 'a'.repeat(24), { value: 3 });
    assert.equal(unknownSection.status, 404);
    assert.match(unknownSection.body.error, /no such section/);
    assert.equal((await saveRating(agent, s.interviewId, 'not-a-section', { value: 3 })).status, 404);
    assert.equal((await saveRating(agent, 'not-an-id', sec, { value: 3 })).status, 404);
    assert.equal((await saveRating(agent, 'f'.repeat(24), sec, { value: 3 })).status, 404);

    const noCsrf = await agent
      .post(ratingUrl(s.interviewId, sec))
      .set('Accept', 'application/json')
      .send({ value: 3 });
    assert.equal(noCsrf.status, 403);
    assert.match(noCsrf.body.error, /expired/);
    const wrongCsrf = await agent
      .post(ratingUrl(s.interviewId, sec))
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', 'nope')
      .send({ value: 3 });
    assert.equal(wrongCsrf.status, 403);

    await nothingWritten(s.interviewId);
  });

  it('when panelists save, then everyone gets progress flags without any value or note, and only the saver gets the saved values', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    const events: PanelEvent[] = [];
    const unsubscribe = panelEvents.subscribe(s.interviewId, (e) => events.push(e));
    try {
      const secret = 'SECRET-NOTE-do-not-leak';
      await saveRating(s.panel[1].agent, s.interviewId, s.sections[0].id, { value: 5 });
      await saveRating(s.panel[1].agent, s.interviewId, s.sections[0].id, { note: secret });
      await saveRating(s.panel[2].agent, s.interviewId, s.sections[1].id, { note: '   ' });
      await postScoreForm(s.panel[0].agent, s.interviewId, {
        [s.sections[1].id]: { value: 2, note: secret },
      });

      const progress = events.filter((e) => e.type === 'progress');
      assert.deepEqual(
        progress.map((e) => e.data),
        [
          { panelist: String(s.panel[1].user._id), section: s.sections[0].id, rated: true, noted: false },
          { panelist: String(s.panel[1].user._id), section: s.sections[0].id, rated: true, noted: true },
          { panelist: String(s.panel[2].user._id), section: s.sections[1].id, rated: false, noted: false },
          { panelist: String(s.panel[0].user._id), section: s.sections[1].id, rated: true, noted: true },
        ],
      );
      for (const e of progress) {
        assert.equal(e.to, undefined, 'progress goes to everyone');
        assert.deepEqual(Object.keys(e.data).sort(), ['noted', 'panelist', 'rated', 'section']);
        assert.ok(!JSON.stringify(e.data).includes(secret));
      }
      const saved = events.filter((e) => e.type === 'saved');
      assert.equal(saved.length, 4);
      assert.deepEqual(saved[1].to, [String(s.panel[1].user._id)]);
      assert.deepEqual(saved[1].data, { section: s.sections[0].id, value: 5, note: secret, rev: 2 });
      assert.deepEqual(saved[3].to, [String(s.panel[0].user._id)]);
      for (const e of events.filter((x) => JSON.stringify(x.data).includes(secret)))
        assert.equal(e.type, 'saved', 'only the saver’s own event carries the note');
    } finally {
      unsubscribe();
    }
  });

  it('when the no-JavaScript form saves, then every section sent is stored, the panelist is redirected with a message, and unchanged sections are left alone', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 3 });
    const { agent } = s.panel[0];
    const [a, b, c] = s.sections;
    const res = await postScoreForm(agent, s.interviewId, {
      [a.id]: { value: '4', note: 'Line one\r\nLine two' },
      [b.id]: { note: 'Only a note so far' },
      [c.id]: { note: '' },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, scoreUrl(s.interviewId));
    const page = await agent.get(scoreUrl(s.interviewId));
    assert.ok(page.text.includes('Your ratings and notes are saved.'));
    assert.match(page.text, new RegExp(`id="rating-${a.id}-4" name="[^"]+" value="4" checked>`));
    assert.ok(page.text.includes('Only a note so far</textarea>'));

    const stored = new Map(
      (await Rating.find({ interview: s.interviewId }).lean()).map((r) => [r.section, r]),
    );
    assert.equal(stored.size, 2, 'the empty section was not written');
    assert.equal(stored.get(a.id)!.value, 4);
    assert.equal(stored.get(a.id)!.note, 'Line one\r\nLine two');
    assert.equal(stored.get(b.id)!.value, null);
    assert.equal((await Interview.findById(s.interviewId).lean())!.status, 'in-progress');

    // Sending the same values again writes nothing new; a changed note only changes the note.
    await postScoreForm(agent, s.interviewId, {
      [a.id]: { value: '4', note: 'Line one\r\nLine two' },
      [b.id]: { note: 'A better note' },
    });
    const after = new Map(
      (await Rating.find({ interview: s.interviewId }).lean()).map((r) => [r.section, r]),
    );
    assert.equal(after.get(a.id)!.rev, stored.get(a.id)!.rev);
    assert.equal(after.get(b.id)!.note, 'A better note');
    assert.equal(after.get(b.id)!.rev, stored.get(b.id)!.rev + 1);
  });

  it('when the no-JavaScript form has a bad value or a too-long note, then 422 shows the messages next to the fields and in a summary, keeps what was typed, and writes nothing', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 3 });
    const { agent } = s.panel[1];
    const [a, b, c] = s.sections;
    const typed = 'I typed this <carefully> & at length. ';
    const res = await postScoreForm(agent, s.interviewId, {
      [a.id]: { value: '7', note: typed },
      [b.id]: { value: '2', note: typed.repeat(Math.ceil((NOTE_MAX + 1) / typed.length)) },
      [c.id]: { value: 'three', note: 'fine' },
    });
    assert.equal(res.status, 422);
    const page = res.text;
    assert.match(page, /<div class="error-summary" role="alert"/);
    assert.ok(page.includes(`<a href="#rating-${a.id}-1">Choose a rating on the scale (1, 2, 3, 4, 5).</a>`));
    assert.ok(page.includes(`<a href="#note-${b.id}">Keep the note to 10,000 characters or fewer.</a>`));
    assert.ok(page.includes(`<a href="#rating-${c.id}-1">`));
    assert.ok(
      page.includes(`<p class="error-message" id="value-${a.id}-error">Choose a rating on the scale`),
    );
    assert.ok(page.includes(`<p class="error-message" id="note-${b.id}-error">Keep the note`));
    assert.match(
      page,
      new RegExp(`aria-describedby="note-${b.id}-hint note-${b.id}-error" aria-invalid="true"`),
    );
    assert.ok(page.includes(`>${html(typed)}</textarea>`), 'typed note kept');
    assert.ok(page.includes(html(typed.repeat(3))), 'the long note kept too');
    assert.match(
      page,
      new RegExp(`id="rating-${b.id}-2" name="[^"]+" value="2" checked>`),
      'typed value kept',
    );
    await nothingWritten(s.interviewId);

    const forged = await postScoreForm(agent, s.interviewId, { ['b'.repeat(24)]: { value: '3', note: 'x' } });
    assert.equal(forged.status, 422);
    assert.ok(forged.text.includes('does not match the interview guide'));
    const badAction = await postScoreForm(agent, s.interviewId, { [a.id]: { value: '3' } }, 'publish');
    assert.equal(badAction.status, 422);
    assert.ok(badAction.text.includes('Choose Save or Submit.'));
    const noCsrf = await agent
      .post(scoreUrl(s.interviewId))
      .type('form')
      .send({ action: 'save', [`ratings[${a.id}][note]`]: 'x' });
    assert.equal(noCsrf.status, 403);
    await nothingWritten(s.interviewId);
  });
});
