import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DEFAULT_ORG_NAME, loadConfig } from '../../src/config/env.js';

describe('configuration', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));

  it('when nothing is set, then development defaults apply and a session secret is generated once and kept', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    assert.equal(first.port, 3000);
    assert.equal(first.mongodbUri, undefined);
    assert.equal(first.baseUrl, 'http://localhost:3000');
    assert.ok(first.sessionSecret.length >= 32);
    assert.equal(first.sessionSecret, second.sessionSecret);
    assert.equal(first.cookieSecure, false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when NODE_ENV is production without SESSION_SECRET and BASE_URL, then it refuses and names both', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() }),
      (e: Error) =>
        e instanceof ConfigError &&
        /SESSION_SECRET: is required in production/.test(e.message) &&
        /BASE_URL: is required in production/.test(e.message),
    );
  });

  it('when values are malformed, then every problem is listed in one readable message', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          MONGODB_URI: 'postgres://x',
          SMTP_URL: 'http://mail',
          ADMIN_EMAIL: 'a@b.org',
          DATA_DIR: dataDir(),
        }),
      (e: Error) =>
        e instanceof ConfigError &&
        /PORT/.test(e.message) &&
        /MONGODB_URI: must start with mongodb/.test(e.message) &&
        /SMTP_URL/.test(e.message) &&
        /ADMIN_PASSWORD/.test(e.message),
    );
  });

  it('when production has an https BASE_URL, then cookies are secure and TRUST_PROXY is read', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      BASE_URL: 'https://hire.example.org/',
      TRUST_PROXY: '1',
      DATA_DIR: dataDir(),
    });
    assert.equal(c.cookieSecure, true);
    assert.equal(c.baseUrl, 'https://hire.example.org');
    assert.equal(c.trustProxy, 1);
    assert.equal(c.host, '0.0.0.0');
  });

  it('when MAIL_FROM has no display name, then the organisation name becomes it; with one, it is kept', () => {
    const bare = loadConfig({
      DATA_DIR: dataDir(),
      ORG_NAME: 'City of Harbour',
      MAIL_FROM: 'hr@harbour.example',
    });
    const named = loadConfig({
      DATA_DIR: dataDir(),
      ORG_NAME: 'City of Harbour',
      MAIL_FROM: 'HR <hr@harbour.example>',
    });
    assert.equal(bare.mailFrom, '"City of Harbour" <hr@harbour.example>');
    assert.equal(bare.orgName, 'City of Harbour');
    assert.equal(named.mailFrom, 'HR <hr@harbour.example>');
    assert.equal(bare.mailReplyTo, undefined);
  });

  it('when ORG_NAME and MAIL_FROM are unset, then a neutral name and the no-reply sender apply', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    assert.equal(c.orgName, DEFAULT_ORG_NAME);
    assert.equal(c.mailFrom, `"${DEFAULT_ORG_NAME}" <no-reply@localhost>`);
  });

  it('when MAIL_REPLY_TO is an email address, then it is kept', () => {
    assert.equal(
      loadConfig({ DATA_DIR: dataDir(), MAIL_REPLY_TO: 'hiring@harbour.example' }).mailReplyTo,
      'hiring@harbour.example',
    );
  });

  it('when MAIL_REPLY_TO, MAIL_FROM or ORG_NAME are malformed, then each is named with what is expected', () => {
    assert.throws(
      () =>
        loadConfig({
          DATA_DIR: dataDir(),
          MAIL_REPLY_TO: 'not an address',
          MAIL_FROM: 'Hiring team',
          ORG_NAME: 'Harbour "HR" <x>',
        }),
      (e: Error) =>
        e instanceof ConfigError &&
        /MAIL_REPLY_TO: must be an email address/.test(e.message) &&
        /MAIL_FROM: must be an address such as/.test(e.message) &&
        /ORG_NAME: must be one line of text/.test(e.message),
    );
  });

  it('when ORG_NAME holds a line break, then it is refused (it would reach mail headers)', () => {
    assert.throws(() => loadConfig({ DATA_DIR: dataDir(), ORG_NAME: 'Harbour\nBcc: x@y.org' }), /ORG_NAME/);
  });
});
