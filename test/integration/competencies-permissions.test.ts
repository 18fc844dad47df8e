import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import {
  counts,
  formEncode,
  formOf,
  postNestedForm as postForm,
  seedFramework,
} from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

describe('competency editing permissions', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when a panelist opens or posts to any editing route, then 403 and nothing changes', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['panelist']);
    const gets = [
      '/competencies/frameworks/new',
      `/competencies/frameworks/${f.frameworkId}/edit`,
      `/competencies/frameworks/${f.frameworkId}/clone`,
      `/competencies/frameworks/${f.frameworkId}/competencies/new`,
      `/competencies/${f.ids.behavioral}/edit`,
      `/competencies/${f.ids.behavioral}/clone`,
    ];
    for (const page of gets) assert.equal((await agent.get(page)).status, 403, page);
    const before = await counts();
    const stored = await Competency.findById(f.ids.behavioral).lean();
    const posts: [string, Record<string, unknown>][] = [
      ['/competencies/frameworks', { name: 'Sneaky', organization: 'X' }],
      [`/competencies/frameworks/${f.frameworkId}`, { name: 'Sneaky', organization: 'X' }],
      [`/competencies/frameworks/${f.frameworkId}/clone`, { organization: 'X' }],
      [`/competencies/frameworks/${f.frameworkId}/archive`, {}],
      [`/competencies/frameworks/${f.frameworkId}/restore`, {}],
      [`/competencies/frameworks/${f.frameworkId}/competencies`, { name: 'Sneaky', kind: 'behavioral' }],
      [`/competencies/${f.ids.behavioral}`, { ...(await formOf(f.ids.behavioral)), name: 'Sneaky' }],
      [`/competencies/${f.ids.behavioral}/clone`, { framework: f.frameworkId }],
      [`/competencies/${f.ids.behavioral}/archive`, {}],
      [`/competencies/${f.ids.behavioral}/restore`, {}],
    ];
    for (const [url, body] of posts) assert.equal((await postForm(agent, url, body)).status, 403, url);
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await Competency.findById(f.ids.behavioral).lean(), stored);
    assert.equal((await Framework.findById(f.frameworkId).lean())!.status, 'active');
  });

  it('when an anonymous visitor posts an edit, then nothing changes', async () => {
    const f = await seedFramework();
    const res = await supertest(t.app)
      .post(`/competencies/${f.ids.behavioral}/archive`)
      .type('form')
      .send({});
    assert.ok(res.status === 403 || res.status === 303);
    assert.equal((await Competency.findById(f.ids.behavioral).lean())!.status, 'active');
  });

  it('when the CSRF token is missing, then 403 and nothing changes', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    const res = await agent
      .post(`/competencies/${f.ids.behavioral}`)
      .type('form')
      .send(formEncode({ ...(await formOf(f.ids.behavioral)), name: 'No token' }));
    assert.equal(res.status, 403);
    const archive = await agent.post(`/competencies/${f.ids.behavioral}/archive`).type('form').send({});
    assert.equal(archive.status, 403);
    const saved = (await Competency.findById(f.ids.behavioral).lean())!;
    assert.equal(saved.name, `Active Listening ${f.tag}`);
    assert.equal(saved.status, 'active');
  });

  it('when an id is malformed or unknown, then editing routes answer 404', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    for (const id of ['nope', '0123456789abcdef01234567']) {
      for (const page of [`/competencies/${id}/edit`, `/competencies/frameworks/${id}/edit`])
        assert.equal((await agent.get(page)).status, 404, page);
      for (const url of [
        `/competencies/${id}`,
        `/competencies/${id}/archive`,
        `/competencies/frameworks/${id}`,
        `/competencies/frameworks/${id}/clone`,
        `/competencies/frameworks/${id}/competencies`,
      ])
        assert.equal(
          (await postForm(agent, url, { name: 'x', organization: 'y', kind: 'behavioral' })).status,
          404,
          url,
        );
    }
  });
});
