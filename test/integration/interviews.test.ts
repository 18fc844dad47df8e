import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { formatTime } from '../../src/lib/format-time.js';
import { ensureSomeUser, login, loginAs, postForm, TEST_PASSWORD, useTestApp } from '../helpers/app.js';
import { addCandidate, html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  inDays,
  interviewsUrl,
  panelists,
  panelOf,
  positionReady,
  schedule,
} from '../helpers/interview-factories.js';

const loginUser = async (app: Parameters<typeof supertest.agent>[0], email: string) => {
  const agent = supertest.agent(app);
  await login(agent, email, TEST_PASSWORD);
  return agent;
};

describe('interviews: scheduling, the panel’s mail and home page, cancelling', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager schedules an interview, then every panelist is emailed the details and link, the candidate moves to Interview with history, and the panel may read the guide version', async () => {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const { positionId, guideId, candidateId } = await positionReady(agent, { candidate: 'Dorothy Vaughan' });
    const panel = await panelists(3);
    // A manager who also holds the panelist role may sit.
    const managerPanelist = (await loginAs(t.app, ['manager', 'panelist'])).user;
    const rows = panelOf([...panel, managerPanelist]);
    const when = inDays(5);

    const res = await schedule(agent, positionId, {
      candidate: candidateId,
      panel: rows,
      scheduledAt: when,
      location: 'https://meet.example.org/abc-def',
    });
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const interview = (await Interview.findOne({ candidate: candidateId }).lean())!;
    assert.equal(res.headers.location, `${interviewsUrl(positionId)}/${interview._id}`);
    assert.equal(interview.status, 'scheduled');
    assert.equal(String(interview.guide), guideId);
    assert.equal(interview.guideVersion, 1);
    assert.equal(interview.scheduledAt.toISOString().slice(0, 16), when);
    assert.deepEqual(
      interview.panel.map((p) => [String(p.user), p.role]),
      rows.map((r) => [r.user, r.role]),
    );
    assert.equal(String(interview.createdBy), String(user._id));

    const link = `${t.config.baseUrl}/interviews/${interview._id}`;
    for (const [i, u] of [...panel, managerPanelist].entries()) {
      const mail = await t.smtp.waitFor((m) => m.to.includes(u.email) && m.text.includes(link));
      assert.ok(mail.subject.includes('Dorothy Vaughan'));
      assert.ok(mail.text.includes('Customer Service Representative'));
      // The organisation's zone (UTC here) with the zone named, as every recipient without their own sees it.
      assert.ok(mail.text.includes(formatTime(new Date(`${when}Z`), 'UTC')), mail.text);
      assert.ok(mail.text.includes('https://meet.example.org/abc-def'));
      assert.ok(mail.text.includes(i === 0 ? 'Your role: Chair' : 'Your role: Panel member'));
    }

    const c = (await Candidate.findById(candidateId).lean())!;
    assert.equal(c.stage, 'interview');
    assert.deepEqual(
      c.stageHistory.map((h) => [h.from, h.to, String(h.by)]),
      [['applied', 'interview', String(user._id)]],
    );

    const member = await loginUser(t.app, panel[1].email);
    assert.equal((await member.get(`/guides/${guideId}/versions/1`)).status, 200);
    const page = await member.get(`/interviews/${interview._id}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('Dorothy Vaughan'));
    assert.ok(page.text.includes(html('https://meet.example.org/abc-def')));
    assert.ok(page.text.includes(`/guides/${guideId}/versions/1`));
    assert.ok(!page.text.includes('/cancel'), 'panelists get a read-only summary');

    const list = await agent.get(interviewsUrl(positionId));
    assert.equal(list.status, 200);
    assert.ok(list.text.includes('Dorothy Vaughan'));
    assert.equal((await agent.get(`/interviews/${interview._id}`)).status, 200);

    // A second interview of the same candidate leaves the stage and its history alone.
    const again = await schedule(agent, positionId, {
      candidate: candidateId,
      panel: panelOf(panel.slice(0, 2)),
    });
    assert.equal(again.status, 303);
    assert.equal((await Candidate.findById(candidateId).lean())!.stageHistory.length, 1);
  });

  it('when panelists open their home page, then each sees only their own scheduled interviews still ahead, soonest first', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { positionId, candidateId } = await positionReady(agent, { candidate: 'Mary Jackson' });
    await addCandidate(agent, positionId, { name: 'Annie Easley' });
    const annie = (await Candidate.findOne({ position: positionId, name: 'Annie Easley' }).lean())!;
    const [me, colleague, stranger] = await panelists(3, 'Home');
    const later = await schedule(agent, positionId, {
      candidate: candidateId,
      panel: panelOf([colleague, me]),
      scheduledAt: inDays(9),
    });
    const sooner = await schedule(agent, positionId, {
      candidate: String(annie._id),
      panel: panelOf([me, colleague]),
      scheduledAt: inDays(2),
    });
    const notMine = await schedule(agent, positionId, {
      candidate: candidateId,
      panel: panelOf([stranger, colleague]),
      scheduledAt: inDays(1),
      location: 'Not my room',
    });
    const cancelled = await schedule(agent, positionId, {
      candidate: candidateId,
      panel: panelOf([me, stranger]),
      scheduledAt: inDays(4),
      location: 'Cancelled room',
    });
    for (const r of [later, sooner, notMine, cancelled]) assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal((await postForm(agent, `${cancelled.headers.location}/cancel`, {})).status, 303);
    // One already past (written directly: the form refuses past dates).
    const past = (await Interview.findOne({ location: 'Not my room' }).lean())!;
    await Interview.create({
      ...past,
      _id: undefined,
      panel: panelOf([me, stranger]),
      scheduledAt: new Date(Date.now() - 3_600_000),
      location: 'Past room',
    });

    const home = await (await loginUser(t.app, me.email)).get('/');
    assert.equal(home.status, 200);
    assert.ok(home.text.includes('Your upcoming interviews'));
    const rows = home.text.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
    const ids = [...rows.matchAll(/href="\/interviews\/([0-9a-f]{24})"/g)].map((m) => m[1]);
    const idOf = (r: supertest.Response) => r.headers.location.split('/').pop();
    assert.deepEqual(ids, [idOf(sooner), idOf(later)]);
    assert.ok(rows.indexOf('Annie Easley') < rows.indexOf('Mary Jackson'));
    assert.match(rows, /Annie Easley<\/td>\s*<td>Customer Service Representative<\/td>\s*<td>Chair<\/td>/);
    assert.match(
      rows,
      /Mary Jackson<\/td>\s*<td>Customer Service Representative<\/td>\s*<td>Panel member<\/td>/,
    );
    for (const hidden of ['Not my room', 'Cancelled room', 'Past room'])
      assert.ok(!home.text.includes(hidden), hidden);

    const managerHome = await agent.get('/');
    assert.ok(!managerHome.text.includes('Your upcoming interviews'));
  });

  it('when a manager cancels an interview, then it is cancelled, the panel is told, it leaves their home page, and it cannot be cancelled twice', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { positionId, candidateId } = await positionReady(agent, { candidate: 'Christine Darden' });
    const panel = await panelists(2, 'Cancel');
    const res = await schedule(agent, positionId, { candidate: candidateId, panel: panelOf(panel) });
    assert.equal(res.status, 303);
    const url = res.headers.location;
    const show = await agent.get(url);
    assert.ok(show.text.includes('Cancel the interview'));

    const member = await loginUser(t.app, panel[1].email);
    assert.ok((await member.get('/')).text.includes('Christine Darden'));
    assert.equal((await postForm(member, `${url}/cancel`, {})).status, 403);

    const cancel = await postForm(agent, `${url}/cancel`, {});
    assert.equal(cancel.status, 303);
    const saved = (await Interview.findOne({ candidate: candidateId }).lean())!;
    assert.equal(saved.status, 'cancelled');
    assert.ok(saved.cancelledAt);
    for (const u of panel)
      await t.smtp.waitFor((m) => m.to.includes(u.email) && m.subject.startsWith('Interview cancelled'));
    assert.ok(!(await member.get('/')).text.includes('Christine Darden'));
    assert.ok((await agent.get(url)).text.includes('Cancelled'));
    assert.equal((await postForm(agent, `${url}/cancel`, {})).status, 409);
  });
});
