/**
 * The review page's reassign form: levels are offered by name and counted from 1 as people count
 * (the form once asked for "position, from 0"), per competency; a level the competency does not
 * have is refused with a message and changes nothing.
 */
import assert from 'node:assert/strict';
import { FrameworkDraft } from '../../src/features/framework-import/framework-draft.model.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

const DOCUMENT = `# Library model

## Patron Service

Helps patrons find what they need.

### Level 1: Developing

- Greets patrons.

### Level 2: Proficient

- Finds materials for complex requests.
- Leaves patrons waiting at the desk.

## Collection Care

Keeps the collection in order.

A stray line about the shelves.
`;

describe('framework import review: choosing a level', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  async function draft() {
    const { agent } = await loginAs(t.app, ['manager']);
    const token = await csrfToken(agent, '/framework-import');
    const posted = await agent.post('/framework-import').type('form').send({ _csrf: token, text: DOCUMENT });
    const url = posted.headers.location as string;
    const page = await agent.get(url);
    const lineOf = (text: string) => {
      const m = new RegExp(`id="line-(\\d+)"[^>]*>\\s*<span class="fi-text">${text}`).exec(page.text);
      assert.ok(m, `line “${text}” is on the page`);
      return m[1];
    };
    const assign = (body: Record<string, string>) =>
      agent
        .post(`${url}/assign`)
        .type('form')
        .send({ _csrf: token, ...body });
    return { agent, url, page: page.text, lineOf, assign };
  }

  it('when the review page is shown, then each competency’s levels are offered by name and counted from 1', async () => {
    const { page } = await draft();
    const select = /<select id="l-\d+" name="level">([\s\S]*?)<\/select>/.exec(page)![1];
    assert.match(select, /<option value="">None: a new level, or the competency’s own indicators<\/option>/);
    assert.match(
      select,
      /<optgroup label="Patron Service" data-competency="patron-service"><option value="1">Level 1: Developing<\/option><option value="2">Level 2: Proficient<\/option><\/optgroup>/,
    );
    assert.doesNotMatch(select, /value="0"/, 'no level is numbered 0');
    assert.doesNotMatch(select, /label="Collection Care"/, 'a competency without levels offers none');
    assert.doesNotMatch(page, /from 0/);
    assert.match(page, /<summary>Fix Level 2: Proficient<\/summary>/);
  });

  it('when the review page is shown, then each line names the field it fed in words, and its form starts at the competency it sits in', async () => {
    const { page, lineOf } = await draft();
    assert.match(page, /→ Patron Service: level 2, indicator 2<\/span>/);
    assert.match(page, /→ Patron Service: definition<\/span>/);
    assert.doesNotMatch(page, /levels\[\d\]/, 'no field path in code form');
    const stray = lineOf('A stray line about the shelves.');
    const form = new RegExp(`<select id="c-${stray}" name="competency">([\\s\\S]*?)</select>`).exec(page)![1];
    assert.match(form, /<option value="collection-care" selected>Collection Care<\/option>/);
    assert.doesNotMatch(form, /value="patron-service" selected/);
  });

  it('when a line is reassigned to level 1 of a competency, then it joins that level (the first), not the second', async () => {
    const { agent, url, lineOf, assign } = await draft();
    const line = lineOf('A stray line about the shelves.');
    const res = await assign({ line, target: 'indicator', competency: 'patron-service', level: '1' });
    assert.equal(res.status, 303);
    const doc = await FrameworkDraft.findById(url.split('/').pop()).lean();
    assert.deepEqual(
      doc?.assignments.map((a) => [a.line, a.target, a.competency, a.level]),
      [[Number(line), 'indicator', 'patron-service', 0]],
    );
    const page = (await agent.get(url)).text;
    const level1 = page.slice(page.indexOf('1. Developing'), page.indexOf('2. Proficient'));
    assert.ok(level1.includes('<li>A stray line about the shelves.</li>'), 'listed under level 1');
  });

  it('when a line is reassigned to a definition with a level chosen, then the level is not kept', async () => {
    const { url, lineOf, assign } = await draft();
    const line = lineOf('A stray line about the shelves.');
    const res = await assign({ line, target: 'definition', competency: 'collection-care', level: '2' });
    assert.equal(res.status, 303);
    const doc = await FrameworkDraft.findById(url.split('/').pop()).lean();
    assert.equal(doc?.assignments[0].level ?? null, null);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    [
      'a level the competency does not have',
      { target: 'indicator', competency: 'patron-service', level: '3' },
      /Patron Service has 2 levels: choose one of its levels, or none\./,
    ],
    [
      'a level of a competency that has none',
      { target: 'level', competency: 'collection-care', level: '1' },
      /Collection Care has no levels: choose one of its levels, or none\./,
    ],
    [
      'level 0',
      { target: 'indicator', competency: 'patron-service', level: '0' },
      /Choose a level from the list\./,
    ],
    [
      'a level that is not a number',
      { target: 'indicator', competency: 'patron-service', level: 'second' },
      /The level must be a number\./,
    ],
  ];
  for (const [what, body, message] of refusals) {
    it(`when the form names ${what}, then 422 with a message and nothing changes`, async () => {
      const { url, lineOf, assign } = await draft();
      const res = await assign({ line: lineOf('A stray line about the shelves.'), ...body });
      assert.equal(res.status, 422);
      assert.match(res.text, message);
      const doc = await FrameworkDraft.findById(url.split('/').pop()).lean();
      assert.deepEqual(doc?.assignments, []);
    });
  }
});
