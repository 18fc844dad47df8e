import assert from 'node:assert/strict';
import { getFrozenVersion } from '../../src/features/guides/guide-versions.service.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { postNestedForm as postForm } from '../helpers/competency-factories.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { guideDoc, positionWithGuide, publish } from '../helpers/guide-factories.js';
import { csrRows, csrTemplate } from '../helpers/position-factories.js';

describe('interview guides: versions', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a published guide is edited and published again, then version 1 stays exactly as it was and the page lists what changed', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 4);
    // The starter questions come from approved bank items when other test files left some: make
    // sure the first section has two questions, as the edits below need.
    for (let index = 0; (await guideDoc(guideId)).sections[0].questions.length < 2 && index < 5; index++) {
      const sid = String((await guideDoc(guideId)).sections[0]._id);
      await postForm(agent, `/guides/${guideId}/sections/${sid}/questions`, {
        kind: 'behavioral',
        index: String(index),
        level: '2',
      });
    }
    assert.equal((await publish(agent, guideId)).status, 303);
    const v1 = await getFrozenVersion(guideId, 1);
    const stored = JSON.stringify(
      (await GuideVersion.findOne({ guide: guideId, version: 1 }).lean())!.snapshot,
    );

    let guide = await guideDoc(guideId);
    const [s0, s1] = guide.sections.map((s) => String(s._id));
    const q0 = guide.sections[0].questions.map((q) => String(q._id));
    const edited = await postForm(agent, `/guides/${guideId}/sections/${s0}/questions/${q0[0]}`, {
      text: 'Tell me about the hardest sum you have had to check at work.',
      situation: 'When was it?',
      action: 'What did you do?',
      result: 'What was the outcome?',
    });
    assert.equal(edited.status, 303);
    const builder = await agent.get(`/guides/${guideId}`);
    assert.ok(builder.text.includes('Draft of version 2'), 'editing a published guide starts version 2');
    assert.ok(builder.text.includes('version 1 stays in use until you publish'));
    await postForm(agent, `/guides/${guideId}/sections/${s0}/questions/${q0[1]}/remove`, {});
    await postForm(agent, `/guides/${guideId}/sections/${s1}/minutes`, { minutes: '20' });
    await postForm(agent, `/guides/${guideId}/sections/${s1}/move`, { direction: 'up' });
    const scale = await postForm(agent, `/guides/${guideId}/scale`, {
      scale: 'parts-of-a-competency-3-level',
    });
    assert.equal(scale.status, 303, scale.text);
    guide = await guideDoc(guideId);
    assert.equal(guide.ratingScale.name, 'Parts of a Competency rating scale');
    const generated = guide.sections
      .flatMap((s) => s.questions)
      .filter((q) => q.source?.type === 'generated');
    assert.ok(generated.length > 0);
    assert.ok(
      generated.every(
        (q) =>
          q.ratingGuide.map((r) => r.label).join('|') ===
          'Needs Improvement|Meets Expectations|Exceeds Expectations',
      ),
    );

    assert.equal((await publish(agent, guideId)).status, 303);
    assert.deepEqual(await getFrozenVersion(guideId, 1), v1);
    assert.equal(
      JSON.stringify((await GuideVersion.findOne({ guide: guideId, version: 1 }).lean())!.snapshot),
      stored,
    );
    const v2 = await getFrozenVersion(guideId, 2);
    assert.equal(
      v2.sections[1].questions[0].text,
      'Tell me about the hardest sum you have had to check at work.',
    );
    assert.equal(v1.sections[0].questions.length, v2.sections[1].questions.length + 1);

    const page = await agent.get(`/guides/${guideId}`);
    assert.ok(page.text.includes('Version 2 is published'));
    for (const change of [
      'Rating scale: OPM five-point proficiency scale → Parts of a Competency rating scale',
      'Sections reordered',
      ': minutes 10 → 20',
      ': question removed: ',
      ': question text changed: ',
    ])
      assert.ok(page.text.includes(change), change);
    const old = await agent.get(`/guides/${guideId}/versions/1`);
    assert.equal(old.status, 200);
    assert.ok(old.text.includes(v1.sections[0].questions[0].text.slice(0, 30)));
    assert.equal((await agent.get(`/guides/${guideId}/versions/9`)).status, 404);
  });

  it('when someone tries to change a published version in the database, then it is refused', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 4);
    await publish(agent, guideId);
    await assert.rejects(
      GuideVersion.updateOne({ guide: guideId, version: 1 }, { $set: { 'snapshot.positionTitle': 'X' } }),
      /cannot be changed/,
    );
    const doc = (await GuideVersion.findOne({ guide: guideId, version: 1 }))!;
    doc.set('snapshot', { ...doc.snapshot, positionTitle: 'Changed' });
    doc.markModified('snapshot');
    await assert.rejects(doc.save(), /cannot be changed/);
    assert.equal((await getFrozenVersion(guideId, 1)).positionTitle, 'Customer Service Representative');
  });

  it('when the order is posted as JSON with the CSRF header (drag and drop), then sections and questions take it; a wrong list is 422', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 4);
    const token = await csrfToken(agent, `/guides/${guideId}`);
    let guide = await guideDoc(guideId);
    const sections = guide.sections.map((s) => String(s._id)).reverse();
    const res = await agent.post(`/guides/${guideId}/order`).set('X-CSRF-Token', token).send({ sections });
    assert.equal(res.status, 200, res.text);
    const questions = guide.sections[0].questions.map((q) => String(q._id)).reverse();
    await agent
      .post(`/guides/${guideId}/order`)
      .set('X-CSRF-Token', token)
      .send({ section: String(guide.sections[0]._id), questions });
    guide = await guideDoc(guideId);
    assert.deepEqual(
      guide.sections.map((s) => String(s._id)),
      sections,
    );
    assert.deepEqual(
      guide.sections.at(-1)!.questions.map((q) => String(q._id)),
      questions,
    );
    const bad = await agent
      .post(`/guides/${guideId}/order`)
      .set('X-CSRF-Token', token)
      .set('Accept', 'application/json')
      .send({ sections: sections.slice(1) });
    assert.equal(bad.status, 422);
    assert.equal(
      (await agent.post(`/guides/${guideId}/order`).send({ sections })).status,
      403,
      'no CSRF token',
    );
  });

  it('when the position gains a competency, then publishing is refused until the sections are updated from it', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId, positionId } = await positionWithGuide(agent, 4);
    await postForm(agent, `/positions/${positionId}`, { title: 'CSR', competencies: await csrRows(5) });
    const page = await agent.get(`/guides/${guideId}`);
    assert.ok(page.text.includes('Update the sections from the position'));
    const refused = await publish(agent, guideId);
    assert.equal(refused.status, 422);
    assert.equal(await GuideVersion.countDocuments({ guide: guideId }), 0);
    assert.equal((await postForm(agent, `/guides/${guideId}/sync`, {})).status, 303);
    assert.equal((await guideDoc(guideId)).sections.length, 5);
    assert.equal((await publish(agent, guideId)).status, 303);
  });

  it('when guide inputs are bad, then 422 or 404 and nothing changes', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 4);
    const guide = await guideDoc(guideId);
    const sid = String(guide.sections[0]._id);
    const qid = String(guide.sections[0].questions[0]._id);
    const before = JSON.stringify(guide.toObject());
    const cases: [string, Record<string, unknown>, number][] = [
      [`/guides/${guideId}/sections/${sid}/minutes`, { minutes: '0' }, 422],
      [`/guides/${guideId}/sections/${sid}/minutes`, { minutes: 'ten' }, 422],
      [`/guides/${guideId}/sections/${sid}/questions/${qid}`, { text: ' ' }, 422],
      [`/guides/${guideId}/scale`, { scale: 'no-such-scale' }, 422],
      [`/guides/${guideId}/instructions`, { panelInstructions: '' }, 422],
      [`/guides/${guideId}/sections/${sid}/questions`, { kind: 'reference', index: '0', level: '2' }, 422],
      [`/guides/${guideId}/sections/${sid}/questions`, { kind: 'behavioral', index: '0', level: '9' }, 422],
      [`/guides/${guideId}/sections/${sid}/questions`, { item: '0123456789abcdef01234567' }, 404],
      [`/guides/${guideId}/sections/0123456789abcdef01234567/minutes`, { minutes: '5' }, 404],
      [
        `/guides/${guideId}/sections/${sid}/questions/0123456789abcdef01234567/move`,
        { direction: 'up' },
        404,
      ],
      [`/guides/0123456789abcdef01234567/publish`, {}, 404],
    ];
    for (const [url, body, status] of cases) {
      const res = await postForm(agent, url, body);
      assert.equal(res.status, status, `${url} ${JSON.stringify(body)}`);
    }
    assert.equal(JSON.stringify((await guideDoc(guideId)).toObject()), before);
    assert.equal((await agent.get(`/guides/${guideId}/versions/abc`)).status, 404);
    assert.equal((await agent.get(`/api/guides/${guideId}`)).status, 404, 'nothing published yet');
  });
});
