import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Competency } from '../../src/features/competencies/competency.model.js';
import { Framework } from '../../src/features/competencies/framework.model.js';
import {
  exportFramework,
  importFrameworkFile,
} from '../../src/features/competencies/framework-io.service.js';
import {
  validateFrameworkFile,
  type FrameworkFileInput,
} from '../../src/features/competencies/framework-file.schema.js';
import { PositionTemplate } from '../../src/features/competencies/position-template.model.js';
import { RatingScale } from '../../src/features/competencies/rating-scale.model.js';
import { loadGeneratorSource } from '../../src/features/question-bank/generator-source.js';
import { csrfToken, ensureSomeUser, loginAs, useTestApp } from '../helpers/app.js';
import { v2File } from '../helpers/framework-v2-fixture.js';
import type supertest from 'supertest';

/** Everything about a file except the keys an import-as-copy changes. */
function withoutKeys(file: Record<string, any>) {
  return {
    ...file,
    framework: { ...file.framework, key: 'x' },
    scales: file.scales.map((s: Record<string, unknown>) => ({ ...s, key: 'x' })),
    competencies: file.competencies,
    positionTemplates: file.positionTemplates.map((t: Record<string, unknown>) => ({ ...t, key: 'x' })),
  };
}

async function importApi(agent: supertest.Agent, body: unknown, query = '') {
  const token = await csrfToken(agent, '/competencies/import');
  return agent
    .post(`/api/frameworks/import${query}`)
    .set('X-CSRF-Token', token)
    .set('Accept', 'application/json')
    .send(body as object);
}

const countAll = async () => ({
  frameworks: await Framework.countDocuments(),
  competencies: await Competency.countDocuments(),
  scales: await RatingScale.countDocuments(),
  templates: await PositionTemplate.countDocuments(),
});

