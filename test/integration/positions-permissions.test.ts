import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Position } from '../../src/features/positions/position.model.js';
import { postNestedForm as postForm } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, makeUser, useTestApp } from '../helpers/app.js';
import { counts, createPosition, csrRows, csrTemplate } from '../helpers/position-factories.js';

describe('positions: permissions', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  const pages = (id: string) => [
    `/positions/${id}`,
    `/positions/${id}/edit`,
    `/positions/${id}/announcement`,
    `/api/positions/${id}`,
  ];

  it('when another manager opens a position not shared with them, then 403 everywhere and it is not listed; once shared they see and edit it', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const other = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(owner.agent, { title: 'Owned by one' });
    for (const url of pages(id)) assert.equal((await other.agent.get(url)).status, 403, url);
    const before = await counts();
    const rows = await csrRows(4);
    assert.equal(
      (await postForm(other.agent, `/positions/${id}`, { title: 'Taken', competencies: rows })).status,
      403,
    );
    assert.equal((await postForm(other.agent, `/positions/${id}/announcement`, { text: 'x' })).status, 403);
    assert.equal(
      (await postForm(other.agent, `/positions/${id}/share`, { email: other.user.email })).status,
      403,
    );
    assert.equal((await postForm(other.agent, `/positions/${id}/guide`, {})).status, 403);
    assert.deepEqual(await counts(), before);
    assert.equal((await Position.findById(id).lean())!.title, 'Owned by one');
    assert.ok(!(await other.agent.get('/positions')).text.includes('Owned by one'));

    const share = await postForm(owner.agent, `/positions/${id}/share`, { email: other.user.email });
    assert.equal(share.status, 303);
    for (const url of pages(id)) assert.equal((await other.agent.get(url)).status, 200, url);
    assert.ok((await other.agent.get('/positions')).text.includes('Owned by one'));
    const edited = await postForm(other.agent, `/positions/${id}`, {
      title: 'Edited by a sharer',
      competencies: rows,
    });
    assert.equal(edited.status, 303);
    // Only the owner shares further or stops sharing.
    assert.equal(
      (await postForm(other.agent, `/positions/${id}/unshare`, { user: String(other.user._id) })).status,
      403,
    );
    const unshare = await postForm(owner.agent, `/positions/${id}/unshare`, { user: String(other.user._id) });
    assert.equal(unshare.status, 303);
    assert.equal((await other.agent.get(`/positions/${id}`)).status, 403);
  });

  it('when sharing with someone who is not an active manager, then 422 and nothing changes', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const panelist = await makeUser({ roles: ['panelist'] });
    const { id } = await createPosition(owner.agent);
    for (const email of [panelist.email, 'nobody@example.org', 'not an email']) {
      const res = await postForm(owner.agent, `/positions/${id}/share`, { email });
      assert.equal(res.status, 422, email);
    }
    assert.deepEqual((await Position.findById(id).lean())!.sharedWith, []);
  });

  it('when an admin opens any position, then it is listed and readable and editable', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const admin = await loginAs(t.app, ['admin']);
    const { id } = await createPosition(owner.agent, { title: 'Seen by admins' });
    assert.ok((await admin.agent.get('/positions')).text.includes('Seen by admins'));
    for (const url of pages(id)) assert.equal((await admin.agent.get(url)).status, 200, url);
  });

  it('when a panelist opens positions, then 403 and no Positions link; anonymous visitors are sent to sign in (401 for JSON)', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(owner.agent);
    const panelist = await loginAs(t.app, ['panelist']);
    assert.ok(!(await panelist.agent.get('/')).text.includes('href="/positions"'));
    assert.ok((await owner.agent.get('/')).text.includes('href="/positions"'));
    for (const url of ['/positions', '/positions/new', ...pages(id)])
      assert.equal((await panelist.agent.get(url)).status, 403, url);
    const before = await counts();
    assert.equal(
      (await postForm(panelist.agent, '/positions', { title: 'X', competencies: await csrRows(4) })).status,
      403,
    );
    assert.deepEqual(await counts(), before);

    const anon = supertest(t.app);
    const page = await anon.get(`/positions/${id}`);
    assert.equal(page.status, 303);
    assert.match(page.headers.location, /^\/login\?returnTo=/);
    assert.equal((await anon.get(`/api/positions/${id}`)).status, 401);
  });
});
