import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { REFERENCE_RATING_OPTIONS } from '../../src/features/generators/index.js';
import { Position } from '../../src/features/positions/position.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { ensureSomeUser, postForm, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { referenceReady, templateUrl, type ReferenceSetup } from '../helpers/reference-factories.js';

const load = async (positionId: string) =>
  (await ReferenceTemplate.findOne({ position: positionId }).lean())!;
const texts = (items: { text: string }[]) => items.map((i) => i.text);

describe('references: the position’s reference questionnaire', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when the questionnaire page is first opened, then it is generated from the position’s competencies in their order: opening questions, rated questions per competency, closing questions, written about “the candidate”', async () => {
    const s = await referenceReady(t.app, { competencies: 4 });
    const tpl = await load(s.positionId);
    const position = (await Position.findById(s.positionId).lean())!;
    assert.deepEqual(
      tpl.competencies.map((c) => String(c.competency)),
      position.competencies.map((c) => String(c.competency)),
    );
    assert.deepEqual(tpl.ratingOptions, REFERENCE_RATING_OPTIONS);
    // Opening: how the referee knows the candidate, for how long, the responsibilities, whether
    // they could observe the work. Closing: strengths, development, supervision, rehire, anything else.
    assert.equal(tpl.opening.length, 4);
    assert.equal(tpl.closing.length, 5);
    assert.ok(tpl.competencies.every((c) => c.items.length >= 1 && c.name));
    const all = [...tpl.opening, ...tpl.competencies.flatMap((c) => c.items), ...tpl.closing];
    assert.equal(new Set(all.map((i) => i.id)).size, all.length, 'ids are unique');
    assert.ok(
      all.every((i) => /the candidate/i.test(i.text)),
      'every question is about “the candidate”',
    );
    assert.ok(tpl.closing.some((i) => i.text.includes('the Customer Service Representative position')));
    assert.equal(tpl.confidentiality!.mode, 'individual');
    assert.equal(tpl.confidentiality!.minResponses, 2);

    const page = await s.agent.get(templateUrl(s.positionId));
    assert.equal(page.status, 200);
    for (const i of all) assert.ok(page.text.includes(html(i.text)), i.text);
    // Opening the page again changes nothing.
    await s.agent.get(templateUrl(s.positionId));
    assert.equal(await ReferenceTemplate.countDocuments({ position: s.positionId }), 1);
    assert.equal((await load(s.positionId)).rev, tpl.rev);
  });

  describe('editing', () => {
    let s: ReferenceSetup;
    beforeEach(async () => {
      s = await referenceReady(t.app, { competencies: 3 });
    });
    const post = (path: string, body: Record<string, unknown>) =>
      postForm(s.agent, `${templateUrl(s.positionId)}${path}`, body);

    it('when a manager edits, adds, moves and removes questions, then each change is saved in place', async () => {
      const tpl = await load(s.positionId);
      const [first, second] = tpl.opening;

      assert.equal(
        (await post(`/items/${first.id}`, { text: '  How long have you known the candidate?  ' })).status,
        303,
      );
      assert.equal((await load(s.positionId)).opening[0].text, 'How long have you known the candidate?');

      assert.equal((await post('/items', { part: 'opening', text: 'Extra opening?' })).status, 303);
      assert.equal((await post('/items', { part: 'closing', text: 'Extra closing?' })).status, 303);
      const section = tpl.competencies[1];
      const added = await post('/items', {
        part: 'competency',
        competency: String(section.competency),
        text: 'How well did the candidate explain figures?',
      });
      assert.equal(added.status, 303);
      assert.ok(added.headers.location.endsWith(`#add-competency-${section.competency}`));
      let now = await load(s.positionId);
      assert.equal(now.opening.at(-1)!.text, 'Extra opening?');
      assert.equal(now.closing.at(-1)!.text, 'Extra closing?');
      assert.equal(now.competencies[1].items.at(-1)!.text, 'How well did the candidate explain figures?');

      assert.equal((await post(`/items/${second.id}/move`, { direction: 'up' })).status, 303);
      now = await load(s.positionId);
      assert.deepEqual(
        now.opening.slice(0, 2).map((i) => i.id),
        [second.id, first.id],
      );
      // At the edge a move changes nothing.
      assert.equal((await post(`/items/${second.id}/move`, { direction: 'up' })).status, 303);
      assert.equal((await load(s.positionId)).opening[0].id, second.id);
      assert.equal((await post(`/items/${second.id}/move`, { direction: 'down' })).status, 303);
      assert.deepEqual(
        (await load(s.positionId)).opening.slice(0, 2).map((i) => i.id),
        [first.id, second.id],
      );

      assert.equal((await post(`/items/${first.id}/remove`, {})).status, 303);
      now = await load(s.positionId);
      assert.ok(!now.opening.some((i) => i.id === first.id));
      assert.equal(now.updatedBy && String(now.updatedBy), String(s.user._id));
    });

    it('when a question is added for a competency whose section is gone, then the section comes back in the position’s order', async () => {
      const tpl = await load(s.positionId);
      const middle = tpl.competencies[1];
      await ReferenceTemplate.updateOne(
        { _id: tpl._id },
        { $set: { competencies: [tpl.competencies[0], tpl.competencies[2]] } },
      );
      const page = await s.agent.get(templateUrl(s.positionId));
      assert.ok(
        page.text.includes(html(middle.name)),
        'the position’s competency still has its section on the page',
      );
      const res = await post('/items', {
        part: 'competency',
        competency: String(middle.competency),
        text: 'Back again?',
      });
      assert.equal(res.status, 303);
      const now = await load(s.positionId);
      assert.deepEqual(
        now.competencies.map((c) => String(c.competency)),
        tpl.competencies.map((c) => String(c.competency)),
      );
      assert.deepEqual(texts(now.competencies[1].items), ['Back again?']);
      assert.equal(now.competencies[1].name, middle.name);
    });

    it('when a manager generates the questions again, then the edits are replaced and the confidentiality setting stays', async () => {
      const tpl = await load(s.positionId);
      await post(`/items/${tpl.opening[0].id}`, { text: 'Edited opening about the candidate?' });
      await post('/confidentiality', { mode: 'aggregate', minResponses: '4' });
      const res = await post('/regenerate', {});
      assert.equal(res.status, 303);
      const now = await load(s.positionId);
      assert.deepEqual(texts(now.opening), texts(tpl.opening));
      assert.deepEqual(
        now.competencies.map((c) => texts(c.items)),
        tpl.competencies.map((c) => texts(c.items)),
      );
      assert.deepEqual(now.confidentiality, { mode: 'aggregate', minResponses: 4 });
    });

    it('when several managers change the questionnaire at once, then no change is lost: each is saved or refused with 409', async () => {
      const before = await load(s.positionId);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => post('/items', { part: 'closing', text: `Concurrent ${i}?` })),
      );
      const saved = results.filter((r) => r.status === 303).length;
      assert.ok(
        results.every((r) => r.status === 303 || r.status === 409),
        results.map((r) => r.status).join(),
      );
      const now = await load(s.positionId);
      assert.equal(now.closing.length, before.closing.length + saved);
      assert.equal(now.rev, before.rev + saved);
    });

    const bad: [string, string, Record<string, unknown>, string][] = [
      ['edit with no text', '/items/ITEM', { text: '   ' }, 'Enter the question.'],
      [
        'edit with too long a text',
        '/items/ITEM',
        { text: 'x'.repeat(2001) },
        'Use at most 2,000 characters.',
      ],
      ['add with no text', '/items', { part: 'opening', text: '' }, 'Enter the question.'],
      ['add to an unknown part', '/items', { part: 'middle', text: 'Q?' }, 'Choose where the question goes.'],
      [
        'add a rated question without its competency',
        '/items',
        { part: 'competency', text: 'Q?' },
        'Choose the competency the question rates.',
      ],
      [
        'add with a malformed competency',
        '/items',
        { part: 'competency', competency: 'nope', text: 'Q?' },
        'Not a valid id.',
      ],
      [
        'add for a competency outside the position',
        '/items',
        { part: 'competency', competency: new Types.ObjectId().toHexString(), text: 'Q?' },
        'Choose a competency of this position.',
      ],
      ['move sideways', '/items/ITEM/move', { direction: 'sideways' }, 'Move the question up or down.'],
      [
        'confidentiality with an unknown mode',
        '/confidentiality',
        { mode: 'secret', minResponses: '2' },
        'Choose how reference answers are shown.',
      ],
      [
        'confidentiality with 0 responses',
        '/confidentiality',
        { mode: 'aggregate', minResponses: '0' },
        'Enter a whole number from 1 to 20.',
      ],
      [
        'confidentiality with 21 responses',
        '/confidentiality',
        { mode: 'aggregate', minResponses: '21' },
        'Enter a whole number from 1 to 20.',
      ],
      [
        'confidentiality with words',
        '/confidentiality',
        { mode: 'aggregate', minResponses: 'two' },
        'Enter a whole number from 1 to 20.',
      ],
      [
        'confidentiality with a fraction',
        '/confidentiality',
        { mode: 'aggregate', minResponses: '2.5' },
        'Enter a whole number from 1 to 20.',
      ],
    ];
    for (const [what, path, body, message] of bad) {
      it(`when a manager posts ${what}, then 422 names the problem and nothing is written`, async () => {
        const before = await load(s.positionId);
        const res = await post(path.replace('ITEM', before.opening[0].id), body);
        assert.equal(res.status, 422, res.text.slice(0, 500));
        assert.ok(res.text.includes(html(message)), message);
        const after = await load(s.positionId);
        assert.equal(after.rev, before.rev);
        assert.deepEqual(after.opening, before.opening);
        assert.deepEqual(after.competencies, before.competencies);
        assert.deepEqual(after.closing, before.closing);
        assert.deepEqual(after.confidentiality, before.confidentiality);
      });
    }

    it('when a question id is unknown, then editing, moving and removing answer 404 (JSON for JSON clients)', async () => {
      const unknown = new Types.ObjectId().toHexString();
      assert.equal((await post(`/items/${unknown}`, { text: 'Q?' })).status, 404);
      assert.equal((await post(`/items/${unknown}/move`, { direction: 'up' })).status, 404);
      const res = await postForm(s.agent, `${templateUrl(s.positionId)}/items/${unknown}/remove`, {}).then(
        (r) => r,
      );
      assert.equal(res.status, 404);
      const json = await s.agent
        .post(`${templateUrl(s.positionId)}/items/${unknown}/remove`)
        .set('Accept', 'application/json')
        .set('X-CSRF-Token', /name="csrf-token" content="([^"]+)"/.exec((await s.agent.get('/')).text)![1]);
      assert.equal(json.status, 404);
      assert.equal(json.body.error, 'That question is no longer in the questionnaire.');
      assert.equal((await s.agent.get(templateUrl(new Types.ObjectId().toHexString()))).status, 404);
    });
  });
});
