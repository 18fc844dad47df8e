/**
 * Saving an import as a new version: choices the review page refuses with a message (unknown or
 * invalid framework, unknown field, stale draft, a framework replaced meanwhile), each writing nothing.
 */
import assert from 'node:assert/strict';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { seedFramework } from '../helpers/competency-factories.js';
import { assertUntouched, draftExists, newDraft, type Agent } from '../helpers/import-drafts.js';

describe('framework import: a save as a new version refused on the review page writes nothing', () => {
  const t = useTestApp();
  before(ensureSomeUser);
  let agent: Agent;
  before(async () => {
    agent = (await loginAs(t.app, ['manager'])).agent;
  });

  const cases: [string, (own: string) => string, RegExp][] = [
    [
      'an unknown framework id',
      () => 'aaaaaaaaaaaaaaaaaaaaaaaa',
      /There is no such framework to add a version to/,
    ],
    ['a target that is not an id', () => 'the-old-one', /Choose where to save the draft/],
  ];
  for (const [what, target, message] of cases) {
    it(`when the target is ${what}, then 422 with a message`, async () => {
      const own = await seedFramework({ origin: 'import' });
      const draft = await newDraft(agent);
      const res = await agent
        .post(`${draft.url}/save`)
        .type('form')
        .send({ _csrf: draft.token, target: target(own.frameworkId), revision: draft.revision });
      assert.equal(res.status, 422);
      assert.match(res.text, message);
      assert.ok(await draftExists(draft.url));
      await assertUntouched(own.frameworkId);
    });
  }

  it('when the form has an unknown field or no revision, then 422 with a message', async () => {
    const own = await seedFramework({ origin: 'import' });
    const draft = await newDraft(agent);
    const unknown = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: own.frameworkId, revision: draft.revision, version: '2' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /Unknown field: version/);
    const missing = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: own.frameworkId });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /Reload the review page and save again/);
    await assertUntouched(own.frameworkId);
  });

  it('when the draft changed after the page was shown, then 409 and nothing is written', async () => {
    const own = await seedFramework({ origin: 'import' });
    const draft = await newDraft(agent);
    const renamed = await agent
      .post(`${draft.url}/rename`)
      .type('form')
      .send({ _csrf: draft.token, key: 'integrity', name: 'Honesty' });
    assert.equal(renamed.status, 303);
    const res = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: own.frameworkId, revision: draft.revision });
    assert.equal(res.status, 409);
    assert.match(res.text, /This draft was changed .* after this page was shown/);
    assert.match(res.text, /Honesty/, 'the review page shows the draft as it is now');
    await assertUntouched(own.frameworkId);
    assert.ok(await draftExists(draft.url));
  });

  it('when the framework was given a new version since the page was shown, then 409 and nothing more is written', async () => {
    const own = await seedFramework({ origin: 'import' });
    const first = await newDraft(agent);
    const second = await newDraft(agent);
    const save = (d: typeof first) =>
      agent
        .post(`${d.url}/save`)
        .type('form')
        .send({ _csrf: d.token, target: own.frameworkId, revision: d.revision });
    assert.equal((await save(first)).status, 303);
    const res = await save(second);
    assert.equal(res.status, 409);
    assert.match(res.text, /has been replaced by a newer version since this page was shown/);
    assert.equal(await Framework.countDocuments({ supersedes: own.frameworkId }), 1);
    assert.ok(await draftExists(second.url));
  });

  it('when the framework is archived, then 409 and it stays archived', async () => {
    const own = await seedFramework({ origin: 'import' });
    await Framework.updateOne({ _id: own.frameworkId }, { $set: { status: 'archived' } });
    const draft = await newDraft(agent);
    assert.ok(!draft.page.includes(`value="${own.frameworkId}"`), 'archived frameworks are not offered');
    const res = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: own.frameworkId, revision: draft.revision });
    assert.equal(res.status, 409);
    assert.match(res.text, /is archived\. Restore it first, or choose another framework\./);
    const after = await Framework.findById(own.frameworkId).lean();
    assert.equal(after?.status, 'archived');
    assert.equal(after?.supersededBy, undefined);
    assert.equal(await Framework.countDocuments({ supersedes: own.frameworkId }), 0);
    assert.ok(await draftExists(draft.url));
  });

  it('when a saved draft is saved again, then it is not found', async () => {
    const draft = await newDraft(agent);
    const save = () =>
      agent.post(`${draft.url}/save`).type('form').send({ _csrf: draft.token, revision: draft.revision });
    assert.equal((await save()).status, 303);
    assert.equal((await save()).status, 404);
  });
});
