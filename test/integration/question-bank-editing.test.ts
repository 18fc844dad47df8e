import assert from 'node:assert/strict';
import supertest from 'supertest';
import type { GeneratorKind } from '../../src/features/generators/index.js';
import { generateFor, loadGeneratorSource } from '../../src/features/question-bank/generator-source.js';
import { QuestionItem } from '../../src/features/question-bank/question-item.model.js';
import { postNestedForm as postForm, seedFramework } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

/** A generated item of `kind` stored in the bank, as saving it from the Generate page would. */
async function bankItem(competencyId: string, kind: GeneratorKind, extra: Record<string, unknown> = {}) {
  const source = await loadGeneratorSource(competencyId);
  const g = generateFor(source, { level: 2 }).find((i) => i.kind === kind)!;
  return QuestionItem.create({
    competency: competencyId,
    kind,
    level: 2,
    levelLabel: 'Level 2',
    text: g.text,
    probes: g.probes,
    ratingGuide: g.ratingGuide,
    sampleAnswers: g.sampleAnswers,
    ratingScaleKey: 'opm-proficiency-5',
    provenance: { type: 'generated', source: g.source },
    status: 'approved',
    ...extra,
  });
}

const editBody = (item: Awaited<ReturnType<typeof bankItem>>, change: Record<string, unknown> = {}) => ({
  text: item.text,
  situation: item.probes!.situation.join('\n'),
  action: item.probes!.action.join('\n'),
  result: item.probes!.result.join('\n'),
  guide: item.ratingGuide.map((g) => g.description),
  ...(item.sampleAnswers?.weak
    ? {
        answers: '1',
        weak: item.sampleAnswers.weak,
        acceptable: item.sampleAnswers.acceptable,
        strong: item.sampleAnswers.strong,
      }
    : {}),
  ...change,
});

