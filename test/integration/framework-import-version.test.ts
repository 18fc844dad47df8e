/**
 * Saving a reviewed document import as the next version of a framework in the library (issue 15):
 * the new version supersedes the old, which is archived with its competencies intact, so guides
 * built on it keep working. Who may do it, and every refusal writing nothing.
 */
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { Competency } from '../../src/features/competencies/competency.model.js';
import type { FrameworkFile } from '../../src/features/competencies/framework-file.schema.js';
import { importAsNextVersion } from '../../src/features/competencies/framework-versions.service.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { FrameworkDraft } from '../../src/features/framework-import/framework-draft.model.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { postNestedForm, seedFramework } from '../helpers/competency-factories.js';
import { createPosition } from '../helpers/position-factories.js';

const DOCUMENT = `# Service values

## Integrity

Acts honestly and keeps promises.

What it looks like:
- Tells the truth when it is unwelcome.

## Stewardship

Uses public money and time with care.

What it looks like:
- Compares prices before buying.
`;

type Agent = supertest.Agent;

/** A pasted-text draft: its review URL, a CSRF token and the revision the review page shows. */
async function newDraft(agent: Agent) {
  const token = await csrfToken(agent, '/framework-import');
  const posted = await agent.post('/framework-import').type('form').send({ _csrf: token, text: DOCUMENT });
  assert.equal(posted.status, 303);
  const url = posted.headers.location as string;
  const page = await agent.get(url);
  return { url, token, page: page.text, revision: /name="revision" value="(\d+)"/.exec(page.text)![1] };
}

const draftExists = async (url: string) =>
  (await FrameworkDraft.exists({ _id: url.split('/').pop() })) !== null;

/** What a refused save must leave as it was: the old framework active and latest, no successor. */
async function assertUntouched(frameworkId: string) {
  const old = await Framework.findById(frameworkId).lean();
  assert.equal(old?.status, 'active');
  assert.equal(old?.supersededBy, undefined);
  assert.equal(await Framework.countDocuments({ supersedes: frameworkId }), 0);
}

