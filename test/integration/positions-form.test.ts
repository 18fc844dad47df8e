import assert from 'node:assert/strict';
import { Position } from '../../src/features/positions/position.model.js';
import { postNestedForm } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { counts, csrRows, csrTemplate } from '../helpers/position-factories.js';

describe('position form: several competencies in one save, named levels, every problem at once', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager opens a new position, then every competency is offered as a checkbox with its levels as named choices', async () => {
    const tpl = await csrTemplate();
    const { agent } = await loginAs(t.app, ['manager']);
    const form = await agent.get('/positions/new');
    assert.equal(form.status, 200);
    for (const c of tpl.competencies) assert.ok(form.text.includes(`value="${String(c._id)}"`), c.name);
    assert.match(form.text, /<input type="checkbox" id="f-add-0" name="add\[0\]\[competency\]"/);
    assert.match(form.text, /<label for="f-add-0-level" class="visually-hidden">Required level of /);
    assert.match(
      form.text,
      /<option value="2"[^>]*>Level 2 — [^<]+<\/option>/,
      'a level shows its name and description',
    );
  });

  it('when five competencies are ticked, then one save adds all five with their chosen levels', async () => {
    const tpl = await csrTemplate();
    const { agent } = await loginAs(t.app, ['manager']);
    const five = tpl.competencies.slice(0, 5);
    const add = Object.fromEntries(
      tpl.competencies.map((c, j) => [
        j,
        j < 5 ? { competency: String(c._id), requiredLevel: String((j % 3) + 1) } : { requiredLevel: '1' },
      ]),
    );
    const res = await postNestedForm(agent, '/positions', { title: 'Five at once', add });
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const saved = (await Position.findOne({ title: 'Five at once' }).lean())!;
    assert.deepEqual(
      saved.competencies.map((c) => [String(c.competency), c.requiredLevel, c.weight, c.requirement]),
      five.map((c, j) => [String(c._id), (j % 3) + 1, 1, 'required']),
    );
  });

  it('when a form has a blank title, a duplicate competency, a level the competency lacks and an unexplained weight, then one submit shows all four and saves nothing', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const rows = await csrRows(3);
    rows[1] = { ...rows[0] };
    rows[2] = { ...rows[2], requiredLevel: '9' };
    const extra = { ...(await csrRows(4))[3], weight: '2' };
    const before = await counts();
    const res = await postNestedForm(agent, '/positions', { title: '', competencies: [...rows, extra] });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="f-title-error"/);
    assert.match(res.text, /This competency is already listed\./);
    assert.match(res.text, /Choose one of the levels of [^:]+: 1 \(Level 1\)/);
    assert.match(res.text, /This weight differs from the others \(1\): write the reason for it\./);
    assert.deepEqual(await counts(), before);
  });

  it('when the add checklist is malformed or names something that is not a competency id, then it is refused with a message and nothing is saved', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const before = await counts();
    for (const add of ['everything', { 0: { competency: 'not-an-id', requiredLevel: '1' } }]) {
      const res = await postNestedForm(agent, '/positions', { title: 'Malformed add', add });
      assert.equal(res.status, 422);
      assert.match(res.text, /Choose the competencies to add from the list\./);
    }
    assert.deepEqual(await counts(), before);
  });

  it('when a panelist posts the form, then it is refused', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    const res = await postNestedForm(agent, '/positions', {
      title: 'Not allowed',
      competencies: await csrRows(1),
    });
    assert.equal(res.status, 403);
  });
});
