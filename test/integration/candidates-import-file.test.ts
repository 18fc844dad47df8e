/**
 * The candidates' CSV import as an uploaded .csv file (multipart): the same checks and the same
 * every-problem-at-once list as a pasted CSV, 413 for a file over 2 MB, the CSRF token as a field
 * of the multipart form, and the position's managers only. Nothing is written on any refusal.
 */
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { candidateCount, candidatesUrl, html } from '../helpers/candidate-factories.js';
import { createPosition, csrTemplate } from '../helpers/position-factories.js';

const importUrl = (positionId: string) => `${candidatesUrl(positionId)}/import`;

/** Posts the import form as a browser does with a file chosen (multipart, CSRF as a field). */
async function uploadCsv(
  agent: supertest.Agent,
  positionId: string,
  data: Buffer | string,
  fileName = 'candidates.csv',
  extra: Record<string, string> = {},
  accept = 'text/html',
) {
  // The session's token, read from the home page (those refused the candidates page have one too).
  const token = await csrfToken(agent, '/');
  let req = agent.post(importUrl(positionId)).set('Accept', accept).field('_csrf', token);
  for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
  return req.attach('file', Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), fileName);
}

describe('candidates: CSV import as an uploaded file', function () {
  this.timeout(60_000);
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  const manager = async () => {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    return { agent, user, id };
  };

  it('when the candidates page is opened, then the import form is multipart with a labelled .csv file field beside the paste box', async () => {
    const { agent, id } = await manager();
    const page = await agent.get(candidatesUrl(id));
    assert.equal(page.status, 200);
    assert.match(
      page.text,
      /<form method="post" action="[^"]+\/candidates\/import"[^>]*enctype="multipart\/form-data"/,
    );
    assert.match(page.text, /<label for="f-csv-file">CSV file<\/label>/);
    assert.match(page.text, /<input type="file" id="f-csv-file" name="file" accept="\.csv,text\/csv"/);
    assert.match(page.text, /<label for="f-csv">Or paste the CSV<\/label>/);
  });

  it('when a manager uploads a valid .csv file (UTF-8 with a byte-order mark, CRLF, quoted fields), then every row is imported', async () => {
    const { agent, id } = await manager();
    const file =
      '\uFEFF' +
      [
        'name,email,notes',
        'Zoë Ångström,zoe@example.org,Prefers mornings',
        '"Hopper, Grace",grace@example.org,"Said ""yes"""',
        'No Notes,nonotes@example.org',
      ].join('\r\n');
    const res = await uploadCsv(agent, id, file);
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const saved = await Candidate.find({ position: id }).sort({ email: 1 }).lean();
    assert.deepEqual(
      saved.map((c) => [c.name, c.email, c.notes ?? '']),
      [
        ['Hopper, Grace', 'grace@example.org', 'Said "yes"'],
        ['No Notes', 'nonotes@example.org', ''],
        ['Zoë Ångström', 'zoe@example.org', 'Prefers mornings'],
      ],
    );
    const list = await agent.get(res.headers.location as string);
    assert.ok(list.text.includes('Imported 3 candidates.'));
  });

  it('when an uploaded file has several bad rows, then every problem is listed at once, as for a pasted CSV, and nothing is imported', async () => {
    const { agent, id } = await manager();
    const file = [
      'name,email',
      'Ada Lovelace,ada@example.org',
      ',blank-name@example.org',
      'Bad Email,not-an-email',
      'Ada Again,ada@example.org',
    ].join('\n');
    const res = await uploadCsv(agent, id, file);
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('Nothing was imported: 3 problems to fix first.'), res.text.slice(0, 2000));
    const items = [...res.text.matchAll(/<li>(line \d+[^<]*)<\/li>/g)].map((m) => m[1]);
    assert.deepEqual(
      items.map((p) => p.slice(0, 6)),
      ['line 3', 'line 4', 'line 5'],
    );
    assert.match(items[2], /duplicate email also on line 2/);
    assert.equal(await candidateCount(id), 0);
  });

  it('when the file is not a CSV, has the wrong columns, or is empty, then a clear message says what to upload and nothing is imported', async () => {
    const { agent, id } = await manager();
    const header = 'name,email\nAnn,ann@example.org\n';
    const cases: [Buffer | string, string, string][] = [
      [header, 'candidates.xlsx', '“candidates.xlsx” is not a CSV file. Save the list as .csv'],
      [header, 'candidates.txt', '“candidates.txt” is not a CSV file.'],
      [
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]),
        'renamed.csv',
        '“renamed.csv” is not a text CSV file. Export the list from your spreadsheet as “CSV UTF-8”',
      ],
      [
        Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0xff, 0xfe, 0x0a]),
        'latin.csv',
        '“latin.csv” is not a text CSV file.',
      ],
      ['fullname,email\nAnn,ann@example.org\n', 'columns.csv', 'line 1: unknown column “fullname”'],
      ['email,notes\nann@example.org,x\n', 'columns.csv', 'the header row needs the columns name'],
      ['', 'empty.csv', '“empty.csv” is empty.'],
      ['name,email,notes\n', 'header-only.csv', 'The CSV has no candidates below the header row.'],
    ];
    for (const [data, name, message] of cases) {
      const res = await uploadCsv(agent, id, data, name);
      assert.equal(res.status, 422, `${name}: ${res.status}`);
      assert.ok(res.text.includes(html(message)), `${name}: expected “${message}”`);
    }
    assert.equal(await candidateCount(id), 0);
  });

  it('when the file is over 2 MB, then it is refused with 413 and a message saying to split it, and nothing is imported', async () => {
    const { agent, id } = await manager();
    const row = 'Person With A Long Name,person@example.org,' + 'n'.repeat(200) + '\n';
    const big = 'name,email,notes\n' + row.repeat(Math.ceil((2 * 1024 * 1024 + 10) / row.length));
    assert.ok(Buffer.byteLength(big) > 2 * 1024 * 1024);
    const res = await uploadCsv(agent, id, big);
    assert.equal(res.status, 413);
    assert.ok(
      res.text.includes(html('The file is too large: a CSV of at most 2 MB')),
      res.text.slice(0, 1000),
    );
    assert.ok(res.text.includes('Split it into smaller files.'));
    const json = await uploadCsv(agent, id, big, 'big.csv', {}, 'application/json');
    assert.equal(json.status, 413);
    assert.match((json.body as { error: string }).error, /at most 2 MB/);
    assert.equal(await candidateCount(id), 0);
  });

  it('when a file and pasted text come together, or the form carries a field it does not take, then it is refused with a message and nothing is imported', async () => {
    const { agent, id } = await manager();
    const file = 'name,email\nAnn,ann@example.org\n';
    const both = await uploadCsv(agent, id, file, 'a.csv', { csv: 'name,email\nBo,bo@example.org' });
    assert.equal(both.status, 422);
    assert.ok(both.text.includes('Choose a file or paste the CSV, not both'));
    const extra = await uploadCsv(agent, id, file, 'a.csv', { position: 'elsewhere' });
    assert.equal(extra.status, 422);
    assert.ok(
      extra.text.includes(html('The import form does not take “position”')),
      extra.text.slice(0, 1500),
    );
    const nothing = await agent
      .post(importUrl(id))
      .field('_csrf', await csrfToken(agent, '/'))
      .field('csv', '');
    assert.equal(nothing.status, 422);
    assert.ok(nothing.text.includes('Paste the CSV or choose a .csv file'));
    assert.equal(await candidateCount(id), 0);
  });

  it('when the multipart form has no CSRF token or a wrong one, then it is refused with 403 and nothing is imported', async () => {
    const { agent, id } = await manager();
    const file = Buffer.from('name,email\nAnn,ann@example.org\n');
    const none = await agent.post(importUrl(id)).attach('file', file, 'a.csv');
    assert.equal(none.status, 403);
    const wrong = await agent
      .post(importUrl(id))
      .field('_csrf', 'not-the-token')
      .attach('file', file, 'a.csv');
    assert.equal(wrong.status, 403);
    assert.ok(wrong.text.includes('This form has expired or was sent from another site'));
    assert.equal(await candidateCount(id), 0);
  });

  it('when a panelist, a manager of another position or someone signed out uploads a file, then it is refused and nothing is imported', async () => {
    const { id } = await manager();
    const file = 'name,email\nAnn,ann@example.org\n';
    const panelist = await loginAs(t.app, ['panelist']);
    assert.equal((await uploadCsv(panelist.agent, id, file)).status, 403);
    const other = await loginAs(t.app, ['manager']);
    const otherRes = await uploadCsv(other.agent, id, file);
    assert.equal(otherRes.status, 403);
    const anon = await supertest(t.app).post(importUrl(id)).attach('file', Buffer.from(file), 'a.csv');
    assert.ok([302, 303, 401, 403].includes(anon.status), `signed out: ${anon.status}`);
    assert.equal(await candidateCount(id), 0);
  });
});
