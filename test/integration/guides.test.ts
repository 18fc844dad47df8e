import assert from 'node:assert/strict';
import { getFrozenVersion } from '../../src/features/guides/guide-versions.service.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { QuestionItem } from '../../src/features/question-bank/question-item.model.js';
import { postNestedForm as postForm } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { guideDoc, publish } from '../helpers/guide-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';

describe('interview guides: building and publishing', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager goes from the CSR template to a published guide, then every step works and the version holds every question, probe and rating guide', async () => {
    const tpl = await csrTemplate();
    const { agent, user } = await loginAs(t.app, ['manager']);
    // An approved bank question for the first competency, at the level the position requires.
    const math = tpl.competencies[0];
    const approved = await QuestionItem.create({
      competency: math._id,
      kind: 'behavioral',
      level: 2,
      text: 'Tell me about a time you checked a bill for an arithmetic error.',
      probes: {
        situation: ['What was the bill?'],
        action: ['How did you check it?'],
        result: ['What happened next?'],
      },
      ratingGuide: [1, 2, 3, 4, 5].map((value) => ({
        value,
        label: `P${value}`,
        description: `Anchor ${value}.`,
      })),
      provenance: { type: 'written', by: user._id, byName: user.name },
      status: 'approved',
    });

    const form = await agent.get(`/positions/new?template=${tpl.id}`);
    assert.equal(form.status, 200);
    const rows = tpl.competencies
      .slice(0, 5)
      .map((c) => ({ competency: String(c._id), requiredLevel: '2', weight: '1', requirement: 'required' }));
    const created = await postForm(agent, '/positions', {
      title: 'Customer Service Representative',
      classCode: '1230',
      fromTemplate: tpl.id,
      competencies: rows,
    });
    assert.equal(created.status, 303, created.text);
    const positionId = created.headers.location.split('/').pop()!;
    const start = await postForm(agent, `/positions/${positionId}/guide`, {});
    assert.equal(start.status, 303);
    const guideId = start.headers.location.split('/').pop()!;

    const builder = await agent.get(`/guides/${guideId}`);
    assert.equal(builder.status, 200, builder.text);
    assert.ok(builder.text.includes('Draft of version 1'));
    assert.ok(builder.text.includes('Rate each competency independently, before any discussion'));
    for (const error of [
      'halo',
      'leniency',
      'severity',
      'central tendency',
      'similar-to-me',
      'first impressions',
    ])
      assert.ok(builder.text.includes(error), error);
    assert.ok(builder.text.includes('Rating scale: OPM'));
    assert.ok(builder.text.includes('src="/js/guide-builder.js"'));
    let guide = await guideDoc(guideId);
    assert.equal(guide.sections.length, 5);
    assert.equal(guide.sections[0].questions[0].text, approved.text, 'the approved bank item comes first');
    assert.ok(guide.sections.every((s) => s.questions.length > 0));

    // Add a generated situational question to the second section, from the add page.
    const sid = String(guide.sections[1]._id);
    const add = await agent.get(`/guides/${guideId}/sections/${sid}/add`);
    assert.equal(add.status, 200);
    assert.ok(add.text.includes('name="kind" value="situational"'));
    const added = await postForm(agent, `/guides/${guideId}/sections/${sid}/questions`, {
      kind: 'situational',
      index: '0',
      level: '2',
    });
    assert.equal(added.status, 303, added.text);
    guide = await guideDoc(guideId);
    const situational = guide.sections[1].questions.at(-1)!;
    assert.equal(situational.kind, 'situational');
    assert.match(situational.text, /What would you do, and why\?/);
    // The same question again is refused (409, naming it), and the add page offers it no more.
    const count = guide.sections[1].questions.length;
    const twice = await postForm(agent, `/guides/${guideId}/sections/${sid}/questions`, {
      kind: 'situational',
      index: '0',
      level: '2',
    });
    assert.equal(twice.status, 409);
    assert.ok(twice.text.includes('This question is already in the guide'));
    assert.equal((await guideDoc(guideId)).sections[1].questions.length, count);
    const addAgain = await agent.get(`/guides/${guideId}/sections/${sid}/add`);
    assert.ok(addAgain.text.includes('Already in the guide'));
    assert.ok(
      !addAgain.text.includes(
        '<input type="hidden" name="kind" value="situational"><input type="hidden" name="index" value="0">',
      ),
    );

    // Edit a question's text and probes; move it up; set minutes; move a section down.
    const qid = String(situational._id);
    const edit = await postForm(agent, `/guides/${guideId}/sections/${sid}/questions/${qid}`, {
      text: 'A customer disputes a charge you cannot explain. What would you do?',
      situation: 'Who was the customer?',
      action: 'What did you say first?\nWho did you ask?',
      result: 'How did it end?',
    });
    assert.equal(edit.status, 303);
    await postForm(agent, `/guides/${guideId}/sections/${sid}/questions/${qid}/move`, { direction: 'up' });
    await postForm(agent, `/guides/${guideId}/sections/${sid}/minutes`, { minutes: '15' });
    await postForm(agent, `/guides/${guideId}/sections/${String(guide.sections[0]._id)}/move`, {
      direction: 'down',
    });
    guide = await guideDoc(guideId);
    assert.equal(guide.sections[0].minutes, 15, 'the second section moved up to first');
    const first = guide.sections[0].questions;
    assert.equal(first.at(-2)!.text, 'A customer disputes a charge you cannot explain. What would you do?');
    assert.deepEqual([...first.at(-2)!.probes!.action], ['What did you say first?', 'Who did you ask?']);

    const published = await publish(agent, guideId);
    assert.equal(published.status, 303, published.text);
    const after = await agent.get(`/guides/${guideId}`);
    assert.ok(after.text.includes('Version 1 is published'));
    const frozen = await getFrozenVersion(guideId, 1);
    assert.equal(frozen.version, 1);
    assert.equal(frozen.positionTitle, 'Customer Service Representative');
    assert.equal(frozen.sections.length, 5);
    assert.equal(frozen.sections[0].minutes, 15);
    assert.equal(frozen.sections[0].level, 'Level 2');
    assert.deepEqual(frozen.sections[0].questions.at(-2)!.probes!.action, [
      'What did you say first?',
      'Who did you ask?',
    ]);
    assert.ok(frozen.sections.every((s) => s.questions.every((q) => q.ratingGuide!.length === 5)));
    assert.equal(frozen.ratingScale.points.length, 5);

    const api = await agent.get(`/api/guides/${guideId}`);
    assert.equal(api.status, 200);
    assert.equal(api.body.guide.version.version, 1);
    const texts = api.body.guide.version.sections.flatMap((s: { questions: { text: string }[] }) =>
      s.questions.map((q) => q.text),
    );
    assert.ok(texts.includes(approved.text));
    assert.ok(api.body.guide.version.sections[0].questions[0].probes.situation.length > 0);
    assert.ok(api.body.guide.version.sections[0].questions[0].ratingGuide.length > 0);

    const again = await publish(agent, guideId);
    assert.equal(again.status, 422, 'nothing to publish');
    assert.equal(await GuideVersion.countDocuments({ guide: guideId }), 1);
  });
});
