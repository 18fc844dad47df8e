import assert from 'node:assert/strict';
import supertest from 'supertest';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';

describe('static assets', function () {
  const t = useTestApp();

  it('when a browser asks for /favicon.ico, then it gets an icon instead of a 404, and pages point to it', async () => {
    const icon = await supertest(t.app).get('/favicon.ico');
    assert.equal(icon.status, 200);
    assert.match(icon.headers['content-type'], /image\/(x-icon|vnd\.microsoft\.icon)/);
    const body = icon.body as Buffer;
    // An ICO header (reserved 0, type 1 = icon, one image) holding a PNG image.
    assert.equal(body.readUInt16LE(0), 0);
    assert.equal(body.readUInt16LE(2), 1);
    assert.equal(body.subarray(22, 26).toString('latin1'), '\x89PNG');
    await ensureSomeUser();
    const login = await supertest(t.app).get('/login');
    assert.ok(login.text.includes('<link rel="icon" href="/favicon.ico"'));
  });
});
