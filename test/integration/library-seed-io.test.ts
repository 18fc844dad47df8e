import assert from 'node:assert/strict';
import supertest from 'supertest';
import { loadSeeds, readSeedFiles } from '../../seeds/load.js';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { PositionTemplate } from '../../src/features/competencies/position-template.model.js';
import { RatingScale } from '../../src/features/competencies/rating-scale.model.js';
import { exportFramework } from '../../src/features/competencies/framework-io.service.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';

/** Everything about a file except the keys an import-as-copy changes. */
function withoutKeys(file: Awaited<ReturnType<typeof exportFramework>>) {
  return {
    ...file,
    framework: { ...file.framework, key: 'x' },
    positionTemplates: file.positionTemplates.map((t) => ({ ...t, key: 'x' })),
  };
}

describe('seed library in the database', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await loadSeeds();
  });

  it('when the seeds are loaded, then every seed framework, competency, scale and template is in the database', async () => {
    const { scales, frameworks } = readSeedFiles();
    for (const { file } of frameworks) {
      const fw = await Framework.findOne({ key: file.framework.key }).lean();
      assert.ok(fw, file.framework.key);
      assert.equal(fw.origin, 'seed');
      assert.equal(
        await Competency.countDocuments({ framework: fw._id }),
        file.competencies.length,
        file.framework.key,
      );
      for (const tpl of file.positionTemplates)
        assert.ok(await PositionTemplate.exists({ key: tpl.key }), tpl.key);
    }
    for (const s of scales) assert.ok(await RatingScale.exists({ key: s.key }), s.key);
    assert.ok(await RatingScale.exists({ key: 'opm-proficiency-5' }));
  });

  it('when the CSR class 1230 template is loaded, then it lists its nine competencies in order', async () => {
    const tpl = await PositionTemplate.findOne({ key: 'customer-service-representative-1230' })
      .populate('competencies.competency')
      .lean();
    assert.ok(tpl);
    const names = tpl.competencies.map((c) => (c.competency as unknown as { name: string }).name);
    assert.equal(names.length, 9);
    assert.equal(names[0], 'Mathematics');
    assert.equal(names[8], 'Credibility');
  });

  it('when the seeds are loaded again, then nothing changes', async () => {
    const before = await Competency.find({}).sort({ _id: 1 }).lean();
    const report = await loadSeeds();
    for (const f of report.frameworks) {
      assert.equal(f.framework, 'unchanged', f.frameworkKey);
      assert.equal(f.counts.competencies.created + f.counts.competencies.updated, 0, f.frameworkKey);
    }
    const after = await Competency.find({}).sort({ _id: 1 }).lean();
    assert.deepEqual(
      after.map((c) => [String(c._id), c.updatedAt.getTime()]),
      before.map((c) => [String(c._id), c.updatedAt.getTime()]),
    );
  });

  it('when a person edited a seeded competency, then loading the seeds keeps the edit', async () => {
    const c = await Competency.findOne({ key: 'csr-mathematics' });
    assert.ok(c);
    c.definition = 'Our own wording of the mathematics competency.';
    c.editedAt = new Date();
    await c.save();
    await Competency.updateOne({ _id: c._id }, { $set: { seedHash: 'stale' } }); // as if the seed changed since
    const report = await loadSeeds();
    const csr = report.frameworks.find((f) => f.frameworkKey === 'csr-class-1230')!;
    assert.equal(csr.counts.competencies['kept-edited'], 1);
    assert.equal(
      (await Competency.findById(c._id).lean())?.definition,
      'Our own wording of the mathematics competency.',
    );
  });

  it('when an unedited seeded competency is out of date, then loading the seeds refreshes it', async () => {
    const c = await Competency.findOne({ key: 'csr-credibility' }).lean();
    await Competency.updateOne({ _id: c!._id }, { $set: { definition: 'stale text', seedHash: 'stale' } });
    await loadSeeds();
    assert.equal((await Competency.findById(c!._id).lean())?.definition, c!.definition);
  });

  it('when a framework is exported and imported as a copy, then exporting the copy gives an equal framework', async () => {
    const fw = await Framework.findOne({ key: 'parts-of-a-competency' }).lean();
    const file = await exportFramework(String(fw!._id));
    const { agent } = await loginAs(t.app, ['manager']);
    const token = await csrfToken(agent, '/competencies/import');
    const res = await agent.post('/api/frameworks/import?asCopy=true').set('X-CSRF-Token', token).send(file);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.notEqual(res.body.frameworkKey, 'parts-of-a-competency');
    const again = await exportFramework(res.body.frameworkId);
    assert.deepEqual(withoutKeys(again), withoutKeys(file));
  });

  it('when every seeded framework is exported, then each export is valid and holds all its competencies', async () => {
    for (const fw of await Framework.find({ origin: 'seed' }).lean()) {
      const file = await exportFramework(String(fw._id));
      assert.equal(
        file.competencies.length,
        await Competency.countDocuments({ framework: fw._id, status: 'active' }),
      );
    }
  });

  it('when an import file is invalid anywhere, then nothing is written and each problem names its path', async () => {
    const fw = await Framework.findOne({ key: 'csr-class-1230' }).lean();
    const file = await exportFramework(String(fw!._id));
    const broken = structuredClone(file) as Record<string, any>;
    broken.framework.key = 'brand-new-key';
    broken.competencies[3].levels[1].description = '';
    delete broken.competencies[5].name;
    const counts = {
      f: await Framework.countDocuments(),
      c: await Competency.countDocuments(),
      s: await RatingScale.countDocuments(),
    };
    const { agent } = await loginAs(t.app, ['admin']);
    const token = await csrfToken(agent, '/competencies/import');
    const res = await agent
      .post('/competencies/import')
      .type('form')
      .send({ _csrf: token, json: JSON.stringify(broken) });
    assert.equal(res.status, 422);
    assert.match(res.text, /competencies\[3\]\.levels\[1\]\.description: required/);
    assert.match(res.text, /competencies\[5\]\.name: required/);
    assert.deepEqual(
      {
        f: await Framework.countDocuments(),
        c: await Competency.countDocuments(),
        s: await RatingScale.countDocuments(),
      },
      counts,
    );
  });

  it('when the import is not JSON or its key exists, then it is refused with a clear message and nothing is written', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const token = await csrfToken(agent, '/competencies/import');
    const notJson = await agent
      .post('/competencies/import')
      .type('form')
      .send({ _csrf: token, json: '{ not json' });
    assert.equal(notJson.status, 422);
    assert.match(notJson.text, /not valid JSON/);
    const fw = await Framework.findOne({ key: 'wa-ofm-hr-core' }).lean();
    const file = await exportFramework(String(fw!._id));
    const before = await Framework.countDocuments();
    const dup = await agent
      .post('/competencies/import')
      .type('form')
      .send({ _csrf: token, json: JSON.stringify(file) });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /already exists/);
    assert.equal(await Framework.countDocuments(), before);
  });

  it('when a logged-in user reads the JSON routes, then frameworks, a framework and a competency come back in full', async () => {
    const { agent } = await loginAs(t.app, ['panelist']);
    const list = await agent.get('/api/frameworks');
    assert.equal(list.status, 200);
    const csr = list.body.frameworks.find((f: { key: string }) => f.key === 'csr-class-1230');
    assert.equal(csr.counts.competencies, 9);
    const one = await agent.get(`/api/frameworks/${csr.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.competencies.length, 9);
    const comp = await agent.get(`/api/competencies/${one.body.competencies[0]._id}`);
    assert.equal(comp.status, 200);
    assert.equal(comp.body.competency.levels.length, 3);
    assert.equal((await agent.get('/api/competencies/0123456789abcdef01234567')).status, 404);
    assert.equal((await agent.get('/api/frameworks/nope')).status, 404);
  });

  it('when anonymous users call the JSON routes or a panelist imports, then they are refused', async () => {
    assert.equal(
      (await supertest(t.app).get('/api/frameworks').set('Accept', 'application/json')).status,
      401,
    );
    assert.equal((await supertest(t.app).get('/api/frameworks')).status, 401);
    const { agent } = await loginAs(t.app, ['panelist']);
    const token = await csrfToken(agent, '/');
    const before = await Framework.countDocuments();
    const res = await agent
      .post('/api/frameworks/import')
      .set('X-CSRF-Token', token)
      .send({ schemaVersion: 1 });
    assert.equal(res.status, 403);
    assert.equal((await agent.get('/competencies/import')).status, 403);
    assert.equal(await Framework.countDocuments(), before);
  });

  it('when an import is posted without the CSRF token, then it is refused', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const res = await agent.post('/api/frameworks/import').send({ schemaVersion: 1 });
    assert.equal(res.status, 403);
  });
});
