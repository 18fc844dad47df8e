import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Types } from 'mongoose';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { Nomination } from '../../src/features/references/nomination.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { csrfToken, ensureSomeUser, loginAs, postForm, uniqueEmail, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  addAndSend,
  addReference,
  referenceReady,
  referencesUrl,
  templateUrl,
  type ReferenceSetup,
} from '../helpers/reference-factories.js';

interface Route {
  method: 'get' | 'post';
  path: string;
  body?: Record<string, unknown>;
}

describe('references: permissions on every route', () => {
  const t = useTestApp();
  let s: ReferenceSetup;
  let routes: Route[];
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
    s = await referenceReady(t.app);
    const sent = await addAndSend(s);
    const notSent = await addReference(s.agent, s.positionId, s.candidateId, { name: 'Not Yet' });
    const item = (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!.opening[0].id;
    const tpl = templateUrl(s.positionId);
    const base = referencesUrl(s.positionId, s.candidateId);
    const person = { name: 'Eve', email: uniqueEmail('eve'), relationship: 'peer' };
    routes = [
      { method: 'get', path: tpl },
      { method: 'post', path: `${tpl}/regenerate` },
      { method: 'post', path: `${tpl}/review`, body: { rev: '0' } },
      { method: 'post', path: `${tpl}/confidentiality`, body: { mode: 'aggregate', minResponses: '3' } },
      { method: 'post', path: `${tpl}/items`, body: { part: 'opening', text: 'Q?' } },
      { method: 'post', path: `${tpl}/items/${item}`, body: { text: 'Changed?' } },
      { method: 'post', path: `${tpl}/items/${item}/move`, body: { direction: 'down' } },
      { method: 'post', path: `${tpl}/items/${item}/remove` },
      { method: 'get', path: base },
      { method: 'post', path: base, body: person },
      { method: 'post', path: `${base}/send-all` },
      { method: 'post', path: `${base}/nominate`, body: { wanted: '2' } },
      { method: 'post', path: `${base}/${notSent.referenceId}/send` },
      { method: 'post', path: `${base}/${sent.referenceId}/resend` },
      { method: 'get', path: `${base}/${sent.referenceId}/replace` },
      { method: 'post', path: `${base}/${sent.referenceId}/replace`, body: person },
      { method: 'get', path: `/api/candidates/${s.candidateId}/references` },
    ];
  });

  const snapshot = async () => ({
    references: JSON.stringify(await Reference.find({ candidate: s.candidateId }).sort({ _id: 1 }).lean()),
    template: JSON.stringify(await ReferenceTemplate.findOne({ position: s.positionId }).lean()),
    nominations: await Nomination.countDocuments({ candidate: s.candidateId }),
    outbox: await OutboxMessage.countDocuments({}),
  });

  async function call(agent: supertest.Agent, r: Route) {
    if (r.method === 'get') return agent.get(r.path);
    return postForm(agent, r.path, r.body ?? {});
  }

  for (const [who, roles] of [
    ['a panelist', ['panelist']],
    ['a manager the position is not shared with', ['manager']],
  ] as const) {
    it(`when ${who} tries every route, then each answers 403 and nothing changes`, async () => {
      const { agent } = await loginAs(t.app, [...roles]);
      const before = await snapshot();
      for (const r of routes) {
        const res = await call(agent, r);
        assert.equal(res.status, 403, `${r.method} ${r.path}: ${res.status}`);
      }
      const json = await agent
        .get(`/api/candidates/${s.candidateId}/references`)
        .set('Accept', 'application/json');
      assert.equal(json.status, 403);
      assert.ok(json.body.error);
      assert.deepEqual(await snapshot(), before);
    });
  }

  it('when nobody is signed in, then pages lead to the sign-in page, forms are refused, the JSON route answers 401, and nothing changes', async () => {
    const agent = supertest.agent(t.app);
    const before = await snapshot();
    for (const r of routes) {
      if (r.method === 'get') {
        const res = await agent.get(r.path);
        if (r.path.startsWith('/api/')) {
          assert.equal(res.status, 401, r.path);
        } else {
          assert.equal(res.status, 303, r.path);
          assert.equal(res.headers.location, `/login?returnTo=${encodeURIComponent(r.path)}`);
        }
      } else {
        const token = await csrfToken(agent, '/login');
        const res = await agent
          .post(r.path)
          .type('form')
          .send({ ...(r.body ?? {}), _csrf: token });
        assert.equal(res.status, 303, r.path);
        assert.equal(res.headers.location, '/login');
      }
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('when an admin or a manager the position is shared with opens the pages, then they get them', async () => {
    const admin = await loginAs(t.app, ['admin']);
    const sharer = await loginAs(t.app, ['manager']);
    assert.equal(
      (await postForm(s.agent, `/positions/${s.positionId}/share`, { email: sharer.user.email })).status,
      303,
    );
    for (const agent of [admin.agent, sharer.agent]) {
      for (const r of routes.filter((x) => x.method === 'get')) {
        assert.equal((await agent.get(r.path)).status, 200, r.path);
      }
    }
    const res = await addReference(sharer.agent, s.positionId, s.candidateId, { name: 'Added By Sharer' });
    assert.equal(res.res.status, 303);
  });

  it('when a candidate or reference is addressed under another position or candidate, then 404', async () => {
    const other = await referenceReady(t.app, { agent: s.agent, user: s.user, candidate: 'Other' });
    const otherRef = await addReference(s.agent, other.positionId, other.candidateId);
    // The candidate under the wrong position.
    assert.equal((await s.agent.get(referencesUrl(s.positionId, other.candidateId))).status, 404);
    // Another candidate's reference under this candidate.
    const base = referencesUrl(s.positionId, s.candidateId);
    assert.equal((await postForm(s.agent, `${base}/${otherRef.referenceId}/send`, {})).status, 404);
    assert.equal((await s.agent.get(`${base}/${otherRef.referenceId}/replace`)).status, 404);
    assert.equal((await postForm(s.agent, `${base}/not-an-id/resend`, {})).status, 404);
    assert.equal((await s.agent.get(referencesUrl(s.positionId, 'nope'))).status, 404);
    assert.equal((await s.agent.get(`/api/candidates/${new Types.ObjectId()}/references`)).status, 404);
    assert.equal((await Reference.findById(otherRef.referenceId).lean())!.status, 'not-sent');
  });
});
