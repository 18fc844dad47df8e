/**
 * Saving a reviewed document import as the next version of a framework in the library (issue 15):
 * the new version supersedes the old, which is archived with its competencies intact, so guides
 * built on it keep working. Who may do it, and every refusal writing nothing.
 */
import assert from 'node:assert/strict';
import { Competency } from '../../src/features/competencies/competency.model.js';
import type { FrameworkFile } from '../../src/features/competencies/framework-file.schema.js';
import { importAsNextVersion } from '../../src/features/competencies/framework-versions.service.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { postNestedForm, seedFramework } from '../helpers/competency-factories.js';
import { assertUntouched, draftExists, newDraft } from '../helpers/import-drafts.js';
import { createPosition } from '../helpers/position-factories.js';

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
    const library = await agent.get('/competencies');
    assert.ok(
      library.text.includes(`${newId}">Framework ${old.tag}</a> <span class="hint">version 2</span>`),
      'the library lists the new version under the framework’s name',
    );
    const archived = library.text.slice(library.text.indexOf('Archived frameworks'));
    assert.ok(
      archived.includes(
        `${old.frameworkId}">Framework ${old.tag}</a> (Agency ${old.tag}, version 1, replaced by version 2)`,
      ),
      'the old version is among the archived frameworks, marked as replaced',
    );
    assert.equal(library.text.split(`/competencies/frameworks/${old.frameworkId}"`).length, 2, 'only there');
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
