import assert from 'node:assert/strict';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { CompetencyRevision } from '../../src/features/competencies/competency-revision.model.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import {
  counts,
  formOf,
  postNestedForm as postForm,
  seedFramework,
} from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

describe('competency editing', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when an admin edits a seeded competency, then a revision records the changed paths and editedAt is set', async () => {
    const f = await seedFramework();
    const { agent, user } = await loginAs(t.app, ['admin']);
    const editPage = await agent.get(`/competencies/${f.ids.behavioral}/edit`);
    assert.equal(editPage.status, 200);
    assert.ok(editPage.text.includes(`Anticipates questions, pangolin${f.tag}.`));
    assert.ok(
      editPage.text.includes('name="ratingFactors[0][anchors][2][level]" value="Exceeds Expectations"'),
    );
    assert.ok(editPage.text.includes('name="levels[2][label]"'), 'a blank level row to add one');
    const form = await formOf(f.ids.behavioral);
    const levels = form.levels as Record<string, string>[];
    levels[1].indicators = 'Stays calm with upset callers.\nSummarizes the call.';
    const res = await postForm(agent, `/competencies/${f.ids.behavioral}`, {
      ...form,
      name: 'Listening',
      levels,
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, `/competencies/${f.ids.behavioral}`);
    const saved = (await Competency.findById(f.ids.behavioral).lean())!;
    assert.equal(saved.name, 'Listening');
    assert.deepEqual(saved.levels[1].indicators, ['Stays calm with upset callers.', 'Summarizes the call.']);
    assert.equal(saved.levels[0].source?.section, 'Levels', 'the level keeps its source');
    assert.equal(saved.revision, 2);
    assert.ok(saved.editedAt);
    assert.ok(saved.editedBy?.equals(user._id));
    const revisions = await CompetencyRevision.find({ competency: f.ids.behavioral }).lean();
    assert.equal(revisions.length, 1);
    assert.equal(revisions[0].revision, 2);
    assert.equal(revisions[0].byName, user.name);
    assert.deepEqual(
      revisions[0].changes.map((c) => c.path),
      ['name', 'levels'],
    );
    assert.equal(revisions[0].changes[0].before, `Active Listening ${f.tag}`);
    assert.equal(revisions[0].changes[0].after, 'Listening');
    const page = await agent.get(`/competencies/${f.ids.behavioral}`);
    assert.match(page.text, /Revision 2/);
    assert.match(page.text, /Changed name and proficiency levels\./);
    assert.ok(page.text.includes('Stays calm with upset callers.'));
  });

  it('when the form is sent back unchanged, then nothing is written', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    const before = await counts();
    const res = await postForm(agent, `/competencies/${f.ids.behavioral}`, await formOf(f.ids.behavioral));
    assert.equal(res.status, 303);
    assert.deepEqual(await counts(), before);
    const saved = (await Competency.findById(f.ids.behavioral).lean())!;
    assert.equal(saved.revision, 1);
    assert.equal(saved.editedAt, undefined);
  });

  it('when the competency form is invalid, then 422 shows the messages and the values, and nothing is written', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    const before = await counts();
    const stored = await Competency.findById(f.ids.behavioral).lean();
    const form = await formOf(f.ids.behavioral);
    const res = await postForm(agent, `/competencies/${f.ids.behavioral}`, {
      ...form,
      name: '   ',
      definition: 'My unsaved definition',
      kind: 'wizardry',
      levels: [...(form.levels as object[]), { number: 'three', label: 'Third' }, { number: '4' }],
      performanceLevels: [{ label: 'Superior', description: '' }],
    });
    assert.equal(res.status, 422);
    for (const message of [
      'Enter a name.',
      'Choose a kind.',
      'Enter a whole number, like 3.',
      'Give this level a label, a description or indicators.',
      'Enter a description of this performance level.',
    ])
      assert.ok(res.text.includes(message), message);
    assert.ok(res.text.includes('My unsaved definition'));
    assert.ok(res.text.includes('value="three"'));
    assert.ok(res.text.includes('href="#f-levels.3.description"'));
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await Competency.findById(f.ids.behavioral).lean(), stored);
  });

  it('when a manager creates a framework and a competency in it, then both are saved with a first revision', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    assert.equal((await agent.get('/competencies/frameworks/new')).status, 200);
    const name = `Our Model ${Date.now()}`;
    const res = await postForm(agent, '/competencies/frameworks', {
      name,
      organization: 'City of Testing',
      description: 'Ours.',
      notes: 'First note\n\nSecond note',
    });
    assert.equal(res.status, 303, res.text);
    const framework = (await Framework.findOne({ name }).lean())!;
    assert.equal(framework.origin, 'user');
    assert.match(framework.key, /^our-model-\d+$/);
    assert.deepEqual(framework.notes, ['First note', 'Second note']);
    assert.equal(res.headers.location, `/competencies/frameworks/${framework._id}`);

    const newPage = await agent.get(`/competencies/frameworks/${framework._id}/competencies/new`);
    assert.equal(newPage.status, 200);
    const created = await postForm(agent, `/competencies/frameworks/${framework._id}/competencies`, {
      name: 'Team Work',
      kind: 'behavioral',
      definition: 'Works with others.',
      levels: [
        { number: '1', label: 'Basic', description: 'Joins in.', indicators: 'Shares information' },
        {},
      ],
      behavioralIndicators: 'Helps colleagues\r\n\r\nAsks for input ',
      performanceLevels: [{ label: '', description: '' }],
      absentSections: ['training'],
    });
    assert.equal(created.status, 303, created.text);
    const c = (await Competency.findOne({ framework: framework._id }).lean())!;
    assert.equal(c.key, 'team-work');
    assert.deepEqual(c.behavioralIndicators, ['Helps colleagues', 'Asks for input']);
    assert.equal(c.levels.length, 1);
    assert.deepEqual(c.levels[0].indicators, ['Shares information']);
    assert.deepEqual(c.absentSections, ['training']);
    assert.equal(await CompetencyRevision.countDocuments({ competency: c._id }), 1);
    assert.equal(created.headers.location, `/competencies/${c._id}`);
  });

  it('when a framework form is invalid, then 422 with messages and nothing is written', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    const before = await counts();
    const create = await postForm(agent, '/competencies/frameworks', { name: '', organization: 'X' });
    assert.equal(create.status, 422);
    assert.match(create.text, /Enter a name\./);
    const edit = await postForm(agent, `/competencies/frameworks/${f.frameworkId}`, {
      name: 'Renamed',
      organization: '',
      proficiencyScale: 'not-a-scale',
    });
    assert.equal(edit.status, 422);
    assert.match(edit.text, /Enter the organization\./);
    assert.match(edit.text, /value="Renamed"/);
    assert.deepEqual(await counts(), before);
    assert.equal((await Framework.findById(f.frameworkId).lean())!.name, `Framework ${f.tag}`);
  });

  it('when an admin edits a framework, then it is saved and marked edited', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    const res = await postForm(agent, `/competencies/frameworks/${f.frameworkId}`, {
      name: 'Renamed framework',
      organization: 'Other Agency',
    });
    assert.equal(res.status, 303);
    const saved = (await Framework.findById(f.frameworkId).lean())!;
    assert.equal(saved.name, 'Renamed framework');
    assert.ok(saved.editedAt);
  });

  it('when a manager clones a framework, then the copy holds its active competencies for the new organization', async () => {
    const f = await seedFramework();
    await Competency.updateOne({ _id: f.ids.coreValue }, { $set: { status: 'archived' } });
    const { agent } = await loginAs(t.app, ['manager']);
    assert.equal((await agent.get(`/competencies/frameworks/${f.frameworkId}/clone`)).status, 200);
    const before = await counts();
    const bad = await postForm(agent, `/competencies/frameworks/${f.frameworkId}/clone`, {
      organization: ' ',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Enter your organization\./);
    assert.deepEqual(await counts(), before);

    const res = await postForm(agent, `/competencies/frameworks/${f.frameworkId}/clone`, {
      organization: 'Our Town',
    });
    assert.equal(res.status, 303);
    const copy = (await Framework.findOne({ clonedFrom: f.frameworkId }).lean())!;
    assert.equal(copy.origin, 'clone');
    assert.equal(copy.organization, 'Our Town');
    assert.notEqual(copy.key, `fw-${f.tag}`);
    const copies = await Competency.find({ framework: copy._id }).lean();
    assert.deepEqual(
      copies.map((c) => String(c.clonedFrom)).sort(),
      [f.ids.behavioral, f.ids.technical].sort(),
    );
    const listening = copies.find((c) => String(c.clonedFrom) === f.ids.behavioral)!;
    assert.equal(listening.ratingFactors[0].anchors.length, 3);
    assert.equal(listening.revision, 1);
  });

  it('when a competency is copied, then only a framework of the own organization is accepted', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    await postForm(agent, `/competencies/frameworks/${f.frameworkId}/clone`, { organization: 'Copy Town' });
    const own = (await Framework.findOne({ clonedFrom: f.frameworkId }).lean())!;
    assert.equal((await agent.get(`/competencies/${f.ids.technical}/clone`)).status, 200);
    const before = await counts();
    const refused = await postForm(agent, `/competencies/${f.ids.technical}/clone`, {
      framework: f.frameworkId,
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /framework of your own organization/);
    assert.deepEqual(await counts(), before);
    const res = await postForm(agent, `/competencies/${f.ids.technical}/clone`, {
      framework: String(own._id),
    });
    assert.equal(res.status, 303);
    const copies = await Competency.find({ framework: own._id, clonedFrom: f.ids.technical }).lean();
    assert.deepEqual(
      copies.map((c) => c.key).sort(),
      ['math', 'math-2'],
      'a new key beside the clone’s own copy',
    );
  });

  it('when a competency is archived and restored, then it leaves and rejoins the lists and both are recorded', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    assert.equal((await postForm(agent, `/competencies/${f.ids.technical}/archive`, {})).status, 303);
    assert.equal((await Competency.findById(f.ids.technical).lean())!.status, 'archived');
    const page = await agent.get(`/competencies/${f.ids.technical}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /This competency is archived/);
    assert.match(page.text, /Restore/);
    assert.equal((await postForm(agent, `/competencies/${f.ids.technical}/restore`, {})).status, 303);
    assert.equal((await Competency.findById(f.ids.technical).lean())!.status, 'active');
    assert.equal(await CompetencyRevision.countDocuments({ competency: f.ids.technical }), 2);

    assert.equal(
      (await postForm(agent, `/competencies/frameworks/${f.frameworkId}/archive`, {})).status,
      303,
    );
    assert.ok(
      !(await agent.get('/competencies')).text.includes(`href="/competencies/frameworks/${f.frameworkId}"><`),
    );
    assert.equal((await agent.get(`/competencies/frameworks/${f.frameworkId}`)).status, 200);
    assert.equal(
      (await postForm(agent, `/competencies/frameworks/${f.frameworkId}/restore`, {})).status,
      303,
    );
    assert.equal((await Framework.findById(f.frameworkId).lean())!.status, 'active');
  });
});
