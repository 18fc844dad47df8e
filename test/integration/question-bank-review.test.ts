import assert from 'node:assert/strict';
import { listApprovedItems } from '../../src/features/question-bank/question-bank.service.js';
import { QuestionItem } from '../../src/features/question-bank/question-item.model.js';
import { postNestedForm as postForm, seedFramework } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

describe('question bank: writing, review and approval', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  async function writtenItem(competencyId: string) {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const res = await postForm(agent, `/competencies/${competencyId}/questions/new`, {
      kind: 'behavioral',
      level: '2',
      text: 'Tell me about a time you calmed an upset caller.',
      situation: 'What was the call about?',
      action: 'What did you say first?\nWhat did you do next?',
      result: '',
    });
    assert.equal(res.status, 303, res.text);
    const item = (await QuestionItem.findOne({ competency: competencyId }).sort({ _id: -1 }).lean())!;
    assert.equal(res.headers.location, `/competencies/${competencyId}/questions#item-${item._id}`);
    return { agent, user, item };
  }

  it('when a manager writes a question, then it is a draft written by them', async () => {
    const f = await seedFramework();
    const { user, item } = await writtenItem(f.ids.behavioral);
    assert.equal(item.status, 'draft');
    assert.equal(item.level, 2);
    assert.equal(item.levelLabel, 'Level 2');
    assert.deepEqual(item.provenance, { type: 'written', by: user._id, byName: user.name });
    assert.deepEqual(item.probes, {
      situation: ['What was the call about?'],
      action: ['What did you say first?', 'What did you do next?'],
      result: [],
    });
  });

  it('when a written question is invalid, then 422 with messages and nothing is written', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    const before = await QuestionItem.countDocuments({});
    const res = await postForm(agent, `/competencies/${f.ids.behavioral}/questions/new`, {
      kind: 'wizardry',
      level: '7',
      text: '',
      situation: 'Unsaved probe',
    });
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('Choose a kind.'));
    assert.ok(res.text.includes('Enter the question or statement.'));
    assert.ok(res.text.includes('Unsaved probe'));
    const badLevel = await postForm(agent, `/competencies/${f.ids.behavioral}/questions/new`, {
      kind: 'behavioral',
      level: '7',
      text: 'A question',
    });
    assert.equal(badLevel.status, 422);
    assert.ok(badLevel.text.includes('Choose a level from the list.'));
    assert.equal(await QuestionItem.countDocuments({}), before);
  });

  it('when a manager approves, then the item is approved and listed for guides; a panelist gets 403', async () => {
    const f = await seedFramework();
    const { agent, item } = await writtenItem(f.ids.behavioral);
    const { agent: panelist } = await loginAs(t.app, ['panelist']);
    for (const action of ['approve', 'unapprove', 'archive', 'edit'])
      assert.equal((await postForm(panelist, `/questions/${item._id}/${action}`, { text: 'x' })).status, 403);
    assert.equal((await panelist.get(`/questions/${item._id}/edit`)).status, 403);
    assert.equal((await QuestionItem.findById(item._id).lean())!.status, 'draft');
    assert.deepEqual(await listApprovedItems(f.ids.behavioral), []);

    const { agent: manager, user } = await loginAs(t.app, ['manager']);
    const res = await postForm(manager, `/questions/${item._id}/approve`, {});
    assert.equal(res.status, 303);
    const approved = (await QuestionItem.findById(item._id).lean())!;
    assert.equal(approved.status, 'approved');
    assert.ok(approved.approvedBy?.equals(user._id));
    assert.ok(approved.approvedAt);
    const listed = await listApprovedItems(f.ids.behavioral, { kind: 'behavioral', level: 2 });
    assert.deepEqual(
      listed.map((i) => String(i._id)),
      [String(item._id)],
    );
    assert.deepEqual(await listApprovedItems(f.ids.behavioral, { kind: 'situational' }), []);
    assert.deepEqual(await listApprovedItems(f.ids.behavioral, { level: 1 }), []);
    const page = await agent.get(`/competencies/${f.ids.behavioral}/questions`);
    assert.ok(page.text.includes('Return to draft'));
  });

  it('when an approved item is edited, then it goes back to draft; unapprove and archive work', async () => {
    const f = await seedFramework();
    const { agent, item } = await writtenItem(f.ids.behavioral);
    assert.equal((await postForm(agent, `/questions/${item._id}/approve`, {})).status, 303);
    const form = await agent.get(`/questions/${item._id}/edit`);
    assert.equal(form.status, 200);
    assert.ok(form.text.includes('Saving a change returns it to draft'));
    const invalid = await postForm(agent, `/questions/${item._id}/edit`, { text: ' ' });
    assert.equal(invalid.status, 422);
    assert.equal((await QuestionItem.findById(item._id).lean())!.status, 'approved');

    const { agent: other, user: editor } = await loginAs(t.app, ['admin']);
    const res = await postForm(other, `/questions/${item._id}/edit`, {
      text: 'Describe a time you calmed an upset caller.',
      situation: 'What was the call about?',
      action: 'What did you say first?',
    });
    assert.equal(res.status, 303);
    const edited = (await QuestionItem.findById(item._id).lean())!;
    assert.equal(edited.status, 'draft');
    assert.equal(edited.approvedAt, undefined);
    assert.equal(edited.text, 'Describe a time you calmed an upset caller.');
    assert.deepEqual(edited.probes!.action, ['What did you say first?']);
    assert.equal(edited.provenance.byName, editor.name);

    assert.equal((await postForm(agent, `/questions/${item._id}/approve`, {})).status, 303);
    assert.equal((await postForm(agent, `/questions/${item._id}/unapprove`, {})).status, 303);
    assert.equal((await QuestionItem.findById(item._id).lean())!.status, 'draft');
    assert.equal((await postForm(agent, `/questions/${item._id}/archive`, {})).status, 303);
    assert.equal((await QuestionItem.findById(item._id).lean())!.status, 'archived');
    const page = await agent.get(`/competencies/${f.ids.behavioral}/questions`);
    assert.ok(!page.text.includes('calmed an upset caller'));
  });

  it('when an item id is malformed or unknown, then 404', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    assert.equal((await postForm(agent, '/questions/nope/approve', {})).status, 404);
    assert.equal((await postForm(agent, '/questions/0123456789abcdef01234567/approve', {})).status, 404);
  });
});