describe('framework import: save as a new version of an existing framework', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when a manager saves a draft as the next version of their framework, then the new version holds the imported competencies and guides on the old one keep working', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const old = await seedFramework({ origin: 'import' });
    const oldCompetencies = await Competency.find({ framework: old.frameworkId }).lean();
    const { id: positionId } = await createPosition(agent, {
      title: `Clerk ${old.tag}`,
      competencies: [
        { competency: old.ids.behavioral, requiredLevel: '1', weight: '1', requirement: 'required' },
      ],
    });
    assert.ok(positionId, 'the position on the old version was created');
    const guide = await postNestedForm(agent, `/positions/${positionId}/guide`, {});
    const guideUrl = guide.headers.location as string;
    assert.match(guideUrl, /^\/guides\/[0-9a-f]{24}$/);

    const draft = await newDraft(agent);
    assert.match(
      draft.page,
      new RegExp(`<option value="${old.frameworkId}">A new version of “Framework ${old.tag}”`),
    );
    const saved = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: old.frameworkId, revision: draft.revision });
    assert.equal(saved.status, 303);
    const newId = /\/competencies\/frameworks\/([0-9a-f]{24})$/.exec(saved.headers.location as string)![1];

    const [next, previous] = await Promise.all([
      Framework.findById(newId).lean(),
      Framework.findById(old.frameworkId).lean(),
    ]);
    assert.equal(next?.version, 2);
    assert.equal(String(next?.supersedes), old.frameworkId);
    assert.equal(next?.name, `Framework ${old.tag}`, 'a version keeps the framework’s name');
    assert.equal(next?.status, 'active');
    assert.equal(previous?.status, 'archived');
    assert.equal(String(previous?.supersededBy), newId);
    const names = (await Competency.find({ framework: newId }).sort({ order: 1 }).lean()).map((c) => c.name);
    assert.deepEqual(names, ['Integrity', 'Stewardship']);
    const kept = await Competency.find({ framework: old.frameworkId }).lean();
    assert.deepEqual(
      kept.map((c) => [String(c._id), c.name, c.status]),
      oldCompetencies.map((c) => [String(c._id), c.name, c.status]),
      'the old version’s competencies are unchanged',
    );
    assert.equal(await draftExists(draft.url), false);

    const flashPage = await agent.get(saved.headers.location as string);
    assert.match(flashPage.text, /Saved as version 2 with 2 competencies/);
    assert.match(
      flashPage.text,
      new RegExp(`replaces <a href="/competencies/frameworks/${old.frameworkId}">version 1</a>`),
    );
    const oldPage = await agent.get(`/competencies/frameworks/${old.frameworkId}`);
    assert.match(
      oldPage.text,
      new RegExp(`replaced by <a href="/competencies/frameworks/${newId}">version 2</a>`),
    );
    const guidePage = await agent.get(guideUrl);
    assert.equal(guidePage.status, 200);
    assert.ok(guidePage.text.includes(`Active Listening ${old.tag}`), 'the guide still shows its competency');
  });

  it('when a manager reviews a draft, then seeded frameworks are not offered as versions; an admin gets them', async () => {
    const seeded = await seedFramework({ origin: 'seed' });
    const own = await seedFramework({ origin: 'import' });
    const manager = await newDraft((await loginAs(t.app, ['manager'])).agent);
    assert.ok(manager.page.includes(`value="${own.frameworkId}"`));
    assert.ok(!manager.page.includes(`value="${seeded.frameworkId}"`));
    const admin = await newDraft((await loginAs(t.app, ['admin'])).agent);
    assert.ok(admin.page.includes(`value="${seeded.frameworkId}"`));
  });

  it('when a manager posts a seeded framework as the target, then it is refused with 403 and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const seeded = await seedFramework({ origin: 'seed' });
    const draft = await newDraft(agent);
    const res = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: seeded.frameworkId, revision: draft.revision });
    assert.equal(res.status, 403);
    assert.match(res.text, /Seeded frameworks are changed by administrators only/);
    await assertUntouched(seeded.frameworkId);
    assert.ok(await draftExists(draft.url), 'the draft stays to be saved otherwise');
  });

  it('when an admin saves a draft as the next version of a seeded framework, then it is saved', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const seeded = await seedFramework({ origin: 'seed' });
    const draft = await newDraft(agent);
    const res = await agent
      .post(`${draft.url}/save`)
      .type('form')
      .send({ _csrf: draft.token, target: seeded.frameworkId, revision: draft.revision });
    assert.equal(res.status, 303);
    assert.equal((await Framework.findById(seeded.frameworkId).lean())?.status, 'archived');
    assert.equal(await Framework.countDocuments({ supersedes: seeded.frameworkId, version: 2 }), 1);
  });

  it('when a panelist posts a save, then it is refused with 403', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    const own = await seedFramework({ origin: 'import' });
    const token = await csrfToken(agent, '/');
    const res = await agent
      .post(`/framework-import/drafts/${own.frameworkId}/save`)
      .type('form')
      .send({ _csrf: token, target: own.frameworkId, revision: '1' });
    assert.equal(res.status, 403);
    await assertUntouched(own.frameworkId);
  });

  describe('bad choices are refused on the review page and write nothing', () => {
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

    it('when a saved draft is saved again, then it is not found', async () => {
      const draft = await newDraft(agent);
      const save = () =>
        agent.post(`${draft.url}/save`).type('form').send({ _csrf: draft.token, revision: draft.revision });
      assert.equal((await save()).status, 303);
      assert.equal((await save()).status, 404);
    });
  });

  it('when the import of a new version fails after the old one was claimed, then the old one is active and latest again', async () => {
    const { user } = await loginAs(t.app, ['manager']);
    const own = await seedFramework({ origin: 'import' });
    const before = await Framework.findById(own.frameworkId).lean();
    // Two competencies with one key: the import service refuses the file after the claim.
    const competency = { key: 'twice', name: 'Twice', kind: 'behavioral' };
    const file = {
      schemaVersion: 2,
      framework: { key: 'broken', name: 'Broken', organization: 'Nowhere', source: { document: 'x.txt' } },
      competencies: [competency, competency],
    } as unknown as FrameworkFile;
    await assert.rejects(importAsNextVersion(own.frameworkId, file, user), /problem/);
    await assertUntouched(own.frameworkId);
    const after = await Framework.findById(own.frameworkId).lean();
    assert.equal(String(after?.editedAt), String(before?.editedAt), 'its edit date is as it was');
  });
});
