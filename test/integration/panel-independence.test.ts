import assert from 'node:assert/strict';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  rateAll,
  saveRating,
  scheduleScoredInterview,
  submitJson,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import { cookieOf, listen, openStream, type SseStream } from '../helpers/sse.js';

/** A note nobody could write by chance: if it shows anywhere it leaked. */
const secret = (seat: number, section: number) => `SECRET-NOTE-${seat}-${section}-${process.pid}`;

describe('panel independence: no page, fragment, event or JSON shows another panelist’s ratings before everyone has submitted', () => {
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let s: ScoredInterview;
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
    server = await listen(t.app);
    s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 3 });
  });
  after(() => server?.close());

  /** Everything a viewer can read about the interview, as text. */
  async function everythingSeenBy(agent: ScoredInterview['manager']['agent']) {
    const id = s.interviewId;
    const pages = await Promise.all(
      [
        `/interviews/${id}/board`,
        `/interviews/${id}/board/content`,
        `/interviews/${id}/panel-status`,
        `/interviews/${id}`,
        `/interviews/${id}/score`,
      ].map((u) => agent.get(u)),
    );
    const api = await agent.get(`/api/interviews/${id}/summary`).set('Accept', 'application/json');
    return { text: [...pages.map((p) => `${p.status} ${p.text}`), api.text].join('\n'), api };
  }

  it('shows progress but no values while panelists rate; only one’s own ratings; then everything once the last one submits', async function () {
    this.timeout(60_000);
    const [chair, second, third] = s.panel;
    const streams: SseStream[] = [];
    try {
      // The chair, a member and the manager watch the live stream from the start.
      for (const a of [chair.agent, third.agent, s.manager.agent])
        streams.push(await openStream(server.base, `/interviews/${s.interviewId}/events`, cookieOf(a)));
      assert.ok(streams.every((st) => st.status === 200));

      // The second panelist rates everything with recognisable notes and submits.
      await rateAll(
        second.agent,
        s,
        (_sec, i) => s.points[i % s.points.length],
        (_sec, i) => secret(1, i),
      );
      assert.equal((await submitJson(second.agent, s.interviewId)).status, 200);
      // The chair rates one section (a value and a note), and has not submitted.
      const res = await saveRating(chair.agent, s.interviewId, s.sections[0].id, {
        value: 5,
        note: secret(0, 0),
      });
      assert.equal(res.status, 200);
      await streams[0].waitFor((e) => e.event === 'progress' && e.json.panelist === String(chair.user._id));

      for (const [who, agent] of [
        ['chair', chair.agent],
        ['third panelist', third.agent],
        ['manager', s.manager.agent],
      ] as const) {
        const { text, api } = await everythingSeenBy(agent);
        for (let i = 0; i < s.sections.length; i++)
          assert.ok(!text.includes(secret(1, i)), `${who} saw the second panelist's note ${i}`);
        if (who !== 'chair') assert.ok(!text.includes(secret(0, 0)), `${who} saw the chair's note`);
        assert.equal(api.status, 200);
        assert.equal(api.body.revealed, false);
        for (const c of api.body.competencies) {
          assert.equal(c.ratings, undefined, `${who} got ratings in JSON`);
          assert.equal(c.stats, undefined);
          assert.equal(c.consensus, undefined);
        }
        assert.equal(api.body.audit, undefined);
        // Progress is visible: the second panelist submitted, with 3 of 3 rated.
        const p2 = api.body.panel.find((p: { id: string }) => p.id === String(second.user._id));
        assert.equal(p2.submitted, true);
        assert.deepEqual(
          p2.progress.map((x: { rated: boolean; noted: boolean }) => [x.rated, x.noted]),
          [
            [true, true],
            [true, true],
            [true, true],
          ],
        );
      }
      // The chair sees their own rating (and only theirs) in the summary.
      const own = (await chair.agent.get(`/api/interviews/${s.interviewId}/summary`)).body;
      assert.deepEqual(own.competencies[0].mine, { value: 5, note: secret(0, 0) });
      assert.equal(own.competencies[1].mine, undefined);

      // No event so far carried a value or a note to anyone but their author.
      for (const [k, st] of streams.entries()) {
        for (const e of st.events) {
          // A panelist's own saves come back to them (stream 0 is the chair's, who saved one).
          if (e.event === 'saved') {
            assert.equal(k, 0, `stream ${k} got someone else's save`);
            assert.equal(e.json.note, secret(0, 0));
            continue;
          }
          assert.ok(!e.data.includes('SECRET-NOTE'), `stream ${k} got a note in ${e.event}`);
          assert.ok(!('value' in e.json) && !('note' in e.json), `stream ${k} got a value in ${e.event}`);
        }
        assert.ok(st.events.some((e) => e.event === 'progress'));
        assert.ok(st.events.some((e) => e.event === 'submitted'));
        assert.ok(!st.events.some((e) => e.event === 'revealed'));
      }

      // The rest of the panel finishes; the last submission reveals everything to everyone.
      await rateAll(chair.agent, s, 4, (_sec, i) => secret(0, i));
      assert.equal((await submitJson(chair.agent, s.interviewId)).status, 200);
      await rateAll(third.agent, s, 2, (_sec, i) => secret(2, i));
      assert.equal((await submitJson(third.agent, s.interviewId)).status, 200);
      for (const st of streams) await st.waitFor((e) => e.event === 'revealed');

      for (const agent of [chair.agent, third.agent, s.manager.agent]) {
        const { text, api } = await everythingSeenBy(agent);
        for (let i = 0; i < s.sections.length; i++) assert.ok(text.includes(secret(1, i)));
        assert.equal(api.body.revealed, true);
        assert.equal(api.body.competencies[0].ratings.length, 3);
      }
    } finally {
      streams.forEach((st) => st.close());
    }
  });

  it('refuses every panel route to a panelist of another interview and to a manager the position is not shared with', async function () {
    this.timeout(30_000);
    const other = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const outsider = other.panel[0];
    const stranger = await loginAs(t.app, ['manager']);
    const id = s.interviewId;
    const sec = s.sections[0].id;
    for (const agent of [outsider.agent, stranger.agent]) {
      for (const url of [
        `/interviews/${id}/board`,
        `/interviews/${id}/board/content`,
        `/interviews/${id}/panel-status`,
        `/api/interviews/${id}/summary`,
      ])
        assert.equal((await agent.get(url)).status, 403, url);
      const stream = await openStream(server.base, `/interviews/${id}/events`, cookieOf(agent));
      assert.equal(stream.status, 403);
      stream.close();
      const token = (await agent
        .get('/')
        .then((r) => /name="csrf-token" content="([^"]+)"/.exec(r.text)))![1];
      for (const [url, body] of [
        [`/interviews/${id}/board/consensus/${sec}`, { value: 3, rationale: 'x' }],
        [`/interviews/${id}/board/ratings/${sec}`, { value: 3, why: 'x' }],
        [`/interviews/${id}/board/recommendation`, { value: 'recommended', rationale: 'x' }],
        [`/interviews/${id}/board/sign-off`, { consensusRev: 0 }],
      ] as const) {
        const res = await agent
          .post(url)
          .set('X-CSRF-Token', token)
          .set('Accept', 'application/json')
          .send(body);
        assert.equal(res.status, 403, url);
        assert.match(res.body.error ?? res.text, /interviews you sit on/);
      }
    }
    // Anonymous: the pages send to the login page, the JSON route answers 401.
    const anonymous = (await import('supertest')).default(t.app);
    assert.equal((await anonymous.get(`/interviews/${id}/board`)).status, 303);
    assert.equal((await anonymous.get(`/api/interviews/${id}/summary`)).status, 401);
    // Unknown and malformed ids: 404.
    assert.equal((await s.manager.agent.get('/interviews/0123456789abcdef01234567/board')).status, 404);
    assert.equal((await s.manager.agent.get('/api/interviews/not-an-id/summary')).status, 404);
  });
});
