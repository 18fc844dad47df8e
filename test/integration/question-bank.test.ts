import assert from 'node:assert/strict';
import fs from 'node:fs';
import supertest from 'supertest';
import { generateFor, loadGeneratorSource } from '../../src/features/question-bank/generator-source.js';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { validateFrameworkFile } from '../../src/features/competencies/framework-file.schema.js';
import { importFrameworkFile } from '../../src/features/competencies/framework-io.service.js';
import { QuestionItem } from '../../src/features/question-bank/question-item.model.js';
import { postNestedForm as postForm, seedFramework } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

/** The generated items for a competency and level, as the generate page shows them. */
async function generatedFor(competencyId: string, level: number) {
  return generateFor(await loadGeneratorSource(competencyId), { level });
}

describe('question bank: generate and save', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when a manager opens the bank and generates for a level, then the four kinds are shown side by side, editable', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    const bank = await agent.get(`/competencies/${f.ids.behavioral}/questions`);
    assert.equal(bank.status, 200);
    assert.match(bank.text, /Question bank \(0\)/);
    assert.match(bank.text, /action="\/competencies\/[0-9a-f]{24}\/questions\/generate"/);
    assert.match(bank.text, /<option value="2"/);
    const show = await agent.get(`/competencies/${f.ids.behavioral}`);
    assert.ok(show.text.includes(`href="/competencies/${f.ids.behavioral}/questions"`));

    const res = await agent.get(
      `/competencies/${f.ids.behavioral}/questions/generate?level=1&jobTitle=Clerk&candidateName=`,
    );
    assert.equal(res.status, 200, res.text);
    assert.ok(res.text.includes('class="qb-columns"'));
    for (const heading of [
      'Qualification statements',
      'Behavioral questions',
      'Situational questions',
      'Reference-check questions',
    ])
      assert.ok(res.text.includes(heading), heading);
    const items = await generatedFor(f.ids.behavioral, 1);
    assert.ok(res.text.includes('name="items[0][text]"'));
    assert.ok(res.text.includes(`name="items[${items.length - 1}][selected]"`));
    assert.ok(res.text.includes('name="items[0][situation]"') || res.text.includes('[situation]"'));
    assert.ok(res.text.includes('Save selected as drafts'));
  });

  it('when the seeded Mathematics competency is generated for level 2, then its items come from that level', async () => {
    const checked = validateFrameworkFile(
      JSON.parse(fs.readFileSync('seeds/frameworks/csr-class-1230.json', 'utf8')),
    );
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    await importFrameworkFile(checked.file, { origin: 'seed' });
    const math = (await Competency.findOne({ key: 'csr-mathematics' }).lean())!;
    const { agent } = await loginAs(t.app, ['manager']);
    const res = await agent.get(
      `/competencies/${math._id}/questions/generate?level=2&scale=opm-proficiency-5`,
    );
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /algebra/i);
    assert.ok(!res.text.includes('Under Development'));
    const page = await agent.get(`/competencies/${math._id}/questions`);
    assert.match(page.text, /<option value="3"[^>]*>Level 3<\/option>/);
  });

  it('when a panelist opens the generate page, then the output is read-only and saving is refused', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['panelist']);
    const res = await agent.get(`/competencies/${f.ids.behavioral}/questions/generate?level=2`);
    assert.equal(res.status, 200);
    assert.ok(res.text.includes('class="qb-columns"'));
    assert.ok(!res.text.includes('<textarea'), 'no editable fields');
    assert.ok(!res.text.includes('Save selected as drafts'));
    const before = await QuestionItem.countDocuments({});
    const save = await postForm(agent, `/competencies/${f.ids.behavioral}/questions`, {
      level: '2',
      items: [{ index: '0', selected: 'on', text: 'Sneaky' }],
    });
    assert.equal(save.status, 403);
    assert.equal(await QuestionItem.countDocuments({}), before);
  });

  it('when a manager saves selected items, then drafts are stored, generated ones with their source and edited ones as written', async () => {
    const f = await seedFramework();
    const { agent, user } = await loginAs(t.app, ['manager']);
    const items = await generatedFor(f.ids.behavioral, 1);
    const b = items.findIndex((i) => i.kind === 'behavioral');
    const q = items.findIndex((i) => i.kind === 'qualification');
    const rows = items.map((item, index) => ({
      index: String(index),
      text: item.text,
      situation: (item.probes?.situation ?? []).join('\n'),
      action: (item.probes?.action ?? []).join('\n'),
      result: (item.probes?.result ?? []).join('\n'),
    }));
    rows[b] = { ...rows[b], selected: 'on' } as (typeof rows)[number];
    rows[q] = {
      ...rows[q],
      selected: 'on',
      text: 'Experience answering customer calls.',
    } as (typeof rows)[number];
    const res = await postForm(agent, `/competencies/${f.ids.behavioral}/questions`, {
      level: '1',
      scale: '',
      jobTitle: '',
      candidateName: '',
      items: rows,
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, `/competencies/${f.ids.behavioral}/questions`);
    const saved = await QuestionItem.find({ competency: f.ids.behavioral }).sort({ kind: 1 }).lean();
    assert.equal(saved.length, 2);
    const [behavioral, qualification] = saved;
    assert.equal(behavioral.kind, 'behavioral');
    assert.equal(behavioral.status, 'draft');
    assert.equal(behavioral.text, items[b].text);
    assert.deepEqual(behavioral.provenance, { type: 'generated', source: items[b].source });
    assert.deepEqual(behavioral.probes, items[b].probes);
    assert.equal(behavioral.ratingGuide.length, items[b].ratingGuide!.length);
    assert.equal(behavioral.level, 1);
    assert.ok(behavioral.createdBy?.equals(user._id));
    assert.equal(qualification.kind, 'qualification');
    assert.equal(qualification.text, 'Experience answering customer calls.');
    assert.equal(qualification.provenance.type, 'written');
    assert.equal(qualification.provenance.byName, user.name);
    assert.equal(qualification.provenance.source, items[q].source);
    const bank = await agent.get(res.headers.location);
    assert.match(bank.text, /Question bank \(2\)/);
    assert.ok(bank.text.includes('Experience answering customer calls.'));
    assert.ok(bank.text.includes(`Written by ${user.name}`));
  });

  it('when nothing is selected, a selected text is empty or the level is unknown, then 422 and nothing is written', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['admin']);
    const before = await QuestionItem.countDocuments({});
    const url = `/competencies/${f.ids.behavioral}/questions`;
    const none = await postForm(agent, url, { level: '1', items: [{ index: '0', text: 'Kept' }] });
    assert.equal(none.status, 422);
    assert.ok(none.text.includes('Select at least one item to save.'));
    const empty = await postForm(agent, url, {
      level: '1',
      items: [
        { index: '0', selected: 'on', text: '  ' },
        { index: '1', text: 'My unsaved edit' },
      ],
    });
    assert.equal(empty.status, 422);
    assert.ok(empty.text.includes('Enter the text of this item.'));
    assert.ok(empty.text.includes('My unsaved edit'), 'the edits are kept');
    const level = await postForm(agent, url, {
      level: '9',
      items: [{ index: '0', selected: 'on', text: 'X' }],
    });
    assert.equal(level.status, 422);
    const badPage = await agent.get(`${url}/generate?level=9`);
    assert.equal(badPage.status, 422);
    assert.equal(await QuestionItem.countDocuments({}), before);
  });

  it('when a competency has no levels, then the framework proficiency scale gives the level choices', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    const bank = await agent.get(`/competencies/${f.ids.technical}/questions`);
    assert.equal(bank.status, 200);
    assert.ok(bank.text.includes('Expert'), 'the proficiency scale’s labels');
    const res = await agent.get(`/competencies/${f.ids.technical}/questions/generate?level=2`);
    assert.equal(res.status, 200, res.text);
    assert.ok(res.text.includes('name="items[0][text]"'));
  });

  it('when an anonymous visitor opens the bank or posts to it, then they are sent to sign in and nothing is written', async () => {
    const f = await seedFramework();
    const page = await supertest(t.app).get(`/competencies/${f.ids.behavioral}/questions/generate?level=1`);
    assert.equal(page.status, 303);
    assert.match(page.headers.location, /^\/login/);
    const before = await QuestionItem.countDocuments({});
    const post = await supertest(t.app)
      .post(`/competencies/${f.ids.behavioral}/questions`)
      .type('form')
      .send({ level: '1' });
    assert.ok(post.status === 403 || post.status === 303);
    assert.equal(await QuestionItem.countDocuments({}), before);
  });
});
