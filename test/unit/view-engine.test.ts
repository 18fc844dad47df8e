import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ejs from 'ejs';
import { createViewEngine } from '../../src/lib/view-engine.js';

/** Renders `file` through the engine as Express calls it (`cache` from the view cache setting). */
function render(
  engine: ReturnType<typeof createViewEngine>,
  file: string,
  locals: object,
  cache: boolean,
): Promise<string> {
  return new Promise((resolve, reject) =>
    engine(file, { ...locals, cache }, (err, html) => (err ? reject(err) : resolve(html!))),
  );
}

describe('view engine: EJS with includes resolved once per template', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'view-engine-'));
    write(
      'pages/list.ejs',
      [
        "<%- include('../partials/head', { title: title }) %>",
        '<ul><% rows.forEach(function (row, i) { %>',
        "<%- include('row', { row: row, index: i }) %>",
        '<% }) %></ul>',
        "<p><%= locals.missing || 'no missing' %> <%- raw %></p>",
      ].join('\n'),
    );
    write('pages/row.ejs', '<li data-i="<%= index %>"><%= row %> <%- include(\'../partials/token\') %></li>');
    write('partials/head.ejs', '<h1><%= title %></h1><p><%= user %></p>');
    write('partials/token.ejs', '<input type="hidden" name="_csrf" value="<%= csrfToken %>">');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const locals = {
    title: 'Rows & <more>',
    user: '<script>alert(1)</script>',
    rows: ['a', '<b>b</b>', 'c"d'],
    csrfToken: 'tok"en',
    raw: '<em>trusted</em>',
  };

  it('when a page includes partials (nested, relative, in a loop, with data), then the engine renders exactly what ejs.renderFile renders, cached or not', async () => {
    const file = path.join(dir, 'pages', 'list.ejs');
    const expected = await ejs.renderFile(file, locals);
    assert.ok(expected.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the fixture escapes');
    assert.ok(expected.includes('value="tok&#34;en"'));
    assert.equal((expected.match(/name="_csrf"/g) ?? []).length, 3);
    const engine = createViewEngine();
    assert.equal(await render(engine, file, locals, false), expected);
    assert.equal(await render(engine, file, locals, true), expected);
    assert.equal(await render(engine, file, locals, true), expected, 'from the cache');
  });

  it('when the view cache is on, then a template edited on disk keeps its first version; when off, the edit shows at once', async () => {
    const file = path.join(dir, 'pages', 'list.ejs');
    const cached = createViewEngine();
    const fresh = createViewEngine();
    await render(cached, file, locals, true);
    await render(fresh, file, locals, false);
    write('pages/row.ejs', '<li>edited <%= row %></li>');
    assert.ok(!(await render(cached, file, locals, true)).includes('edited'));
    assert.ok((await render(fresh, file, locals, false)).includes('edited a'));
  });

  it('when an include passes data with its own __proto__ key, then the locals keep their prototype', async () => {
    write('pages/proto.ejs', "<%- include('shown', data) %>");
    write('pages/shown.ejs', '<%= typeof polluted %> <%= name %>');
    const data = JSON.parse('{"__proto__": {"polluted": "yes"}, "name": "n"}') as object;
    const html = await render(createViewEngine(), path.join(dir, 'pages', 'proto.ejs'), { data }, true);
    assert.equal(html, 'undefined n');
  });

  it('when a template throws or an include is missing, then the callback gets the error naming the file and line', async () => {
    write('pages/broken.ejs', '<p>one</p>\n<%= notDefined.field %>');
    write('pages/missing.ejs', "<%- include('nowhere') %>");
    const engine = createViewEngine();
    await assert.rejects(render(engine, path.join(dir, 'pages', 'broken.ejs'), {}, true), (err: Error) => {
      assert.match(err.message, /broken\.ejs:2/);
      assert.match(err.message, /notDefined is not defined/);
      return true;
    });
    await assert.rejects(render(engine, path.join(dir, 'pages', 'missing.ejs'), {}, true), /nowhere\.ejs/);
  });
});
