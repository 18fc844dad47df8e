import assert from 'node:assert/strict';
import { Position } from '../../src/features/positions/position.model.js';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { postNestedForm as postForm, seedFramework } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { counts, createPosition, csrRows, csrTemplate } from '../helpers/position-factories.js';

describe('positions', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager starts from the CSR class 1230 template, then the form lists its nine competencies and saving warns about more than 6', async () => {
    const tpl = await csrTemplate();
    const { agent, user } = await loginAs(t.app, ['manager']);
    const list = await agent.get('/positions');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`/positions/new?template=${tpl.id}`));
    const form = await agent.get(`/positions/new?template=${tpl.id}`);
    assert.equal(form.status, 200, form.text);
    assert.ok(form.text.includes('value="Customer Service Representative"'));
    for (let i = 0; i < 9; i++)
      assert.ok(form.text.includes(`name="competencies[${i}][competency]"`), `row ${i}`);
    // No empty row any more: the checklist adds several at once, and levels are named choices.
    assert.ok(!form.text.includes('name="competencies[9][competency]"'));
    assert.match(form.text, /<option value="3"[^>]*>Level 3<\/option>/);

    const rows = tpl.competencies.map((c) => ({
      competency: String(c._id),
      requiredLevel: '1',
      weight: '1',
      requirement: 'required',
    }));
    const { res, id } = await createPosition(agent, { fromTemplate: tpl.id, competencies: rows });
    assert.equal(res.status, 303, res.text);
    const saved = (await Position.findById(id).lean())!;
    assert.equal(String(saved.owner), String(user._id));
    assert.equal(String(saved.fromTemplate), tpl.id);
    assert.equal(saved.competencies.length, 9);
    assert.deepEqual(
      saved.competencies.map((c) => c.order),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
    const page = await agent.get(`/positions/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /has 9 competencies. OPM guidance for structured interviews is 4 to 6/);
    assert.ok(page.text.includes('Mathematics'));
  });

  it('when a position has 3, 5 or 7 competencies, then only 3 and 7 show the 4–6 warning and all are saved', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    for (const [n, warns] of [
      [3, true],
      [5, false],
      [7, true],
    ] as const) {
      const { res, id } = await createPosition(agent, { competencies: await csrRows(n) });
      assert.equal(res.status, 303, res.text);
      const page = await agent.get(`/positions/${id}`);
      assert.equal(/OPM guidance for structured interviews is 4 to 6/.test(page.text), warns, `${n}`);
    }
  });

  it('when one weight differs without a reason, then 422 names the row and nothing is written; with a reason it is saved and shown beside the weight', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const rows = await csrRows(4);
    rows[2] = { ...rows[2], weight: '2', weightReason: '' };
    const before = await counts();
    const refused = await postForm(agent, '/positions', { title: 'Weighted', competencies: rows });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /This weight differs from the others \(1\): write the reason for it\./);
    assert.ok(refused.text.includes('id="f-competencies.2.weightReason"'));
    assert.deepEqual(await counts(), before);

    rows[2].weightReason = 'Handles cash all day: arithmetic errors are costly.';
    const { res, id } = await createPosition(agent, { title: 'Weighted', competencies: rows });
    assert.equal(res.status, 303, res.text);
    const page = await agent.get(`/positions/${id}`);
    assert.ok(page.text.includes('2 (reason: Handles cash all day: arithmetic errors are costly.)'));
    const json = await agent.get(`/api/positions/${id}`).set('Accept', 'application/json');
    assert.equal(json.status, 200);
    const c = json.body.position.competencies[2];
    assert.equal(c.weight, 2);
    assert.equal(c.weightReason, 'Handles cash all day: arithmetic errors are costly.');
    assert.equal(json.body.position.competencies[0].weightReason, undefined);
  });

  it('when the input is bad (no title, unknown competency, a level the competency lacks, a duplicate), then 422 with field messages and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const rows = await csrRows(4);
    const before = await counts();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ title: '', competencies: rows }, /Enter a title\./],
      [
        {
          title: 'X',
          competencies: [{ ...rows[0], competency: '0123456789abcdef01234567' }, ...rows.slice(1)],
        },
        /Choose a competency from the list\./,
      ],
      [
        { title: 'X', competencies: [{ ...rows[0], requiredLevel: '7' }, ...rows.slice(1)] },
        /Choose one of the levels of Mathematics: 1 \(Level 1\), 2 \(Level 2\), 3 \(Level 3\)\./,
      ],
      [{ title: 'X', competencies: [...rows, rows[0]] }, /This competency is already listed\./],
      [{ title: 'X', competencies: [{ ...rows[0], weight: 'heavy' }] }, /Enter a weight between 0.1 and 10/],
    ];
    for (const [body, message] of cases) {
      const res = await postForm(agent, '/positions', body);
      assert.equal(res.status, 422, String(message));
      assert.match(res.text, message);
    }
    assert.deepEqual(await counts(), before);
    assert.equal((await agent.get('/positions/0123456789abcdef01234567')).status, 404);
    assert.equal((await agent.get('/positions/not-an-id')).status, 404);
  });

  it('when a manager edits a position, then the new competencies, order and levels are saved', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    const edit = await agent.get(`/positions/${id}/edit`);
    assert.equal(edit.status, 200);
    const rows = (await csrRows(6)).reverse();
    rows[0].requiredLevel = '3';
    const res = await postForm(agent, `/positions/${id}`, { title: 'CSR II', competencies: rows });
    assert.equal(res.status, 303, res.text);
    const saved = (await Position.findById(id).lean())!;
    assert.equal(saved.title, 'CSR II');
    assert.deepEqual(
      saved.competencies.map((c) => String(c.competency)),
      rows.map((r) => r.competency),
    );
    assert.equal(saved.competencies[0].requiredLevel, 3);
  });

  it('when the announcement is opened, then it holds the required and desired statements as text and HTML, and saved edits stay', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const rows = await csrRows(4);
    rows[3].requirement = 'desired';
    const { id } = await createPosition(agent, { competencies: rows });
    const page = await agent.get(`/positions/${id}/announcement`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('Required qualifications:'));
    assert.ok(page.text.includes('Desired qualifications:'));
    assert.match(page.text, /algebra/i, 'Mathematics level 2 statement');
    assert.ok(
      page.text.includes('&lt;h3&gt;Required qualifications&lt;/h3&gt;'),
      'the HTML source, escaped in a textarea',
    );
    assert.ok(page.text.includes('&lt;li&gt;'));

    const text = 'Required qualifications:\n- Ability to add up <quickly> & well.\n\nWe value courtesy.';
    const save = await postForm(agent, `/positions/${id}/announcement`, { text });
    assert.equal(save.status, 303);
    const again = await agent.get(`/positions/${id}/announcement`);
    assert.ok(again.text.includes('Ability to add up &lt;quickly&gt; &amp; well.'));
    assert.ok(
      again.text.includes('&lt;li&gt;Ability to add up &amp;lt;quickly&amp;gt; &amp;amp; well.&lt;/li&gt;'),
    );
    assert.ok(again.text.includes('&lt;p&gt;We value courtesy.&lt;/p&gt;'));
    const json = await agent.get(`/api/positions/${id}`);
    assert.equal(json.body.position.announcement.text, text);
    const empty = await postForm(agent, `/positions/${id}/announcement`, { text: '  ' });
    assert.equal(empty.status, 422);
    assert.equal((await Position.findById(id).lean())!.announcement!.text, text);
  });
  it('when a competency without levels of its own is used, then its framework scale gives the levels; archived later, the position still saves with it', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    const row = (competency: string, requiredLevel: string) => ({
      competency,
      requiredLevel,
      weight: '1',
      requirement: 'required',
    });
    const refused = await postForm(agent, '/positions', {
      title: 'Clerk',
      competencies: [row(f.ids.technical, '3')],
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Choose one of the levels of Arithmetic [^:]+: 1 \(Entry\), 2 \(Expert\)\./);
    const rows = [row(f.ids.technical, '2'), row(f.ids.behavioral, '1')];
    const { res, id } = await createPosition(agent, { title: 'Clerk', competencies: rows });
    assert.equal(res.status, 303, res.text);
    await Competency.updateOne({ _id: f.ids.technical }, { $set: { status: 'archived' } });
    const form = await agent.get(`/positions/${id}/edit`);
    assert.ok(form.text.includes(`<option value="${f.ids.technical}" selected>`));
    const saved = await postForm(agent, `/positions/${id}`, { title: 'Clerk II', competencies: rows });
    assert.equal(saved.status, 303, saved.text);
    const other = await postForm(agent, '/positions', { title: 'New', competencies: rows });
    assert.equal(other.status, 422, 'an archived competency is not offered to new positions');
  });
});
