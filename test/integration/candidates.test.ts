import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import {
  ensureSomeUser,
  login,
  loginAs,
  makeUser,
  postForm,
  TEST_PASSWORD,
  useTestApp,
} from '../helpers/app.js';
import { addCandidate, candidateCount, candidatesUrl, html } from '../helpers/candidate-factories.js';
import { createPosition, csrTemplate } from '../helpers/position-factories.js';

describe('candidates', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager adds a candidate, then it is listed at the Applied stage and counted on the position page', async () => {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    const res = await addCandidate(agent, id, {
      name: 'Grace Hopper',
      email: '  Grace.Hopper@Example.ORG ',
      notes: 'Referred by <b>Ada</b>',
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, candidatesUrl(id));
    const saved = (await Candidate.findOne({ position: id }).lean())!;
    assert.equal(saved.email, 'grace.hopper@example.org');
    assert.equal(saved.stage, 'applied');
    assert.equal(String(saved.createdBy), String(user._id));
    assert.deepEqual(saved.stageHistory, []);
    const list = await agent.get(candidatesUrl(id));
    assert.equal(list.status, 200);
    assert.ok(list.text.includes('Grace Hopper'));
    assert.ok(list.text.includes('grace.hopper@example.org'));
    assert.ok(list.text.includes('Applied'));
    assert.ok(list.text.includes('Grace Hopper added.'));
    const position = await agent.get(`/positions/${id}`);
    assert.ok(position.text.includes(`href="${candidatesUrl(id)}">Candidates (1)</a>`));
    const show = await agent.get(`${candidatesUrl(id)}/${saved._id}`);
    assert.equal(show.status, 200);
    assert.ok(show.text.includes(html('Referred by <b>Ada</b>')), 'notes escaped');
  });

  it('when a manager edits a candidate, then the new values are saved; an email taken in the position is refused', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    await addCandidate(agent, id, { name: 'First', email: 'first@example.org' });
    await addCandidate(agent, id, { name: 'Second', email: 'second@example.org' });
    const first = (await Candidate.findOne({ position: id, email: 'first@example.org' }))!;
    const url = `${candidatesUrl(id)}/${first.id}`;
    const ok = await postForm(agent, url, {
      name: 'First Renamed',
      email: 'First.New@example.org',
      notes: 'n',
    });
    assert.equal(ok.status, 303, ok.text);
    const saved = (await Candidate.findById(first._id).lean())!;
    assert.equal(saved.name, 'First Renamed');
    assert.equal(saved.email, 'first.new@example.org');
    assert.equal(saved.notes, 'n');

    const taken = await postForm(agent, url, { name: 'X', email: 'SECOND@example.org' });
    assert.equal(taken.status, 409);
    assert.ok(taken.text.includes('already exists for this position'));
    const again = await addCandidate(agent, id, { name: 'Dup', email: 'second@example.org' });
    assert.equal(again.status, 409);
    assert.equal(await candidateCount(id), 2);
    assert.equal((await Candidate.findById(first._id).lean())!.name, 'First Renamed');

    // The same person may apply to another position.
    const other = await createPosition(agent, { title: 'Another position' });
    assert.equal((await addCandidate(agent, other.id, { email: 'second@example.org' })).status, 303);
  });

  it('when the stage changes twice, then each change is recorded with who, when and the note, and shown', async () => {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    await addCandidate(agent, id, { name: 'Staged', email: 'staged@example.org' });
    const c = (await Candidate.findOne({ position: id }))!;
    const url = `${candidatesUrl(id)}/${c.id}`;
    const a = await postForm(agent, `${url}/stage`, { stage: 'interview', note: 'Strong application' });
    assert.equal(a.status, 303, a.text);
    const b = await postForm(agent, `${url}/stage`, { stage: 'withdrawn', note: '' });
    assert.equal(b.status, 303, b.text);
    const saved = (await Candidate.findById(c._id).lean())!;
    assert.equal(saved.stage, 'withdrawn');
    assert.deepEqual(
      saved.stageHistory.map((h) => [h.from, h.to, h.note, h.byName, String(h.by)]),
      [
        ['applied', 'interview', 'Strong application', user.name, String(user._id)],
        ['interview', 'withdrawn', undefined, user.name, String(user._id)],
      ],
    );
    assert.ok(saved.stageHistory[0].at <= saved.stageHistory[1].at);
    const page = await agent.get(url);
    assert.ok(page.text.includes('Strong application'));
    assert.match(page.text, /<td>Applied<\/td>\s*<td>Interview<\/td>/);
    assert.match(page.text, /<td>Interview<\/td>\s*<td>Withdrawn<\/td>/);

    const same = await postForm(agent, `${url}/stage`, { stage: 'withdrawn' });
    assert.equal(same.status, 422);
    assert.equal((await Candidate.findById(c._id).lean())!.stageHistory.length, 2);
  });

  it('when inputs are bad, then 422 with the messages and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    await addCandidate(agent, id, { name: 'Kept', email: 'kept@example.org' });
    const c = (await Candidate.findOne({ position: id }).lean())!;
    const url = `${candidatesUrl(id)}/${c._id}`;
    for (const body of [
      { name: '', email: 'a@example.org' },
      { name: 'No email', email: 'not an email' },
      { name: 'x'.repeat(121), email: 'b@example.org' },
      { name: 'Long notes', email: 'c@example.org', notes: 'x'.repeat(5001) },
    ]) {
      const res = await addCandidate(agent, id, body);
      assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
      const edit = await postForm(agent, url, body);
      assert.equal(edit.status, 422);
    }
    const bad = await addCandidate(agent, id, { name: 'Y', email: 'nope' });
    assert.ok(bad.text.includes('Enter a valid email address'));
    assert.ok(bad.text.includes('value="nope"'), 'keeps what was typed');
    for (const stage of ['', 'rejected', 'APPLIED']) {
      const res = await postForm(agent, `${url}/stage`, { stage, note: 'n' });
      assert.equal(res.status, 422, stage);
    }
    assert.equal(
      (await postForm(agent, `${url}/stage`, { stage: 'offer', note: 'x'.repeat(2001) })).status,
      422,
    );
    assert.equal(await candidateCount(id), 1);
    const after = (await Candidate.findById(c._id).lean())!;
    assert.equal(after.name, 'Kept');
    assert.equal(after.stage, 'applied');
    assert.deepEqual(after.stageHistory, []);
  });

  it('when ids are bad or belong elsewhere, then 404', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    const other = await createPosition(agent, { title: 'Other' });
    await addCandidate(agent, other.id, { email: 'elsewhere@example.org' });
    const elsewhere = (await Candidate.findOne({ position: other.id }).lean())!;
    for (const url of [
      '/positions/not-an-id/candidates',
      `/positions/${'0'.repeat(24)}/candidates`,
      `${candidatesUrl(id)}/not-an-id`,
      `${candidatesUrl(id)}/${'0'.repeat(24)}`,
      `${candidatesUrl(id)}/${elsewhere._id}`,
    ])
      assert.equal((await agent.get(url)).status, 404, url);
    const post = await postForm(agent, `${candidatesUrl(id)}/${elsewhere._id}/stage`, { stage: 'hired' });
    assert.equal(post.status, 404);
    assert.equal((await Candidate.findById(elsewhere._id).lean())!.stage, 'applied');
  });

  it('when others try: another manager and a panelist get 403, anonymous goes to login, an admin and a sharer are allowed', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(owner.agent);
    await addCandidate(owner.agent, id, { email: 'perm@example.org' });
    const c = (await Candidate.findOne({ position: id }).lean())!;
    const pages = [candidatesUrl(id), `${candidatesUrl(id)}/${c._id}`];

    const other = await loginAs(t.app, ['manager']);
    const panelist = await loginAs(t.app, ['panelist']);
    for (const who of [other, panelist]) {
      for (const url of pages) assert.equal((await who.agent.get(url)).status, 403, url);
      assert.equal((await addCandidate(who.agent, id, { email: 'intruder@example.org' })).status, 403);
      assert.equal((await postForm(who.agent, `${pages[1]}/stage`, { stage: 'hired' })).status, 403);
      const imp = await postForm(who.agent, `${candidatesUrl(id)}/import`, {
        csv: 'name,email\nX,x@example.org',
      });
      assert.equal(imp.status, 403);
    }
    assert.equal(await candidateCount(id), 1);
    assert.equal((await Candidate.findById(c._id).lean())!.stage, 'applied');

    const anonymous = supertest.agent(t.app);
    const res = await anonymous.get(pages[1]);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/login?returnTo=${encodeURIComponent(pages[1])}`);

    const admin = await loginAs(t.app, ['admin']);
    for (const url of pages) assert.equal((await admin.agent.get(url)).status, 200, url);
    assert.equal((await postForm(admin.agent, `${pages[1]}/stage`, { stage: 'interview' })).status, 303);

    const sharer = await makeUser({ roles: ['manager'] });
    assert.equal(
      (await postForm(owner.agent, `/positions/${id}/share`, { email: sharer.email })).status,
      303,
    );
    const sharerAgent = supertest.agent(t.app);
    await login(sharerAgent, sharer.email, TEST_PASSWORD);
    for (const url of pages) assert.equal((await sharerAgent.get(url)).status, 200, url);
    assert.equal((await addCandidate(sharerAgent, id, { email: 'by-sharer@example.org' })).status, 303);
  });

  it('when a form is posted without the CSRF token, then 403 and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    await addCandidate(agent, id, { email: 'csrf@example.org' });
    const c = (await Candidate.findOne({ position: id }).lean())!;
    const url = `${candidatesUrl(id)}/${c._id}`;
    const posts: [string, Record<string, string>][] = [
      [candidatesUrl(id), { name: 'No token', email: 'no-token@example.org' }],
      [`${candidatesUrl(id)}/import`, { csv: 'name,email\nNo Token,no-token-2@example.org' }],
      [url, { name: 'Changed', email: 'csrf@example.org' }],
      [`${url}/stage`, { stage: 'hired' }],
    ];
    for (const [path, body] of posts) {
      assert.equal((await agent.post(path).type('form').send(body)).status, 403, path);
      assert.equal(
        (
          await agent
            .post(path)
            .type('form')
            .send({ ...body, _csrf: 'wrong' })
        ).status,
        403,
        path,
      );
    }
    assert.equal(await candidateCount(id), 1);
    const after = (await Candidate.findById(c._id).lean())!;
    assert.equal(after.name, 'Ada Lovelace');
    assert.equal(after.stage, 'applied');
  });
});
