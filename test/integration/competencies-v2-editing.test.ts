import assert from 'node:assert/strict';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { importFrameworkFile } from '../../src/features/competencies/framework-io.service.js';
import type { FrameworkFileInput } from '../../src/features/competencies/framework-file.schema.js';
import { counts, formOf, postNestedForm as postForm } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { v2File } from '../helpers/framework-v2-fixture.js';

async function importV2() {
  const { file, tag } = v2File();
  const report = await importFrameworkFile(file as FrameworkFileInput, { origin: 'import' });
  const ids = await Competency.find({ framework: report.frameworkId }).lean();
  const id = (key: string) => String(ids.find((c) => c.key === key)!._id);
  return {
    file,
    tag,
    frameworkId: report.frameworkId,
    collab: id('collaboration'),
    data: id('data-analysis'),
  };
}

describe('competency pages and editor, format v2 parts', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when a v2 competency is shown, then behaviors, key skills with levels, required levels and provenance places show', async () => {
    const f = await importV2();
    const { agent } = await loginAs(t.app, ['panelist']);
    const collab = await agent.get(`/competencies/${f.collab}`);
    assert.equal(collab.status, 200);
    for (const text of [
      'What it looks like',
      'Shares information early.',
      'What it doesn’t look like',
      'Withholds information.',
      'Required level by grade',
      'Band C',
      'lines 12–14',
      'page 3',
    ])
      assert.ok(collab.text.includes(text), text);
    assert.ok(!collab.text.includes('band-model.docx'), 'file names are for admins');
    const data = await agent.get(`/competencies/${f.data}`);
    for (const text of [
      'Key skills',
      'Statistics',
      'Uses descriptive and inferential statistics.',
      'Tests a hypothesis.',
      'Draws honest charts.',
    ])
      assert.ok(data.text.includes(text), text);
    // Search reaches the v2 parts too: a key skill's name, an ineffective behavior.
    const search = await agent.get('/competencies/search').query({ q: `Statistics ${f.tag}` });
    assert.ok(search.text.includes(`Data Analysis ${f.tag}`));
    const byBehavior = await agent.get('/competencies/search').query({ q: `silos ${f.tag}` });
    assert.ok(byBehavior.text.includes(`Collaboration ${f.tag}`));
    const framework = await agent.get(`/competencies/frameworks/${f.frameworkId}`);
    assert.ok(framework.text.includes('grade Band B'));
    assert.ok(framework.text.includes('level 2 required'));
  });

  it('when the editor form of a v2 competency is sent back unchanged, then nothing is written', async () => {
    const f = await importV2();
    const { agent } = await loginAs(t.app, ['manager']);
    const page = await agent.get(`/competencies/${f.data}/edit`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('name="keySkills[0][levels][1][indicators]"'));
    assert.ok(page.text.includes('name="requiredLevels[0][grade]"'));
    assert.ok(page.text.includes('name="ineffectiveBehaviors"'));
    const before = await counts();
    const res = await postForm(agent, `/competencies/${f.data}`, await formOf(f.data));
    assert.equal(res.status, 303);
    assert.deepEqual(await counts(), before);
    assert.equal((await Competency.findById(f.data).lean())!.revision, 1);
  });

  it('when a manager edits behaviors, key skills and required levels, then they are saved with a revision naming them', async () => {
    const f = await importV2();
    const { agent } = await loginAs(t.app, ['manager']);
    const form = await formOf(f.collab);
    const res = await postForm(agent, `/competencies/${f.collab}`, {
      ...form,
      ineffectiveBehaviors: 'Withholds information.\nBlames others.',
      keySkills: [
        {
          name: 'Facilitation',
          indicators: 'Runs a fair meeting.',
          levels: [{ label: 'Foundational', description: 'Follows an agenda.' }],
        },
      ],
      requiredLevels: [
        { grade: 'Band B', level: '2' },
        { grade: 'Band D', level: '4' },
      ],
    });
    assert.equal(res.status, 303);
    const saved = (await Competency.findById(f.collab).lean())!;
    assert.deepEqual(saved.ineffectiveBehaviors, ['Withholds information.', 'Blames others.']);
    assert.equal(saved.keySkills[0].name, 'Facilitation');
    assert.equal(saved.keySkills[0].levels[0].description, 'Follows an agenda.');
    assert.deepEqual(
      saved.requiredLevels.map((r) => [r.grade, r.level]),
      [
        ['Band B', 2],
        ['Band D', 4],
      ],
    );
    assert.equal(saved.provenance.length, 2, 'provenance is kept');
    const page = await agent.get(`/competencies/${f.collab}`);
    assert.match(page.text, /Changed ineffective behaviors, key skills and required levels by grade\./);
  });

  it('when the v2 parts of the form are invalid, then 422 names each and nothing is written', async () => {
    const f = await importV2();
    const { agent } = await loginAs(t.app, ['manager']);
    const stored = await Competency.findById(f.data).lean();
    const form = await formOf(f.data);
    const res = await postForm(agent, `/competencies/${f.data}`, {
      ...form,
      keySkills: [{ definition: 'A skill with no name.' }],
      requiredLevels: [
        { grade: 'Band B', level: 'high' },
        { grade: 'Band B', level: '2' },
        { grade: 'Band C', level: '9' },
        { grade: '', level: '1' },
      ],
    });
    assert.equal(res.status, 422);
    for (const message of [
      'Enter the key skill’s name.',
      'Enter a whole number, like 3.',
      'Enter the grade or job level, like Band B.',
    ])
      assert.ok(res.text.includes(message), message);
    assert.ok(res.text.includes('A skill with no name.'), 'the values are shown again');
    assert.deepEqual(await Competency.findById(f.data).lean(), stored);
    const dup = await postForm(agent, `/competencies/${f.data}`, {
      ...form,
      requiredLevels: [
        { grade: 'Band B', level: '2' },
        { grade: 'Band B', level: '1' },
        { grade: 'Band C', level: '9' },
      ],
    });
    assert.equal(dup.status, 422);
    assert.ok(dup.text.includes('This grade is listed twice.'));
    assert.ok(dup.text.includes('This competency has 3 levels: enter 1 to 3.'));
    assert.deepEqual(await Competency.findById(f.data).lean(), stored);
  });
});