describe('question bank: editing rating guides and sample answers, regenerating, the quality gate', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when a manager edits the rating guide and sample answers, then they are saved, shown and the item returns to draft', async () => {
    const f = await seedFramework();
    const item = await bankItem(f.ids.behavioral, 'situational');
    const { agent, user } = await loginAs(t.app, ['manager']);
    const page = await agent.get(`/questions/${item.id}/edit`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('name="guide[0]"'), 'the guide is editable');
    assert.ok(page.text.includes('name="strong"'), 'the sample answers are editable');
    assert.ok(page.text.includes('Save and regenerate the rating guide'));

    const guide = item.ratingGuide.map(
      (g, i) => `Answer at point ${i + 1}: checks the facts and explains the rule.`,
    );
    const res = await postForm(
      agent,
      `/questions/${item.id}/edit`,
      editBody(item, {
        guide,
        strong: 'Explains the rule, offers the quickest fix and follows up the same day.',
      }),
    );
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, `/competencies/${f.ids.behavioral}/questions#item-${item.id}`);
    const saved = (await QuestionItem.findById(item.id).lean())!;
    assert.deepEqual(
      saved.ratingGuide.map((g) => g.description),
      guide,
    );
    assert.deepEqual(
      saved.ratingGuide.map((g) => g.label),
      item.ratingGuide.map((g) => g.label),
    );
    assert.equal(
      saved.sampleAnswers?.strong,
      'Explains the rule, offers the quickest fix and follows up the same day.',
    );
    assert.equal(saved.sampleAnswers?.weak, item.sampleAnswers?.weak);
    assert.equal(saved.status, 'draft');
    assert.equal(saved.provenance.byName, user.name);
    const bank = await agent.get(res.headers.location!);
    assert.ok(bank.text.includes('Answer at point 3: checks the facts and explains the rule.'));
  });

  it('when a manager saves an edited text with "regenerate", then the guide is written again for it by the generators', async () => {
    const f = await seedFramework();
    const item = await bankItem(f.ids.behavioral, 'behavioral');
    const source = await loadGeneratorSource(f.ids.behavioral);
    const others = generateFor(source, { level: 2, kinds: ['behavioral'] });
    const target = others[others.length - 1];
    await QuestionItem.updateOne(
      { _id: item._id },
      { $set: { 'ratingGuide.0.description': 'Hand-written line.' } },
    );
    const { agent } = await loginAs(t.app, ['admin']);
    const res = await postForm(agent, `/questions/${item.id}/edit`, {
      ...editBody(item, { text: target.text, regenerateGuide: '1' }),
      guide: ['ignored', 'ignored', 'ignored', 'ignored', 'ignored'],
    });
    assert.equal(res.status, 303, res.text);
    const saved = (await QuestionItem.findById(item.id).lean())!;
    assert.equal(saved.text, target.text);
    assert.deepEqual(
      saved.ratingGuide.map((g) => g.description),
      target.ratingGuide!.map((g) => g.description),
      'the guide of the generated question the new text matches',
    );
    const after = await agent.get(`/competencies/${f.ids.behavioral}/questions`);
    assert.ok(after.text.includes('rating guide written again for the new text'));
  });

  it('when a saved edit fails the quality gate, then it is saved and the problems are shown where it can be fixed', async () => {
    const f = await seedFramework();
    const item = await bankItem(f.ids.behavioral, 'behavioral');
    const { agent } = await loginAs(t.app, ['manager']);
    const guide = item.ratingGuide.map((g) => g.description);
    guide[1] = 'the candidate  gave no example';
    const res = await postForm(
      agent,
      `/questions/${item.id}/edit`,
      editBody(item, { text: 'Tell me about a time you follows the rules.', guide }),
    );
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, `/questions/${item.id}/edit`);
    const page = await agent.get(res.headers.location!);
    assert.ok(page.text.includes('fail the quality check'), page.text.slice(0, 3000));
    assert.ok(
      page.text.includes('verb does not agree with its subject: “you follows”') ||
        page.text.includes('verb does not agree with its subject: &#34;you follows&#34;'),
    );
    assert.ok(page.text.includes('the rating guide (2 Basic)'));
    assert.ok(page.text.includes('double space'));
    assert.ok(page.text.includes('Quality check: 2 problems'));
    assert.ok(
      page.text.includes('its rating guide was written for the old text'),
      'changing the text without regenerating offers to regenerate',
    );
    assert.equal(
      (await QuestionItem.findById(item.id).lean())!.text,
      'Tell me about a time you follows the rules.',
    );
  });

  it('when the guide or answers are bad, then 422 with a message and nothing changes', async () => {
    const f = await seedFramework();
    const item = await bankItem(f.ids.behavioral, 'situational');
    const { agent } = await loginAs(t.app, ['manager']);
    const before = JSON.stringify(await QuestionItem.findById(item.id).lean());
    const cases: [Record<string, unknown>, string][] = [
      [{ guide: ['Only one line.'] }, 'send one text for each'],
      [
        { guide: item.ratingGuide.map((g, i) => (i === 2 ? '' : g.description)) },
        'Describe what an answer at 3 (Intermediate) shows.',
      ],
      [{ strong: '' }, 'Enter the strong answer.'],
      [{ guide: [{ b: '1' }] }, 'Enter what an answer at this point shows.'],
      [{ guide: { a: { b: '1' } } }, 'send one text for each'],
      [{ guide: ['x'.repeat(5001), 'b', 'c', 'd', 'e'] }, 'This line is too long.'],
    ];
    for (const [change, message] of cases) {
      const res = await postForm(agent, `/questions/${item.id}/edit`, editBody(item, change));
      assert.equal(res.status, 422, `${JSON.stringify(change).slice(0, 80)}: ${res.status}`);
      assert.ok(res.text.includes(message), `${message} in ${res.text.slice(0, 200)}`);
    }
    assert.equal(JSON.stringify(await QuestionItem.findById(item.id).lean()), before);
  });

  it('when a panelist or an anonymous visitor edits or regenerates, then it is refused and nothing changes', async () => {
    const f = await seedFramework();
    const item = await bankItem(f.ids.behavioral, 'behavioral');
    const before = JSON.stringify(await QuestionItem.findById(item.id).lean());
    const { agent: panelist } = await loginAs(t.app, ['panelist']);
    const body = editBody(item, { text: 'Tell me about a changed thing.', regenerateGuide: '1' });
    assert.equal((await postForm(panelist, `/questions/${item.id}/edit`, body)).status, 403);
    const anon = supertest.agent(t.app);
    const res = await anon.post(`/questions/${item.id}/edit`).type('form').send({ text: 'x' });
    assert.ok([302, 303, 403].includes(res.status), String(res.status));
    assert.equal(JSON.stringify(await QuestionItem.findById(item.id).lean()), before);
  });

  it('when a situational item carries matched themes and scoring notes, then the bank shows the theme, the matched words and the notes', async () => {
    const f = await seedFramework();
    await bankItem(f.ids.behavioral, 'situational', {
      themes: [
        { key: 'service-recovery', label: 'Service recovery', score: 3, matched: ['complaint', 'resolve'] },
      ],
      scenarioId: 'service-recovery-2',
      scoringNotes: 'Credit ownership of the earlier mistake; do not credit blaming a colleague.',
    });
    const { agent } = await loginAs(t.app, ['panelist']);
    const bank = await agent.get(`/competencies/${f.ids.behavioral}/questions`);
    assert.equal(bank.status, 200);
    assert.ok(bank.text.includes('Scenario themes matched to this competency'));
    assert.ok(bank.text.includes('Service recovery: matched on complaint, resolve'));
    assert.ok(
      bank.text.includes('Credit ownership of the earlier mistake; do not credit blaming a colleague.'),
    );
  });
});
