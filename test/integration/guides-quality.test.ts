import assert from 'node:assert/strict';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { generateFor, loadGeneratorSource } from '../../src/features/question-bank/generator-source.js';
import { postNestedForm as postForm } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { guideDoc, positionWithGuide, publish } from '../helpers/guide-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';

type Guide = Awaited<ReturnType<typeof guideDoc>>;
type Question = Guide['sections'][number]['questions'][number];

const editBody = (q: Question, change: Record<string, unknown> = {}) => ({
  text: q.text,
  situation: q.probes!.situation.join('\n'),
  action: q.probes!.action.join('\n'),
  result: q.probes!.result.join('\n'),
  guide: q.ratingGuide.map((g) => g.description),
  ...change,
});

describe('interview guides: editing rating guides, regenerating, and the quality gate on publishing', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  async function guideWithQuestion() {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const { guideId, positionId } = await positionWithGuide(agent, 2);
    const guide = await guideDoc(guideId);
    const section = guide.sections[0];
    const q = section.questions[0];
    const url = `/guides/${guideId}/sections/${String(section._id)}/questions/${String(q._id)}`;
    return { agent, user, guideId, positionId, guide, section, q, url };
  }

  it('when a manager edits a question’s rating guide, then it is saved and shown in the builder, and the version keeps it', async () => {
    const { agent, guideId, q, url } = await guideWithQuestion();
    const builder = await agent.get(`/guides/${guideId}`);
    assert.ok(builder.text.includes('name="guide[0]"'), 'the guide is editable in the builder');
    assert.ok(builder.text.includes('Save and regenerate the rating guide'));
    const guide = q.ratingGuide.map(
      (_, i) => `Point ${i + 1}: resolved the customer’s request and said what happens next.`,
    );
    const res = await postForm(agent, url, editBody(q, { guide }));
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const after = (await guideDoc(guideId)).sections[0].questions[0];
    assert.deepEqual(
      after.ratingGuide.map((g) => g.description),
      guide,
    );
    assert.equal((await publish(agent, guideId)).status, 303);
    const v = (await GuideVersion.findOne({ guide: guideId, version: 1 }).lean())!;
    const frozen = JSON.stringify(v.snapshot);
    assert.ok(frozen.includes('Point 3: resolved the customer’s request and said what happens next.'));
  });

  it('when a manager changes the text and asks to regenerate, then the guide is the generators’ guide for the new text', async () => {
    const { agent, guideId, section, q, url } = await guideWithQuestion();
    const source = await loadGeneratorSource(String(section.competency));
    const generated = generateFor(source, { level: q.source!.level!, kinds: [q.kind] });
    const target = generated[generated.length - 1];
    const res = await postForm(
      agent,
      url,
      editBody(q, { text: target.text, guide: q.ratingGuide.map(() => 'stale'), regenerateGuide: '1' }),
    );
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const after = (await guideDoc(guideId)).sections[0].questions[0];
    assert.equal(after.text, target.text);
    assert.deepEqual(
      after.ratingGuide.map((g) => g.description),
      target.ratingGuide!.map((g) => g.description),
    );
  });

  it('when a question fails the quality gate, then saving shows the problem and publishing is refused with 422 naming the item and the problem', async () => {
    const { agent, guideId, q, url } = await guideWithQuestion();
    const guide = q.ratingGuide.map((g) => g.description);
    guide[0] = 'No example  was given.';
    const saved = await postForm(
      agent,
      url,
      editBody(q, { text: 'Tell me about a time you follows up on a complaint.', guide }),
    );
    assert.equal(saved.status, 303);
    const builder = await agent.get(`/guides/${guideId}`);
    assert.ok(
      builder.text.includes('fails the quality check'),
      'the flash and the question show the problem',
    );
    assert.ok(builder.text.includes('double space'));
    assert.ok(builder.text.includes('its rating guide was written for the old text'), 'offers to regenerate');

    const before = await GuideVersion.countDocuments({ guide: guideId });
    const res = await publish(agent, guideId);
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('cannot be published while a question fails the quality check'));
    assert.ok(res.text.includes('question 1'), 'names the question');
    assert.ok(res.text.includes('Tell me about a time you follows up on a complaint.'), 'quotes the text');
    assert.ok(res.text.includes('verb does not agree with its subject'), 'names the problem');
    assert.ok(res.text.includes('the rating guide (1'), 'names the part of the item');
    assert.equal(await GuideVersion.countDocuments({ guide: guideId }), before, 'no version written');

    const fixed = await postForm(
      agent,
      url,
      editBody((await guideDoc(guideId)).sections[0].questions[0], {
        text: 'Tell me about a time you followed up on a complaint.',
        guide: q.ratingGuide.map((g) => g.description),
      }),
    );
    assert.equal(fixed.status, 303);
    assert.equal((await publish(agent, guideId)).status, 303, 'publishes once fixed');
  });

  it('when the guide lines are bad, then 422 with a message and the question is unchanged', async () => {
    const { agent, guideId, q, url } = await guideWithQuestion();
    const before = JSON.stringify((await guideDoc(guideId)).sections[0].questions[0]);
    const cases: [Record<string, unknown>, string][] = [
      [{ guide: ['One line only.'] }, 'send one text for each'],
      [
        { guide: q.ratingGuide.map((g, i) => (i === 1 ? '   ' : g.description)) },
        'Describe what an answer at 2',
      ],
      [{ guide: [{ x: '1' }] }, 'Enter what an answer at this point shows.'],
      [{ text: '' }, 'Enter the question.'],
    ];
    for (const [change, message] of cases) {
      const res = await postForm(agent, url, editBody(q, change));
      assert.equal(res.status, 422, JSON.stringify(change));
      assert.ok(res.text.includes(message), message);
    }
    assert.equal(JSON.stringify((await guideDoc(guideId)).sections[0].questions[0]), before);
  });

  it('when another manager or a panelist edits, regenerates or publishes, then 403 and nothing changes', async () => {
    const { guideId, q, url } = await guideWithQuestion();
    const before = JSON.stringify(await guideDoc(guideId));
    const { agent: other } = await loginAs(t.app, ['manager']);
    const { agent: panelist } = await loginAs(t.app, ['panelist']);
    for (const agent of [other, panelist]) {
      assert.equal((await postForm(agent, url, editBody(q, { regenerateGuide: '1' }))).status, 403);
      assert.equal((await publish(agent, guideId)).status, 403);
    }
    assert.equal(JSON.stringify(await guideDoc(guideId)), before);
  });
});
