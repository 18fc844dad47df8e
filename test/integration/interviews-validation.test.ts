import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { NO_PUBLISHED_GUIDE } from '../../src/features/interviews/interviews.service.js';
import {
  ensureSomeUser,
  login,
  loginAs,
  makeUser,
  postForm,
  TEST_PASSWORD,
  useTestApp,
} from '../helpers/app.js';
import { addCandidate, html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  inDays,
  interviewCount,
  interviewsUrl,
  panelists,
  panelOf,
  positionReady,
  schedule,
} from '../helpers/interview-factories.js';

describe('interviews: validation and permissions', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when the schedule form is bad, then 422 with the message and nothing is written, mailed or moved', async function () {
    this.timeout(60_000);
    const { agent } = await loginAs(t.app, ['manager']);
    const { positionId, guideId, candidateId } = await positionReady(agent);
    const [a, b, c, d, e] = await panelists(5, 'Valid');
    const manager = await makeUser({ roles: ['manager'], name: 'Only Manager' });
    const inactive = await makeUser({ roles: ['panelist'], status: 'invited' });
    const other = await positionReady(agent, { candidate: 'Elsewhere' });
    const mailsBefore = t.smtp.received.length;
    const good = { candidate: candidateId, panel: panelOf([a, b]) };
    const cases: [string, Record<string, unknown>, string][] = [
      ['one panelist', { panel: panelOf([a]) }, 'Choose 2 to 4 panelists (you chose 1).'],
      ['five panelists', { panel: panelOf([a, b, c, d, e]) }, 'Choose 2 to 4 panelists (you chose 5).'],
      [
        'no chair',
        { panel: panelOf([a, b]).map((r) => ({ ...r, role: 'member' })) },
        'Choose one panelist as the chair.',
      ],
      [
        'two chairs',
        { panel: panelOf([a, b]).map((r) => ({ ...r, role: 'chair' })) },
        'Choose exactly one chair (you chose 2).',
      ],
      ['a duplicate', { panel: panelOf([a, b, a]) }, 'Each panelist may sit on the panel once.'],
      [
        'two chairs and a duplicate, reported together',
        { panel: panelOf([a, b, a]).map((r, i) => ({ ...r, role: i < 2 ? 'chair' : 'member' })) },
        'Choose exactly one chair (you chose 2). Each panelist may sit on the panel once.',
      ],
      [
        'a non-panelist',
        { panel: panelOf([a, manager]) },
        'Every panelist must be an active user with the panelist role.',
      ],
      [
        'an inactive panelist',
        { panel: panelOf([a, inactive]) },
        'Every panelist must be an active user with the panelist role.',
      ],
      [
        'an unknown user',
        { panel: [...panelOf([a]), { user: '0'.repeat(24), role: 'member' }] },
        'Every panelist must be an active user with the panelist role.',
      ],
      [
        'another position’s candidate',
        { candidate: other.candidateId },
        'Choose a candidate of this position.',
      ],
      ['no candidate', { candidate: '' }, 'Choose a candidate.'],
      ['a past date', { scheduledAt: inDays(-1) }, 'Choose a date and time in the future (it is now '],
      [
        'a malformed date',
        { scheduledAt: 'next tuesday' },
        'Enter a real date and time: day, month, year, hours and minutes (the picker fills them in).',
      ],
      [
        'an impossible date',
        { scheduledAt: '2099-02-30T10:00' },
        'Enter a real date and time: day, month, year, hours and minutes (the picker fills them in).',
      ],
      ['no date', { scheduledAt: '' }, 'Enter the date and time.'],
      ['no place', { location: '  ' }, 'Enter the place or the video link.'],
    ];
    for (const [name, body, message] of cases) {
      const res = await schedule(agent, positionId, { ...good, ...body } as Parameters<typeof schedule>[2]);
      assert.equal(res.status, 422, name);
      assert.ok(res.text.includes(html(message)), `${name}: ${message}`);
    }
    const kept = await schedule(agent, positionId, {
      ...good,
      location: 'Room with a <b>tag</b>',
      scheduledAt: 'bad',
    });
    assert.ok(kept.text.includes(html('Room with a <b>tag</b>')), 'keeps what was typed');

    const unpublished = await positionReady(agent, { publishGuide: false, candidate: 'No Guide' });
    const refused = await schedule(agent, unpublished.positionId, {
      candidate: unpublished.candidateId,
      panel: panelOf([a, b]),
    });
    assert.equal(refused.status, 422);
    assert.ok(refused.text.includes(html(NO_PUBLISHED_GUIDE)));
    assert.ok(
      (await agent.get(interviewsUrl(unpublished.positionId))).text.includes(html(NO_PUBLISHED_GUIDE)),
    );

    assert.equal(
      await Interview.countDocuments({
        position: { $in: [positionId, other.positionId, unpublished.positionId] },
      }),
      0,
    );
    for (const id of [candidateId, other.candidateId, unpublished.candidateId])
      assert.equal((await Candidate.findById(id).lean())!.stage, 'applied');
    assert.deepEqual((await GuideVersion.findOne({ guide: guideId }).lean())!.panelists, []);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.smtp.received.length, mailsBefore);
  });

  it('when others try the schedule routes: another manager and panelists get 403, anonymous goes to login; a sharer and an admin may', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const { positionId, candidateId } = await positionReady(owner.agent);
    const panel = await panelists(2, 'Perm');
    const body = { candidate: candidateId, panel: panelOf(panel) };
    const res = await schedule(owner.agent, positionId, body);
    assert.equal(res.status, 303);
    const showUrl = res.headers.location;
    const urls = [interviewsUrl(positionId), showUrl];

    const otherManager = await loginAs(t.app, ['manager']);
    const panelist = supertest.agent(t.app);
    await login(panelist, panel[0].email, TEST_PASSWORD);
    for (const who of [otherManager.agent, panelist]) {
      for (const url of urls) assert.equal((await who.get(url)).status, 403, url);
      assert.equal((await schedule(who, positionId, body)).status, 403);
      assert.equal((await postForm(who, `${showUrl}/cancel`, {})).status, 403);
    }
    assert.equal(await interviewCount(positionId), 1);
    assert.equal((await Interview.findOne({ position: positionId }).lean())!.status, 'scheduled');

    const anonymous = supertest.agent(t.app);
    for (const url of [...urls, `/interviews/${showUrl.split('/').pop()}`]) {
      const r = await anonymous.get(url);
      assert.equal(r.status, 303, url);
      assert.equal(r.headers.location, `/login?returnTo=${encodeURIComponent(url)}`);
    }

    const admin = await loginAs(t.app, ['admin']);
    for (const url of urls) assert.equal((await admin.agent.get(url)).status, 200, url);
    const sharer = await makeUser({ roles: ['manager'] });
    assert.equal(
      (await postForm(owner.agent, `/positions/${positionId}/share`, { email: sharer.email })).status,
      303,
    );
    const sharerAgent = supertest.agent(t.app);
    await login(sharerAgent, sharer.email, TEST_PASSWORD);
    await addCandidate(sharerAgent, positionId, { name: 'By Sharer' });
    const second = (await Candidate.findOne({ position: positionId, name: 'By Sharer' }).lean())!;
    assert.equal(
      (await schedule(sharerAgent, positionId, { ...body, candidate: String(second._id) })).status,
      303,
    );
    assert.equal(await interviewCount(positionId), 2);
  });

  it('when a panelist of another interview, or a manager without the position, opens /interviews/:id, then 403; bad or unknown ids are 404', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { positionId, candidateId } = await positionReady(agent);
    const [mine1, mine2, theirs1, theirs2] = await panelists(4, 'Other');
    const one = await schedule(agent, positionId, { candidate: candidateId, panel: panelOf([mine1, mine2]) });
    const two = await schedule(agent, positionId, {
      candidate: candidateId,
      panel: panelOf([theirs1, theirs2]),
    });
    const [idOne, idTwo] = [one, two].map((r) => r.headers.location.split('/').pop());

    const outsider = supertest.agent(t.app);
    await login(outsider, theirs1.email, TEST_PASSWORD);
    assert.equal((await outsider.get(`/interviews/${idTwo}`)).status, 200);
    assert.equal((await outsider.get(`/interviews/${idOne}`)).status, 403);
    const stranger = await loginAs(t.app, ['manager']);
    assert.equal((await stranger.agent.get(`/interviews/${idOne}`)).status, 403);

    for (const url of [
      '/interviews/not-an-id',
      `/interviews/${'0'.repeat(24)}`,
      `${interviewsUrl(positionId)}/${'0'.repeat(24)}`,
    ])
      assert.equal((await agent.get(url)).status, 404, url);
    const other = await positionReady(agent, { candidate: 'Other Position' });
    assert.equal((await agent.get(`${interviewsUrl(other.positionId)}/${idOne}`)).status, 404);
  });
});
