import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { FrameworkDraft } from '../../src/features/framework-import/framework-draft.model.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { SOURCES_DIR } from '../helpers/import-eval.js';

const CSR = fs.readFileSync(path.join(SOURCES_DIR, '003_2fed9f45537de455.txt'), 'utf8');
const SMALL = `# Service values

## Integrity

Acts honestly and keeps promises.

A stray remark nobody claimed.

What it looks like:
- Tells the truth when it is unwelcome.

What it doesn't look like:
- Hides mistakes from the team.
`;

/** A PDF with one page that holds only an image (a scan without text). */
const IMAGE_ONLY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n' +
    '4 0 obj<</Length 52>>stream\nq 100 0 0 100 10 10 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \xff EI Q\nendstream endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const EMPTY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

describe('framework import from a document', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  async function upload(agent: Awaited<ReturnType<typeof loginAs>>['agent'], name: string, data: Buffer) {
    const token = await csrfToken(agent, '/framework-import');
    return agent.post('/framework-import').field('_csrf', token).attach('file', data, name);
  }

  it('when a manager pastes a document, reassigns a line and saves, then the framework is created from the reviewed draft', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const frameworksBefore = await Framework.countDocuments();
    const token = await csrfToken(agent, '/framework-import');
    const posted = await agent.post('/framework-import').type('form').send({ _csrf: token, text: SMALL });
    assert.equal(posted.status, 303);
    const reviewUrl = posted.headers.location as string;
    assert.match(reviewUrl, /^\/framework-import\/drafts\/[a-f0-9]{24}$/);
    assert.equal(await Framework.countDocuments(), frameworksBefore, 'nothing is written before saving');

    const page = await agent.get(reviewUrl);
    assert.equal(page.status, 200);
    assert.match(page.text, /Integrity/);
    assert.match(page.text, /Hides mistakes from the team\./);
    assert.match(
      page.text,
      /id="line-7" value="7" class="fi-line fi-unused"/,
      'the stray line is marked unused',
    );

    const assign = await agent
      .post(`${reviewUrl}/assign`)
      .type('form')
      .send({ _csrf: token, line: '7', target: 'ineffective', competency: 'integrity', level: '' });
    assert.equal(assign.status, 303);
    const after = await agent.get(reviewUrl);
    assert.doesNotMatch(after.text, /id="line-7" value="7" class="fi-line fi-unused"/);
    assert.match(after.text, /reassigned: ineffective/);

    const revision = /name="revision" value="(\d+)"/.exec(after.text)![1];
    const saved = await agent.post(`${reviewUrl}/save`).type('form').send({ _csrf: token, revision });
    assert.equal(saved.status, 303);
    const frameworkId = /\/competencies\/frameworks\/([a-f0-9]{24})$/.exec(
      saved.headers.location as string,
    )![1];
    const competency = await Competency.findOne({ framework: frameworkId }).lean();
    assert.equal(competency?.name, 'Integrity');
    assert.equal(competency?.definition, 'Acts honestly and keeps promises.');
    // Saved as format v2: what it looks like and what it doesn't keep their own places, with the
    // line the user reassigned among the ineffective behaviors.
    assert.deepEqual(competency?.effectiveBehaviors, ['Tells the truth when it is unwelcome.']);
    assert.deepEqual(competency?.ineffectiveBehaviors, [
      'Hides mistakes from the team.',
      'A stray remark nobody claimed.',
    ]);
    assert.ok(competency?.provenance.some((p) => p.part === 'definition' && p.line === 5));
    assert.equal(await FrameworkDraft.exists({ _id: reviewUrl.split('/').pop() }), null, 'the draft is gone');
  });

  it('when a manager renames and merges competencies and fixes a level, then the review shows it', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const posted = await upload(agent, 'csr.txt', Buffer.from(CSR));
    const url = posted.headers.location as string;
    const token = await csrfToken(agent, url);
    const send = (action: string, body: Record<string, string>) =>
      agent
        .post(`${url}/${action}`)
        .type('form')
        .send({ _csrf: token, ...body });
    assert.equal((await send('rename', { key: 'mathematics', name: 'Numeracy' })).status, 303);
    assert.equal((await send('merge', { key: 'credibility', into: 'customer-service' })).status, 303);
    assert.equal(
      (await send('level', { key: 'mathematics', index: '0', number: '1', label: 'Basic' })).status,
      303,
    );
    const page = await agent.get(url);
    assert.match(page.text, /Numeracy/);
    assert.doesNotMatch(page.text, /id="c-credibility"/);
    assert.match(page.text, /1\. Basic/);
    const bad = await send('merge', { key: 'mathematics', into: 'no-such' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Choose another competency/);
  });

  it('when another manager opens a draft, then it is not found', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const url = (await upload(agent, 'csr.txt', Buffer.from(CSR))).headers.location as string;
    const { agent: other } = await loginAs(t.app, ['manager']);
    assert.equal((await other.get(url)).status, 404);
    const token = await csrfToken(other, '/framework-import');
    assert.equal((await other.post(`${url}/save`).type('form').send({ _csrf: token })).status, 404);
  });

  it('when a panelist asks for the import page or the parse API, then it is refused with 403', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    assert.equal((await agent.get('/framework-import')).status, 403);
    const token = await csrfToken(agent, '/');
    const res = await agent.post('/api/frameworks/parse').set('X-CSRF-Token', token).send({ text: CSR });
    assert.equal(res.status, 403);
  });

  it('when the CSRF token is missing, then upload and parse are refused and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const drafts = await FrameworkDraft.countDocuments();
    const form = await agent.post('/framework-import').type('form').send({ text: CSR });
    assert.equal(form.status, 403);
    const file = await agent.post('/framework-import').attach('file', Buffer.from(CSR), 'csr.txt');
    assert.equal(file.status, 403);
    const api = await agent.post('/api/frameworks/parse').send({ text: CSR });
    assert.equal(api.status, 403);
    assert.equal(await FrameworkDraft.countDocuments(), drafts);
  });

  it('when a script posts text to the parse API, then it gets the draft and the unused lines', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const token = await csrfToken(agent, '/');
    const res = await agent
      .post('/api/frameworks/parse')
      .set('X-CSRF-Token', token)
      .send({ text: CSR, fileName: 'csr.txt' });
    assert.equal(res.status, 200);
    assert.equal(res.body.draft.schemaVersion, 2);
    assert.equal(res.body.draft.competencies.length, 9);
    assert.equal(res.body.draft.competencies[0].name, 'Mathematics');
    assert.ok(
      res.body.draft.competencies[0].provenance.some(
        (p: { part: string; line: number }) => p.part === 'definition' && p.line > 0,
      ),
    );
    assert.ok(res.body.unusedLines.length > 0);
    const unknown = await agent
      .post('/api/frameworks/parse')
      .set('X-CSRF-Token', token)
      .send({ text: CSR, colour: 'red' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.body.error ?? unknown.text, /Unknown field: colour/);
  });

  describe('bad documents get a clear message and write nothing', () => {
    let agent: Awaited<ReturnType<typeof loginAs>>['agent'];
    let drafts: number;
    before(async () => {
      agent = (await loginAs(t.app, ['manager'])).agent;
    });
    beforeEach(async () => {
      drafts = await FrameworkDraft.countDocuments();
    });
    afterEach(async () => assert.equal(await FrameworkDraft.countDocuments(), drafts));

    const cases: [string, string, Buffer, RegExp][] = [
      [
        'a corrupt .docx',
        'model.docx',
        Buffer.from('PK\x03\x04 this is not really a zip'),
        /Word file could not be read/,
      ],
      ['an empty PDF', 'model.pdf', EMPTY_PDF, /no text we can read/],
      ['an image-only PDF', 'scan.pdf', IMAGE_ONLY_PDF, /no text we can read/],
      [
        'a document with no competency',
        'notes.txt',
        Buffer.from('Minutes of the meeting.\n\nWe talked about the weather.\n'),
        /No competency was recognised/,
      ],
      ['an unsupported type', 'model.xls', Buffer.from('a,b'), /cannot be imported/],
    ];
    for (const [what, name, data, message] of cases) {
      it(`when ${what} is uploaded, then it is refused with 422`, async () => {
        const res = await upload(agent, name, data);
        assert.equal(res.status, 422);
        assert.match(res.text, message);
      });
    }

    it('when a file over 20 MB is uploaded, then it is refused with 413', async function () {
      this.timeout(20_000);
      const res = await upload(agent, 'big.txt', Buffer.alloc(20 * 1024 * 1024 + 1, 'a'));
      assert.equal(res.status, 413);
      assert.match(res.text, /too large: files of at most 20 MB/);
    });
  });
});