describe('framework files, format v2', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when a v1 file is imported, then it is accepted and its competencies are stored', async () => {
    const { file, tag } = v2File();
    const v1 = {
      schemaVersion: 1,
      framework: { ...file.framework, key: `v1-${tag}`, proficiencyScaleKey: undefined },
      competencies: [
        {
          key: 'listening',
          name: `Listening ${tag}`,
          kind: 'behavioral',
          behavioralIndicators: ['Paraphrases.'],
          provenance: [{ part: 'definition', document: 'old.txt', section: 'Listening' }],
        },
      ],
    };
    const { agent } = await loginAs(t.app, ['manager']);
    const res = await importApi(agent, v1);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const stored = await Competency.findOne({ framework: res.body.frameworkId }).lean();
    assert.deepEqual(stored!.behavioralIndicators, ['Paraphrases.']);
    assert.deepEqual(stored!.keySkills, []);
    const exported = await exportFramework(res.body.frameworkId);
    assert.equal(exported.schemaVersion, 2);
  });

  it('when a v2 file is imported, exported, imported again and exported, then both exports are equal and hold every v2 part', async () => {
    const { file } = v2File();
    const parsed = validateFrameworkFile(file);
    assert.ok(parsed.ok);
    const { agent } = await loginAs(t.app, ['admin']);
    const first = await importApi(agent, file);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const exported = await exportFramework(first.body.frameworkId);
    assert.equal(exported.schemaVersion, 2);
    const [collab, data] = exported.competencies;
    assert.deepEqual(collab.ineffectiveBehaviors, ['Withholds information.', 'Works in silos.']);
    assert.deepEqual(collab.effectiveBehaviors, file.competencies[0].effectiveBehaviors);
    assert.deepEqual(collab.requiredLevels, file.competencies[0].requiredLevels);
    assert.deepEqual(collab.provenance, file.competencies[0].provenance);
    assert.deepEqual(data.keySkills, parsed.file.competencies[1].keySkills);
    assert.equal(exported.framework.proficiencyScaleKey, file.framework.proficiencyScaleKey);
    assert.deepEqual(
      exported.scales[0].points.map((p) => p.label),
      ['Foundational', 'Proficient', 'Advanced', 'Expert'],
    );
    // The Band B template takes collaboration's Band B level; an explicit level wins.
    assert.equal(exported.positionTemplates[0].grade, 'Band B');
    assert.deepEqual(exported.positionTemplates[0].competencies, [
      { key: 'collaboration', requiredLevel: 2 },
      { key: 'data-analysis', requiredLevel: 3 },
    ]);

    const second = await importApi(agent, exported, '?asCopy=true');
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const again = await exportFramework(second.body.frameworkId);
    assert.deepEqual(withoutKeys(again), withoutKeys(exported));
  });

  it('when a v2 competency reaches the generators, then its behaviors and key skills come along', async () => {
    const { file } = v2File();
    const report = await importFrameworkFile(file as FrameworkFileInput, { origin: 'import' });
    const c = await Competency.findOne({ framework: report.frameworkId, key: 'data-analysis' }).lean();
    const source = await loadGeneratorSource(String(c!._id));
    assert.equal(source.like.keySkills?.[0].name, 'Statistics');
    assert.deepEqual(source.like.keySkills?.[0].levels?.[1].indicators, ['Tests a hypothesis.']);
    const collab = await Competency.findOne({ framework: report.frameworkId, key: 'collaboration' }).lean();
    const collabSource = await loadGeneratorSource(String(collab!._id));
    assert.deepEqual(collabSource.like.ineffectiveBehaviors, ['Withholds information.', 'Works in silos.']);
    assert.deepEqual(collabSource.like.effectiveBehaviors, file.competencies[0].effectiveBehaviors);
  });

  it('when a file has unknown fields or wrong types, then 422 names each path with a hint and nothing is written', async () => {
    const { file } = v2File();
    const broken = structuredClone(file);
    broken.competencies[1].keySkillz = broken.competencies[1].keySkills;
    broken.competencies[0].behavioralIndicators = 'Shares information.';
    broken.competencies[0].requiredLevels[0].levle = 2;
    broken.framework.sourceUrl = 'https://example.org';
    const before = await countAll();
    const { agent } = await loginAs(t.app, ['manager']);
    const res = await importApi(agent, broken);
    assert.equal(res.status, 422);
    const fields = res.body.fields as Record<string, string>;
    assert.equal(
      fields['competencies[1].keySkillz'],
      'unknown field competencies[1].keySkillz: did you mean keySkills?',
    );
    assert.equal(
      fields['competencies[0].behavioralIndicators'],
      'expected a list of texts, received a string',
    );
    assert.match(fields['competencies[0].requiredLevels[0].levle'], /did you mean level\?/);
    assert.match(fields['framework.sourceUrl'], /unknown field framework\.sourceUrl: did you mean source\?/);
    assert.ok(res.body.problems.includes('unknown field competencies[1].keySkillz: did you mean keySkills?'));
    assert.deepEqual(await countAll(), before);

    // The page shows the same lines, whole.
    const token = await csrfToken(agent, '/competencies/import');
    const page = await agent
      .post('/competencies/import')
      .type('form')
      .send({ _csrf: token, json: JSON.stringify(broken) });
    assert.equal(page.status, 422);
    assert.match(page.text, /unknown field competencies\[1\]\.keySkillz: did you mean keySkills\?/);
    assert.match(
      page.text,
      /competencies\[0\]\.behavioralIndicators: expected a list of texts, received a string/,
    );
    assert.deepEqual(await countAll(), before);
  });

  for (const url of [
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.org/x',
  ]) {
    it(`when source.url is ${url.split(':')[0]}:, then the import is refused with a clear message and nothing is written`, async () => {
      const { file } = v2File();
      file.framework.source.url = url;
      const before = await countAll();
      const { agent } = await loginAs(t.app, ['admin']);
      const res = await importApi(agent, file);
      assert.equal(res.status, 422);
      assert.match(
        res.body.fields['framework.source.url'],
        /must be a web address starting with http:\/\/ or https:\/\//,
      );
      assert.deepEqual(await countAll(), before);
    });
  }

  it('when a write fails partway through an import, then the framework, its scale and the earlier competencies are gone', async () => {
    const { file, tag } = v2File();
    const clash = `Clash ${tag}`;
    // A real write failure: a unique index that the second competency of the file violates.
    await Competency.collection.createIndex(
      { name: 1 },
      { unique: true, name: `clash_${tag}`, partialFilterExpression: { name: clash } },
    );
    try {
      await Competency.collection.insertOne({
        framework: new Types.ObjectId(),
        key: 'elsewhere',
        name: clash,
        kind: 'behavioral',
      });
      file.competencies[1].name = clash;
      const before = await countAll();
      const { agent } = await loginAs(t.app, ['admin']);
      const res = await importApi(agent, file);
      assert.ok(res.status >= 400, `status ${res.status}`);
      assert.deepEqual(await countAll(), before);
      assert.equal(await Framework.exists({ key: file.framework.key }), null);
      assert.equal(await Competency.exists({ name: file.competencies[0].name }), null);
      assert.equal(await RatingScale.exists({ key: file.scales[0].key }), null);
      assert.equal(await PositionTemplate.exists({ key: file.positionTemplates[0].key }), null);
    } finally {
      await Competency.collection.dropIndex(`clash_${tag}`);
      await Competency.collection.deleteOne({ name: clash });
    }
  });

  it('when a template names a grade a competency has no level for, then the file is refused', async () => {
    const { file } = v2File();
    file.positionTemplates[0].competencies[1] = { key: 'data-analysis', grade: 'Band Z' };
    const { agent } = await loginAs(t.app, ['admin']);
    const res = await importApi(agent, file);
    assert.equal(res.status, 422);
    assert.match(
      res.body.fields['positionTemplates[0].competencies[1].grade'],
      /has no required level for grade "Band Z"/,
    );
  });
});
