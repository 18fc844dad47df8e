import assert from 'node:assert/strict';
import supertest from 'supertest';
import { seedFramework } from '../helpers/competency-factories.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

describe('POST /api/generate', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  async function signedIn() {
    const { agent } = await loginAs(t.app, ['panelist']);
    const token = await csrfToken(agent, '/');
    const post = (body?: unknown) => {
      const req = agent.post('/api/generate').set('X-CSRF-Token', token).set('Accept', 'application/json');
      return body === undefined ? req : req.send(body as object);
    };
    return { agent, post };
  }

  it('when a signed-in user asks for behavioral and reference items, then items of those kinds come back', async () => {
    const f = await seedFramework();
    const { post } = await signedIn();
    const res = await post({
      competencyId: f.ids.behavioral,
      level: 1,
      kinds: ['behavioral', 'reference'],
      candidateName: 'Jordan Avery',
      jobTitle: 'Customer Service Representative',
    });
    assert.equal(res.status, 200, res.text);
    const items = res.body.items as { kind: string; level: number; text: string; source: string }[];
    assert.ok(items.length > 0);
    assert.deepEqual([...new Set(items.map((i) => i.kind))].sort(), ['behavioral', 'reference']);
    for (const item of items) {
      assert.equal(item.level, 1);
      assert.ok(item.text.length > 10, item.text);
      assert.equal(typeof item.source, 'string');
    }
    const behavioral = res.body.items.filter((i: { kind: string }) => i.kind === 'behavioral');
    assert.ok(behavioral.length >= 3, 'at least three behavioral questions');
    assert.ok(behavioral[0].probes.situation.length > 0);
    assert.ok(behavioral[0].ratingGuide.length >= 3);
    assert.ok(
      items.some((i) => i.kind === 'reference' && i.text.includes('Jordan')),
      "reference questions use the candidate's name",
    );
  });

  it('when no kinds are given and a scale key is, then all four kinds come back rated on that scale', async () => {
    const f = await seedFramework();
    const { post } = await signedIn();
    const res = await post({ competencyId: f.ids.behavioral, level: '2', scaleKey: `rating-${f.tag}` });
    assert.equal(res.status, 200, res.text);
    const kinds = new Set(res.body.items.map((i: { kind: string }) => i.kind));
    assert.deepEqual([...kinds].sort(), ['behavioral', 'qualification', 'reference', 'situational']);
    const guide = res.body.items.find((i: { ratingGuide?: unknown[] }) => i.ratingGuide?.length).ratingGuide;
    assert.deepEqual(
      guide.map((g: { label: string }) => g.label),
      ['Needs Improvement', 'Meets Expectations', 'Exceeds Expectations'],
    );
  });

  it('when the competency has no levels of its own, then its framework proficiency scale gives the levels', async () => {
    const f = await seedFramework();
    const { post } = await signedIn();
    const res = await post({ competencyId: f.ids.technical, level: 2, kinds: ['qualification'] });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.items.length > 0);
  });

  it('when the level is one the competency lacks, then 422 with a clear message', async () => {
    const f = await seedFramework();
    const { post } = await signedIn();
    const res = await post({ competencyId: f.ids.behavioral, level: 9, kinds: ['behavioral'] });
    assert.equal(res.status, 422);
    assert.match(res.body.error, /level/i);
  });

  it('when a kind is unknown, then 422 names it', async () => {
    const f = await seedFramework();
    const { post } = await signedIn();
    const res = await post({ competencyId: f.ids.behavioral, level: 1, kinds: ['behavioral', 'wizardry'] });
    assert.equal(res.status, 422);
    assert.match(res.body.error, /wizardry/);
  });

  it('when the body is missing or invalid, then 422', async () => {
    const f = await seedFramework();
    const { post } = await signedIn();
    const none = await post();
    assert.equal(none.status, 422);
    assert.ok(none.body.error);
    const noLevel = await post({ competencyId: f.ids.behavioral, kinds: ['behavioral'] });
    assert.equal(noLevel.status, 422);
    assert.match(noLevel.body.error, /level/);
    const badId = await post({ competencyId: 'nope', level: 1 });
    assert.equal(badId.status, 422);
    const emptyKinds = await post({ competencyId: f.ids.behavioral, level: 1, kinds: [] });
    assert.equal(emptyKinds.status, 422);
  });

  it('when the competency does not exist, then 404', async () => {
    const { post } = await signedIn();
    const res = await post({ competencyId: '0123456789abcdef01234567', level: 1 });
    assert.equal(res.status, 404);
    assert.ok(res.body.error);
  });

  it('when the CSRF token is missing, then 403', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    const res = await agent
      .post('/api/generate')
      .set('Accept', 'application/json')
      .send({ competencyId: f.ids.behavioral, level: 1 });
    assert.equal(res.status, 403);
  });

  it('when the caller is anonymous, then 401', async () => {
    const f = await seedFramework();
    const agent = supertest.agent(t.app);
    const token = await csrfToken(agent, '/login');
    const res = await agent
      .post('/api/generate')
      .set('X-CSRF-Token', token)
      .send({ competencyId: f.ids.behavioral, level: 1 });
    assert.equal(res.status, 401);
  });
});
