import assert from 'node:assert/strict';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import {
  counts,
  formOf,
  postNestedForm as postForm,
  seedFramework,
} from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

describe('library hygiene', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when an admin reads a framework, then curator notes and source file names show; a manager and a panelist see neither, on pages, JSON or export', async () => {
    const f = await seedFramework();
    const note = `Note about ${f.tag}.`;
    const file = 'test-source.txt';
    for (const role of ['admin', 'manager', 'panelist'] as const) {
      const { agent } = await loginAs(t.app, [role]);
      const admin = role === 'admin';
      const page = await agent.get(`/competencies/frameworks/${f.frameworkId}`);
      assert.equal(page.status, 200);
      assert.equal(page.text.includes(note), admin, `${role} framework page note`);
      assert.equal(page.text.includes(file), admin, `${role} framework page file`);
      assert.ok(page.text.includes('TEST SOURCE'), `${role} sees the source title`);
      const comp = await agent.get(`/competencies/${f.ids.behavioral}`);
      assert.equal(comp.text.includes(file), admin, `${role} competency page file`);
      assert.ok(comp.text.includes(`Section ${f.tag}`), `${role} sees the provenance section`);

      const json = await agent.get(`/api/frameworks/${f.frameworkId}`);
      assert.equal(json.status, 200);
      assert.equal(JSON.stringify(json.body).includes(note), admin, `${role} JSON note`);
      assert.equal(JSON.stringify(json.body).includes(file), admin, `${role} JSON file`);
      const one = await agent.get(`/api/competencies/${f.ids.behavioral}`);
      assert.equal(JSON.stringify(one.body).includes(file), admin, `${role} competency JSON file`);
      assert.equal(JSON.stringify(one.body).includes(note), admin, `${role} competency JSON note`);
      assert.equal(one.body.competency.provenance[0].section, `Section ${f.tag}`);

      const exported = await agent.get(`/competencies/frameworks/${f.frameworkId}/export`);
      assert.equal(exported.status, 200);
      const text = exported.text || exported.body.toString();
      assert.equal(text.includes(note), admin, `${role} export note`);
      assert.equal(text.includes(file), admin, `${role} export file`);
    }
  });

  it('when a manager edits or archives a seeded framework or its competencies, then 403 and nothing changes; cloning works', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    for (const page of [
      `/competencies/frameworks/${f.frameworkId}/edit`,
      `/competencies/frameworks/${f.frameworkId}/competencies/new`,
      `/competencies/${f.ids.behavioral}/edit`,
    ])
      assert.equal((await agent.get(page)).status, 403, page);
    const before = await counts();
    const stored = await Competency.findById(f.ids.behavioral).lean();
    const storedFramework = await Framework.findById(f.frameworkId).lean();
    const posts: [string, Record<string, unknown>][] = [
      [`/competencies/frameworks/${f.frameworkId}`, { name: 'Renamed', organization: 'X' }],
      [`/competencies/frameworks/${f.frameworkId}/archive`, {}],
      [`/competencies/frameworks/${f.frameworkId}/restore`, {}],
      [`/competencies/frameworks/${f.frameworkId}/competencies`, { name: 'Extra', kind: 'behavioral' }],
      [`/competencies/${f.ids.behavioral}`, { ...(await formOf(f.ids.behavioral)), name: 'Renamed' }],
      [`/competencies/${f.ids.behavioral}/archive`, {}],
      [`/competencies/${f.ids.behavioral}/restore`, {}],
    ];
    for (const [url, body] of posts) {
      const res = await postForm(agent, url, body);
      assert.equal(res.status, 403, url);
      assert.match(res.text, /administrators only/);
    }
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await Competency.findById(f.ids.behavioral).lean(), stored);
    assert.deepEqual(await Framework.findById(f.frameworkId).lean(), storedFramework);

    const clone = await postForm(agent, `/competencies/frameworks/${f.frameworkId}/clone`, {
      organization: 'Our Town',
    });
    assert.equal(clone.status, 303);
    const copy = (await Framework.findOne({ clonedFrom: f.frameworkId }).lean())!;
    assert.deepEqual(copy.notes, [], 'curator notes stay with the original');
    // The manager's own copy is theirs to change.
    const page = await agent.get(`/competencies/frameworks/${copy._id}`);
    assert.ok(page.text.includes('Edit framework'));
    const renamed = await postForm(agent, `/competencies/frameworks/${copy._id}`, {
      name: 'Our model',
      organization: 'Our Town',
    });
    assert.equal(renamed.status, 303);
    assert.equal((await postForm(agent, `/competencies/frameworks/${copy._id}/archive`, {})).status, 303);
  });

  it('when an admin edits and archives a seeded framework and its competency, then it is allowed', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    assert.equal((await agent.get(`/competencies/frameworks/${f.frameworkId}/edit`)).status, 200);
    const saved = await postForm(agent, `/competencies/frameworks/${f.frameworkId}`, {
      name: 'Admin rename',
      organization: `Agency ${f.tag}`,
    });
    assert.equal(saved.status, 303);
    assert.equal((await Framework.findById(f.frameworkId).lean())!.name, 'Admin rename');
    assert.equal((await postForm(agent, `/competencies/${f.ids.technical}/archive`, {})).status, 303);
    assert.equal((await Competency.findById(f.ids.technical).lean())!.status, 'archived');
    assert.equal(
      (await postForm(agent, `/competencies/frameworks/${f.frameworkId}/archive`, {})).status,
      303,
    );
    assert.equal((await Framework.findById(f.frameworkId).lean())!.status, 'archived');
  });

  for (const url of [
    'javascript:alert(document.cookie)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'JaVaScRiPt:alert(1)',
  ]) {
    it(`when the framework form gets the source address ${JSON.stringify(url.slice(0, 14))}, then 422 with a clear message and nothing is written`, async () => {
      const f = await seedFramework({ origin: 'import' });
      const { agent } = await loginAs(t.app, ['manager']);
      const before = await Framework.findById(f.frameworkId).lean();
      const res = await postForm(agent, `/competencies/frameworks/${f.frameworkId}`, {
        name: 'Changed',
        organization: 'X',
        sourceUrl: url,
      });
      assert.equal(res.status, 422);
      assert.match(res.text, /Enter a web address starting with http:\/\/ or https:\/\//);
      assert.deepEqual(await Framework.findById(f.frameworkId).lean(), before);
      const created = await postForm(agent, '/competencies/frameworks', {
        name: `Bad link ${f.tag}`,
        organization: 'X',
        sourceUrl: url,
      });
      assert.equal(created.status, 422);
      assert.equal(await Framework.exists({ name: `Bad link ${f.tag}` }), null);
    });
  }

  it('when the framework form gets an https address, then it is saved and shown as a link; an old stored javascript: address is shown as text', async () => {
    const f = await seedFramework({ origin: 'import' });
    const { agent } = await loginAs(t.app, ['manager']);
    const res = await postForm(agent, `/competencies/frameworks/${f.frameworkId}`, {
      name: 'Linked',
      organization: 'X',
      sourceUrl: 'https://example.org/model.pdf',
    });
    assert.equal(res.status, 303);
    const page = await agent.get(`/competencies/frameworks/${f.frameworkId}`);
    assert.ok(page.text.includes('href="https://example.org/model.pdf"'));
    // Stored before the rule existed (written straight to the database): never a link.
    await Framework.updateOne({ _id: f.frameworkId }, { $set: { 'source.url': 'javascript:alert(1)' } });
    const unsafe = await agent.get(`/competencies/frameworks/${f.frameworkId}`);
    assert.ok(!unsafe.text.includes('href="javascript:'));
    assert.match(unsafe.text, /not shown as a link/);
  });
});
