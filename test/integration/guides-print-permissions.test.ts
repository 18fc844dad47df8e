import assert from 'node:assert/strict';
import supertest from 'supertest';
import { docxText } from '../../src/features/guides/guide-docx.js';
import { addVersionPanelists, getFrozenVersion } from '../../src/features/guides/guide-versions.service.js';
import { postNestedForm as postForm } from '../helpers/competency-factories.js';
import { ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { guideDoc, positionWithGuide, publish } from '../helpers/guide-factories.js';
import { createPosition, csrRows, csrTemplate } from '../helpers/position-factories.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Collects a binary response body as a Buffer. */
function binary(res: supertest.Response, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('interview guides: print, Word and permissions', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when the print view of a version is opened, then it has one section per competency with questions, probes, rating guide and room for notes, and no navigation', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 4);
    await publish(agent, guideId);
    const v = await getFrozenVersion(guideId, 1);
    const res = await agent.get(`/guides/${guideId}/versions/1/print`);
    assert.equal(res.status, 200);
    const text = unescapeHtml(res.text);
    assert.ok(!res.text.includes('class="site-nav"'));
    assert.equal(res.text.match(/class="guide-print-section"/g)!.length, 4);
    for (const s of v.sections)
      for (const q of s.questions) {
        assert.ok(text.includes(q.text), q.text);
        for (const probe of q.probes!.action) assert.ok(text.includes(probe), probe);
        for (const r of q.ratingGuide!) assert.ok(text.includes(r.description));
      }
    assert.ok(res.text.includes('class="notes-box"'));
    assert.ok(text.includes('Rate each competency independently, before any discussion'));
  });

  it('when the Word document of a version is downloaded, then it is a .docx attachment holding every question of that version', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { guideId } = await positionWithGuide(agent, 5);
    await publish(agent, guideId);
    const v = await getFrozenVersion(guideId, 1);
    const res = await agent.get(`/guides/${guideId}/versions/1.docx`).buffer(true).parse(binary);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], DOCX);
    assert.match(
      res.headers['content-disposition'],
      /^attachment; filename="?customer-service-representative-guide-v1\.docx"?$/,
    );
    const text = await docxText(res.body as Buffer);
    assert.ok(text.includes('Customer Service Representative'));
    const questions = v.sections.flatMap((s) => s.questions);
    assert.ok(questions.length >= 5);
    for (const q of questions) assert.ok(text.includes(q.text), q.text);
    for (const s of v.sections) assert.ok(text.includes(s.competencyName), s.competencyName);
    assert.equal((await agent.get(`/guides/${guideId}/versions/2.docx`)).status, 404);
  });

  it('when each role asks for a guide, then the owner, sharers and admins may, other managers and panelists get 403, anonymous visitors sign in; a listed panelist reads that version only', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const other = await loginAs(t.app, ['manager']);
    const admin = await loginAs(t.app, ['admin']);
    const panelist = await loginAs(t.app, ['panelist']);
    const { guideId, positionId } = await positionWithGuide(owner.agent, 4);
    await publish(owner.agent, guideId);
    const guide = await guideDoc(guideId);
    const sid = String(guide.sections[0]._id);
    const reads = [
      `/guides/${guideId}`,
      `/guides/${guideId}/sections/${sid}/add`,
      `/guides/${guideId}/versions/1`,
      `/guides/${guideId}/versions/1/print`,
      `/guides/${guideId}/versions/1.docx`,
      `/api/guides/${guideId}`,
    ];
    for (const url of reads) {
      assert.equal((await owner.agent.get(url)).status, 200, `owner ${url}`);
      assert.equal((await admin.agent.get(url)).status, 200, `admin ${url}`);
      assert.equal((await other.agent.get(url)).status, 403, `other manager ${url}`);
      assert.equal((await panelist.agent.get(url)).status, 403, `panelist ${url}`);
    }
    const anon = supertest(t.app);
    assert.equal((await anon.get(`/guides/${guideId}`)).status, 303);
    assert.equal((await anon.get(`/guides/${guideId}/versions/1/print`)).status, 303);
    assert.equal((await anon.get(`/api/guides/${guideId}`)).status, 401);

    const before = JSON.stringify(guide.toObject());
    for (const agent of [other.agent, panelist.agent]) {
      assert.equal(
        (await postForm(agent, `/guides/${guideId}/sections/${sid}/minutes`, { minutes: '30' })).status,
        403,
      );
      assert.equal((await postForm(agent, `/guides/${guideId}/publish`, {})).status, 403);
    }
    assert.equal(JSON.stringify((await guideDoc(guideId)).toObject()), before);

    // Shared: the other manager builds it too.
    await postForm(owner.agent, `/positions/${positionId}/share`, { email: other.user.email });
    for (const url of reads) assert.equal((await other.agent.get(url)).status, 200, `sharer ${url}`);

    // A panelist listed on version 1 (interviews will do this) reads version 1, never the builder.
    await addVersionPanelists(guideId, 1, [panelist.user._id]);
    for (const url of reads.slice(2))
      assert.equal((await panelist.agent.get(url)).status, 200, `listed panelist ${url}`);
    for (const url of reads.slice(0, 2))
      assert.equal((await panelist.agent.get(url)).status, 403, `listed panelist ${url}`);
  });
  it('when a competency has a different weight, then its reason is shown beside the weight in the builder, the version, the print view and the Word document', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const rows = await csrRows(4);
    rows[1] = { ...rows[1], weight: '1.5', weightReason: 'Judgment errors cost the most in this unit.' };
    const { id: positionId } = await createPosition(agent, { competencies: rows });
    const start = await postForm(agent, `/positions/${positionId}/guide`, {});
    const guideId = start.headers.location.split('/').pop()!;
    await publish(agent, guideId);
    const shown = '1.5 (reason: Judgment errors cost the most in this unit.)';
    for (const url of [
      `/guides/${guideId}`,
      `/guides/${guideId}/versions/1`,
      `/guides/${guideId}/versions/1/print`,
    ])
      assert.ok((await agent.get(url)).text.includes(shown), url);
    const res = await agent.get(`/guides/${guideId}/versions/1.docx`).buffer(true).parse(binary);
    assert.ok((await docxText(res.body as Buffer)).includes('Judgment errors cost the most in this unit.'));
  });
});
