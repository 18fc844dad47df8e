/**
 * Response headers on pages, JSON, downloads, error answers, token-link pages and static files: a
 * CSP whose scripts come from this site only (no 'unsafe-inline', no 'unsafe-eval'), no framing,
 * nosniff, a same-origin referrer policy and no X-Powered-By; HSTS only when NODE_ENV is production.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { ensureSomeUser, loginAs, useTestApp, ownRateLimitScope } from '../helpers/app.js';
import { guideDoc, positionWithGuide, publish } from '../helpers/guide-factories.js';

function checkHeaders(res: supertest.Response, what: string): string[] {
  const h = res.headers;
  const csp = String(h['content-security-policy'] ?? '');
  const problems: string[] = [];
  const expect = (ok: boolean, message: string) => ok || problems.push(`${what}: ${message}`);
  const directive = (name: string) => new RegExp(`(^|;)\\s*${name}\\s+([^;]*)`).exec(csp)?.[2]?.trim();
  expect(directive('default-src') === "'self'", `default-src is ${directive('default-src')}`);
  expect(directive('script-src') === "'self'", `script-src is ${directive('script-src')}`);
  expect(
    !/unsafe-inline|unsafe-eval|\*/.test(directive('script-src') ?? ''),
    'script-src allows inline or any',
  );
  expect(!/unsafe-inline/.test(directive('style-src') ?? ''), 'style-src allows inline');
  expect(directive('frame-ancestors') === "'none'", `frame-ancestors is ${directive('frame-ancestors')}`);
  expect(directive('object-src') === "'none'", `object-src is ${directive('object-src')}`);
  expect(h['x-content-type-options'] === 'nosniff', 'no X-Content-Type-Options: nosniff');
  expect(h['referrer-policy'] === 'same-origin', `Referrer-Policy is ${h['referrer-policy']}`);
  expect(h['x-frame-options'] === 'SAMEORIGIN' || h['x-frame-options'] === 'DENY', 'no X-Frame-Options');
  expect(h['x-powered-by'] === undefined, 'X-Powered-By is sent');
  return problems;
}

describe('security: response headers', function () {
  this.timeout(60_000);
  const t = useTestApp();
  let owner: supertest.Agent;
  let ids: { position: string; guide: string };

  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    ({ agent: owner } = await loginAs(t.app, ['manager']));
    const { positionId, guideId } = await positionWithGuide(owner, 4);
    await publish(owner, guideId);
    ids = { position: positionId, guide: String((await guideDoc(guideId))._id) };
  });

  it('when pages, JSON, downloads, errors, token-link pages and static files are served, then each carries the CSP, no framing, nosniff and the referrer policy, and no HSTS outside production', async () => {
    const anonymous = supertest(t.app);
    const responses: [string, supertest.Response][] = [
      ['sign-in page', await anonymous.get('/login')],
      ['home page', await owner.get('/')],
      ['position page', await owner.get(`/positions/${ids.position}`)],
      ['guide builder', await owner.get(`/guides/${ids.guide}`)],
      ['print view', await owner.get(`/guides/${ids.guide}/versions/1/print`)],
      ['Word download', await owner.get(`/guides/${ids.guide}/versions/1.docx`)],
      ['ratings CSV', await owner.get(`/positions/${ids.position}/ratings.csv`)],
      ['position JSON', await owner.get(`/api/positions/${ids.position}`)],
      ['ranking JSON', await owner.get(`/api/positions/${ids.position}/ranking`)],
      ['health JSON', await anonymous.get('/healthz')],
      ['404 page', await owner.get('/no/such/page')],
      ['404 JSON', await owner.get('/no/such/page').set('Accept', 'application/json')],
      ['401 JSON', await anonymous.get(`/api/positions/${ids.position}`)],
      ['CSRF 403', await owner.post(`/positions/${ids.position}`).type('form').send('title=x')],
      [
        '413',
        await owner
          .post('/positions')
          .type('form')
          .send(`title=${'x'.repeat(120_000)}`),
      ],
      ['dead reference link', await anonymous.get(`/r/${'A'.repeat(43)}`)],
      ['dead nomination link', await anonymous.get(`/n/${'A'.repeat(43)}`)],
      ['stylesheet', await anonymous.get('/css/app.css')],
      ['script', await anonymous.get('/js/app.js')],
    ];
    const problems: string[] = [];
    for (const [what, res] of responses) {
      assert.ok(res.status < 500, `${what}: ${res.status}`);
      problems.push(...checkHeaders(res, what));
      if (res.headers['strict-transport-security']) problems.push(`${what}: HSTS outside production`);
    }
    assert.deepEqual(problems, []);
  });

  it('when a page is rendered, then it holds no inline script or style for the CSP to block', async () => {
    for (const url of ['/', `/positions/${ids.position}`, `/guides/${ids.guide}`, '/positions/new']) {
      const res = await owner.get(url);
      assert.equal(res.status, 200, url);
      assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/, `${url}: an inline <script>`);
      assert.doesNotMatch(res.text, /\son[a-z]+="/, `${url}: an inline event handler`);
      assert.doesNotMatch(res.text, /\sstyle="/, `${url}: an inline style attribute`);
    }
  });

  it('when the app runs with NODE_ENV=production, then pages and JSON carry HSTS for a year with subdomains, and the CSP upgrades insecure requests', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-prod-'));
    try {
      const config = loadConfig({
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        SESSION_SECRET: 'production-secret-production-secret-42',
        BASE_URL: 'https://toolkit.example.org',
      });
      assert.equal(config.isProduction, true);
      const app = createApp({
        config,
        logger: createLogger('silent'),
        mailer: t.mailer,
        databaseKind: 'embedded',
        rateLimitScope: ownRateLimitScope(),
      });
      const problems: string[] = [];
      for (const [what, res] of [
        ['sign-in page', await supertest(app).get('/login')],
        ['health JSON', await supertest(app).get('/healthz')],
        ['404 JSON', await supertest(app).get('/nowhere').set('Accept', 'application/json')],
        ['stylesheet', await supertest(app).get('/css/app.css')],
      ] as const) {
        problems.push(...checkHeaders(res, what));
        const hsts = String(res.headers['strict-transport-security'] ?? '');
        if (!/max-age=31536000/.test(hsts) || !/includeSubDomains/.test(hsts))
          problems.push(`${what}: HSTS is “${hsts}”`);
        if (!/upgrade-insecure-requests/.test(String(res.headers['content-security-policy'])))
          problems.push(`${what}: no upgrade-insecure-requests`);
      }
      assert.deepEqual(problems, []);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
