import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { csrfToken, ensureSomeUser, loginAs, postForm, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  postScoreForm,
  rateAll,
  ratingUrl,
  saveRating,
  scheduleScoredInterview,
  scoreUrl,
  submitJson,
  submitUrl,
  SCORING_RATE_LIMITS,
} from '../helpers/scoring-factories.js';

describe('scoring: the panelist’s page and who may use it', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a panelist opens the scoring page, then every competency shows its facts, questions, probes and anchors, a labelled radio per scale point with its anchor text, a labelled notes field and a live status line', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 3 });
    const res = await s.panel[1].agent.get(scoreUrl(s.interviewId));
    assert.equal(res.status, 200);
    const page = res.text;
    assert.match(page, new RegExp(`<form method="post" action="${scoreUrl(s.interviewId)}"`));
    assert.match(page, /name="_csrf" value="[^"]+"/);
    assert.ok(
      page.includes(
        `<section id="panel-live" data-live-src="/interviews/${s.interviewId}/panel-status" data-live-events="/interviews/${s.interviewId}/events" aria-live="polite"></section>`,
      ),
    );
    assert.ok(page.includes('<script src="/js/live.js" defer></script>'));
    assert.ok(page.includes('<script src="/js/scoring.js" defer></script>'));
    assert.doesNotMatch(page, /<script>|<script [^>]*>[^<]+<\/script>|style="/, 'no inline script or style');
    assert.match(page, /<button type="submit" name="action" value="save"[^>]*>Save<\/button>/);
    assert.match(page, /<button type="submit" name="action" value="submit"[^>]*>Submit my ratings<\/button>/);

    for (const sec of s.sections) {
      assert.ok(page.includes(html(sec.competencyName)));
      if (sec.definition) assert.ok(page.includes(html(sec.definition)));
      assert.ok(page.includes(`${html(sec.level ?? '')} · weight ${sec.weight}`));
      for (const q of sec.questions) {
        assert.ok(page.includes(html(q.text)), 'question text');
        for (const probe of [...q.probes!.situation, ...q.probes!.action, ...q.probes!.result])
          assert.ok(page.includes(html(probe)), 'probe');
        for (const r of q.ratingGuide!) assert.ok(page.includes(html(r.description)), 'anchor');
      }
      assert.ok(page.includes(`<legend>Your rating for ${html(sec.competencyName)}</legend>`));
      for (const p of s.guide.ratingScale.points) {
        const id = `rating-${sec.id}-${p.value}`;
        const anchor =
          sec.questions[0]?.ratingGuide?.find((r) => r.value === p.value)?.description || p.description;
        assert.match(
          page,
          new RegExp(
            `<input type="radio" id="${id}" name="ratings\\[${sec.id}\\]\\[value\\]" value="${p.value}">`,
          ),
        );
        assert.ok(
          page.includes(
            `<label for="${id}"><span class="point">${p.value} ${html(p.label)}</span> <span class="anchor">${html(anchor!)}</span></label>`,
          ),
          `label of ${p.value}`,
        );
      }
      assert.ok(page.includes(`<label for="note-${sec.id}">Notes for ${html(sec.competencyName)}</label>`));
      assert.match(page, new RegExp(`<textarea id="note-${sec.id}" name="ratings\\[${sec.id}\\]\\[note\\]"`));
      assert.ok(
        page.includes(`<p class="save-status" id="status-${sec.id}" role="status" aria-live="polite">`),
      );
    }
  });

  it('when the panelist has saved, then the page shows their rating checked and their note, and another panelist’s page does not', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const [sec] = s.sections;
    const note = 'Calm with the <angry> customer & followed up';
    assert.equal((await saveRating(s.panel[0].agent, s.interviewId, sec.id, { value: 4, note })).status, 200);

    const mine = (await s.panel[0].agent.get(scoreUrl(s.interviewId))).text;
    assert.match(mine, new RegExp(`id="rating-${sec.id}-4" name="[^"]+" value="4" checked>`));
    assert.ok(mine.includes(`>${html(note)}</textarea>`));
    assert.match(mine, /Last saved \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d \(UTC\)\./);

    const theirs = (await s.panel[1].agent.get(scoreUrl(s.interviewId))).text;
    assert.ok(!theirs.includes(html(note)));
    assert.doesNotMatch(theirs, / checked>/);
  });

  it('when the interview is cancelled, then the page says so and has no form, and saving or submitting answers 409', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const cancel = await postForm(
      s.manager.agent,
      `/positions/${s.positionId}/interviews/${s.interviewId}/cancel`,
      {},
    );
    assert.equal(cancel.status, 303);
    const { agent } = s.panel[0];
    const res = await agent.get(scoreUrl(s.interviewId));
    assert.equal(res.status, 200);
    assert.ok(res.text.includes('This interview was cancelled'));
    assert.doesNotMatch(res.text, /<form method="post" action="[^"]*\/score"/);
    assert.doesNotMatch(res.text, /type="radio"/);

    const save = await saveRating(agent, s.interviewId, s.sections[0].id, { value: 3 });
    assert.equal(save.status, 409);
    assert.match(save.body.error, /cancelled/);
    assert.equal((await submitJson(agent, s.interviewId)).status, 409);
    const form = await postScoreForm(agent, s.interviewId, { [s.sections[0].id]: { value: 3, note: 'x' } });
    assert.equal(form.status, 409);
    assert.ok(form.text.includes('This interview was cancelled'));
    assert.equal(await Rating.countDocuments({ interview: s.interviewId }), 0);
    assert.equal((await Interview.findById(s.interviewId).lean())!.status, 'cancelled');
  });

  it('when the panelist has submitted, then the page is a read-only view of their own ratings and notes with a link to the panel board', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const { agent } = s.panel[0];
    await rateAll(agent, s, 2, (sec) => `Mine about ${sec.competencyName}`);
    assert.equal((await submitJson(agent, s.interviewId)).status, 200);

    const page = (await agent.get(scoreUrl(s.interviewId))).text;
    assert.doesNotMatch(page, /<form method="post" action="[^"]*\/score"/);
    assert.doesNotMatch(page, /<textarea|type="radio"/);
    assert.ok(page.includes(`href="/interviews/${s.interviewId}/board"`));
    assert.ok(page.includes('You have submitted your ratings'));
    for (const sec of s.sections) {
      assert.ok(page.includes(html(`Mine about ${sec.competencyName}`)));
    }
    assert.ok(page.includes('2 Basic'));
  });

  it('when the interview is complete, then the page is read-only and saves answer 409', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    await Interview.updateOne(
      { _id: s.interviewId },
      { $set: { status: 'complete', completedAt: new Date() } },
    );
    const page = await s.panel[1].agent.get(scoreUrl(s.interviewId));
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('This interview is complete'));
    assert.doesNotMatch(page.text, /<textarea/);
    const save = await saveRating(s.panel[1].agent, s.interviewId, s.sections[0].id, { note: 'late' });
    assert.equal(save.status, 409);
    assert.equal(await Rating.countDocuments({ interview: s.interviewId }), 0);
  });

  it('when a panelist of another interview, a manager of the position who is not on the panel, or an anonymous visitor tries any scoring route, then they are refused and nothing is written', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const other = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const sec = s.sections[0].id;
    const outsiders = [
      {
        who: 'a panelist of another interview',
        agent: other.panel[0].agent,
        message: /interviews you sit on/,
      },
      {
        who: 'the position’s manager',
        agent: s.manager.agent,
        message: /Only the panelists of this interview/,
      },
      { who: 'an admin', agent: (await loginAs(t.app, ['admin'])).agent, message: /Only the panelists/ },
    ];
    for (const o of outsiders) {
      const page = await o.agent.get(scoreUrl(s.interviewId));
      assert.equal(page.status, 403, o.who);
      assert.match(page.text, o.message, o.who);
      const save = await saveRating(o.agent, s.interviewId, sec, { value: 3, note: 'sneaky' });
      assert.equal(save.status, 403, o.who);
      assert.match(save.body.error, o.message);
      const form = await postScoreForm(o.agent, s.interviewId, { [sec]: { value: 3, note: 'sneaky' } });
      assert.equal(form.status, 403, o.who);
      assert.equal((await submitJson(o.agent, s.interviewId)).status, 403, o.who);
    }

    const anon = supertest.agent(t.app);
    const page = await anon.get(scoreUrl(s.interviewId));
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, `/login?returnTo=${encodeURIComponent(scoreUrl(s.interviewId))}`);
    const token = await csrfToken(anon, '/login');
    const json = await anon
      .post(ratingUrl(s.interviewId, sec))
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', token)
      .send({ value: 3 });
    assert.equal(json.status, 401);
    const form = await anon.post(scoreUrl(s.interviewId)).type('form').send({ _csrf: token, action: 'save' });
    assert.equal(form.status, 303);
    assert.match(form.headers.location, /^\/login/);
    const submit = await anon
      .post(submitUrl(s.interviewId))
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', token)
      .send({});
    assert.equal(submit.status, 401);

    assert.equal(await Rating.countDocuments({ interview: s.interviewId }), 0);
    const interview = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(interview.status, 'scheduled');
    assert.ok(interview.panel.every((p) => !p.submittedAt));
  });
});
