/**
 * The position's manager changes a panel under way (issue 16: a panelist who left mid-scoring left
 * the interview stuck): replace or remove a panelist who has not submitted, or cancel an interview
 * in progress. Each change is in the audit trail and mailed to the panel (real SMTP); the leaver's
 * unsubmitted ratings are kept but never counted; the reveal waits for the panel as it now is.
 */
import assert from 'node:assert/strict';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { PanelChange } from '../../src/features/interviews/panel-change.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { ensureSomeUser, makeUser, postForm, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  agentFor,
  rateAll,
  rateAndSubmit,
  saveRating,
  SCORING_RATE_LIMITS,
  scheduleScoredInterview,
  scoreUrl,
  submitJson,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

describe('interviews: the manager changes the panel or cancels an interview under way', function () {
  this.timeout(60_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  const panelUrl = (s: ScoredInterview) => `/positions/${s.positionId}/interviews/${s.interviewId}/panel`;
  const pageOf = (s: ScoredInterview) => `/positions/${s.positionId}/interviews/${s.interviewId}`;
  // The mail worker runs in the background too: a message it has claimed is not delivered by
  // deliverDue(), so wait for it to reach the SMTP server (every use expects at least one).
  const mailsTo = async (email: string, subject: RegExp) => {
    const wanted = (m: { to: string[]; subject: string }) => m.to.includes(email) && subject.test(m.subject);
    await t.mailer.deliverDue();
    await t.smtp.waitFor(wanted, 15_000);
    return t.smtp.received.filter(wanted);
  };

  it('when a panelist leaves mid-scoring and is replaced, then the seat passes on, the trail and the panel’s mail say so, the leaver’s draft is kept but not counted, and the reveal waits for the replacement', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    const [chair, leaver, stayer] = s.panel;
    assert.equal((await saveRating(leaver.agent, s.interviewId, s.sections[0].id, { value: 1 })).status, 200);
    const newcomer = await makeUser({ roles: ['panelist'], name: 'New Panelist' });

    const res = await postForm(
      s.manager.agent,
      panelUrl(s),
      { panelist: String(leaver.user._id), replacement: String(newcomer._id), why: 'Left the organisation' },
      pageOf(s),
    );
    assert.equal(res.status, 303, res.text.slice(0, 300));

    const stored = (await Interview.findById(s.interviewId).lean())!;
    assert.deepEqual(
      stored.panel.map((p) => [String(p.user), p.role]),
      [
        [String(chair.user._id), 'chair'],
        [String(newcomer._id), 'member'],
        [String(stayer.user._id), 'member'],
      ],
    );
    const trail = await PanelChange.find({ interview: s.interviewId }).lean();
    assert.equal(trail.length, 1);
    assert.equal(trail[0].kind, 'replaced');
    assert.equal(trail[0].phase, 'scoring');
    assert.equal(String(trail[0].panelist), String(leaver.user._id));
    assert.equal(String(trail[0].by), String(s.manager.user._id));
    assert.match((await s.manager.agent.get(pageOf(s))).text, /replaced by New Panelist/);
    for (const who of [chair.user, leaver.user, stayer.user, newcomer])
      assert.equal((await mailsTo(who.email, /panel changed/i)).length, 1, `mail to ${who.name}`);
    assert.equal((await mailsTo(newcomer.email, /^Interview panel:/)).length, 1, 'the invitation');

    // The leaver's draft stays, unsubmitted, and the leaver can no longer score.
    const draft = await Rating.find({ interview: s.interviewId, panelist: leaver.user._id }).lean();
    assert.equal(draft.length, 1);
    assert.equal(draft[0].submittedAt, null);
    assert.equal((await leaver.agent.get(scoreUrl(s.interviewId))).status, 403);
    assert.equal((await submitJson(leaver.agent, s.interviewId)).status, 403);

    // Independence: nothing is revealed until the panel as it now is has submitted.
    await rateAndSubmit(s, [chair, stayer]);
    assert.equal((await Interview.findById(s.interviewId).lean())!.revealedAt ?? null, null);
    const newAgent = await agentFor(t.app, newcomer);
    await rateAll(newAgent, s, 4);
    assert.equal((await submitJson(newAgent, s.interviewId)).status, 200);
    assert.ok((await Interview.findById(s.interviewId).lean())!.revealedAt, 'revealed');
    assert.equal(
      await Rating.countDocuments({
        interview: s.interviewId,
        panelist: leaver.user._id,
        submittedAt: { $ne: null },
      }),
      0,
    );
  });

  it('when the one panelist still to submit is removed from a panel of three, then the remaining panel has all submitted and the ratings are revealed', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    const [chair, member, leaver] = s.panel;
    await rateAndSubmit(s, [chair, member]);
    const res = await postForm(
      s.manager.agent,
      panelUrl(s),
      { panelist: String(leaver.user._id), replacement: '', why: 'On long leave' },
      pageOf(s),
    );
    assert.equal(res.status, 303);
    const stored = (await Interview.findById(s.interviewId).lean())!;
    assert.equal(stored.panel.length, 2);
    assert.ok(stored.revealedAt, 'revealed');
    assert.equal((await PanelChange.findOne({ interview: s.interviewId }).lean())?.kind, 'removed');
  });

  it('when the manager cancels an interview in the middle of scoring, then it is cancelled, in the trail, and the panel is told', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    await saveRating(s.panel[1].agent, s.interviewId, s.sections[0].id, { value: 3 });
    const res = await postForm(
      s.manager.agent,
      `/positions/${s.positionId}/interviews/${s.interviewId}/cancel`,
      { why: 'The candidate withdrew' },
      pageOf(s),
    );
    assert.equal(res.status, 303);
    assert.equal((await Interview.findById(s.interviewId).lean())!.status, 'cancelled');
    const trail = await PanelChange.findOne({ interview: s.interviewId }).lean();
    assert.equal(trail?.kind, 'cancelled');
    assert.equal(trail?.why, 'The candidate withdrew');
    for (const seat of s.panel) assert.equal((await mailsTo(seat.user.email, /cancelled/i)).length, 1);
  });

  it('when the change is not allowed or the input is bad, then it is refused with a clear message and nothing changes', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const [chair, member] = s.panel;
    await rateAndSubmit(s, [member]);
    const other = await makeUser({ roles: ['panelist'] });
    const manager = await makeUser({ roles: ['manager'] });
    const post = (body: Record<string, unknown>) => postForm(s.manager.agent, panelUrl(s), body, pageOf(s));
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      [
        'a submitted panelist',
        { panelist: String(member.user._id), replacement: String(other._id), why: 'x y z' },
        409,
        /submitted/,
      ],
      [
        'a replacement already on the panel',
        { panelist: String(chair.user._id), replacement: String(member.user._id), why: 'x y z' },
        422,
        /already on the panel/,
      ],
      ['the chair without a replacement', { panelist: String(chair.user._id), why: 'x y z' }, 422, /chair/],
      [
        'a replacement who is not a panelist',
        { panelist: String(chair.user._id), replacement: String(manager._id), why: 'x y z' },
        422,
        /active panelist/,
      ],
      [
        'someone not on the panel',
        { panelist: String(other._id), replacement: String(manager._id), why: 'x y z' },
        422,
        /not on this panel/,
      ],
      ['no reason', { panelist: String(chair.user._id), replacement: String(other._id) }, 422, /why/i],
      [
        'a malformed id',
        { panelist: 'not-an-id', replacement: String(other._id), why: 'x y z' },
        422,
        /correct/,
      ],
      [
        'an unknown field',
        { panelist: String(chair.user._id), replacement: String(other._id), why: 'x y z', extra: '1' },
        422,
        /correct/,
      ],
    ];
    const before = JSON.stringify((await Interview.findById(s.interviewId).lean())!.panel);
    for (const [what, body, status, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, status, `${what}: ${res.status}`);
      assert.match(res.text, message, what);
    }
    assert.equal(JSON.stringify((await Interview.findById(s.interviewId).lean())!.panel), before);
    assert.equal(await PanelChange.countDocuments({ interview: s.interviewId }), 0);
  });
});
