import assert from 'node:assert/strict';
import { seedFramework } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';

/** Every id that appears more than once in a page (labels and skip links need them unique). */
function duplicateIds(html: string): string[] {
  const seen = new Map<string, number>();
  for (const m of html.matchAll(/\sid="([^"]+)"/g)) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

describe('pages: every id is unique', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a manager opens the question bank (generate and add forms side by side) and the position forms, then no id is used twice', async () => {
    const f = await seedFramework();
    const { agent } = await loginAs(t.app, ['manager']);
    const tpl = await csrTemplate();
    for (const url of [
      `/competencies/${f.ids.behavioral}/questions`,
      `/competencies/${f.ids.behavioral}/questions/generate?level=1`,
      '/positions/new',
      `/positions/new?template=${tpl.id}`,
    ]) {
      const res = await agent.get(url);
      assert.equal(res.status, 200, url);
      assert.deepEqual(duplicateIds(res.text), [], url);
    }
    const bank = await agent.get(`/competencies/${f.ids.behavioral}/questions`);
    assert.ok(bank.text.includes('<label for="f-gen-level">Proficiency level</label>'));
    assert.ok(bank.text.includes('id="f-level"'), 'the add form keeps its own level field');
  });
});
