import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { OutboxMessage, type OutboxStatus } from '../../src/features/outbox/outbox.model.js';
import { outboxMessageId } from '../../src/lib/mailer.js';
import { csrfToken, ensureSomeUser, loginAs, postForm, useTestApp } from '../helpers/app.js';

const FROM = 'Toolkit <toolkit@example.org>';

async function makeMessage(
  fields: { status?: OutboxStatus; text?: string; html?: string; subject?: string } = {},
) {
  const _id = new mongoose.Types.ObjectId();
  return OutboxMessage.create({
    _id,
    from: FROM,
    to: `to-${crypto.randomUUID().slice(0, 8)}@example.org`,
    subject: fields.subject ?? `Outbox page ${crypto.randomUUID()}`,
    text: fields.text ?? 'Hello',
    html: fields.html,
    status: fields.status ?? 'sent',
    attempts: fields.status === 'failed' ? 10 : 1,
    lastError: fields.status === 'failed' ? 'connect ECONNREFUSED 127.0.0.1:1' : undefined,
    sentAt: (fields.status ?? 'sent') === 'sent' ? new Date() : undefined,
    messageId: outboxMessageId(_id.toHexString(), FROM),
  });
}

describe('outbox pages (/admin/outbox)', () => {
  const t = useTestApp();
  before(ensureSomeUser);

  it('when an admin opens the outbox, then queued mail is listed with status and recipient', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const subject = `Invitation ${crypto.randomUUID()}`;
    const id = await t.mailer.queue({ to: 'listed@example.org', subject, text: 'Hi' });

    const res = await agent.get('/admin/outbox');

    assert.equal(res.status, 200);
    assert.ok(res.text.includes(subject));
    assert.ok(res.text.includes('listed@example.org'));
    assert.ok(res.text.includes(`href="/admin/outbox/${id}"`));
    assert.match(res.text, /<caption>/);
  });

  it('when an admin opens a message, then its headers show and the link in its text is clickable', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const link = `https://toolkit.example.org/invite/${crypto.randomUUID()}?step=1&lang=en`;
    const msg = await makeMessage({ text: `Welcome.\nSet your password: ${link}.\nThanks` });

    const res = await agent.get(`/admin/outbox/${msg.id}`);

    assert.equal(res.status, 200);
    assert.ok(res.text.includes(msg.to));
    assert.ok(res.text.includes(msg.messageId.replace('<', '&lt;').replace('>', '&gt;')));
    const escaped = link.replace(/&/g, '&amp;');
    assert.ok(
      res.text.includes(`<a href="${escaped}" rel="noreferrer noopener">${escaped}</a>.`),
      'link without the full stop',
    );
  });

  it('when a message carries markup, then it is shown escaped and its HTML part is not rendered', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const msg = await makeMessage({
      text: '<script>alert(1)</script> see https://evil.example/"onmouseover="x and javascript:alert(2)',
      html: '<p id="rendered-html">Hi</p>',
    });

    const res = await agent.get(`/admin/outbox/${msg.id}`);

    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>alert(1)'));
    assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(res.text.includes('<a href="https://evil.example/" rel="noreferrer noopener">'));
    assert.ok(!res.text.includes('href="javascript:'));
    assert.ok(!res.text.includes('<p id="rendered-html">'));
    assert.ok(res.text.includes('&lt;p id=&#34;rendered-html&#34;&gt;'));
  });

  it('when there are more than 50 messages, then a page shows 50, newest first, and ?page= moves on', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    for (let i = 0; i < 51; i += 1) await makeMessage();
    const newest = await makeMessage();

    const first = await agent.get('/admin/outbox');
    const second = await agent.get('/admin/outbox?page=2');
    const beyond = await agent.get('/admin/outbox?page=9999');

    assert.equal(first.status, 200);
    assert.equal(first.text.match(/<th scope="row">/g)?.length, 50);
    assert.ok(
      first.text.split('<th scope="row">')[1].includes(newest.subject),
      'the newest message comes first',
    );
    assert.equal(second.status, 200);
    assert.match(second.text, /Page 2 of \d+/);
    assert.equal(beyond.status, 200, 'a page past the end shows the last page');
  });

  it('when the page number is not a positive whole number, then the list answers 400', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    for (const page of ['0', '-1', 'abc', '1.5']) {
      assert.equal((await agent.get(`/admin/outbox?page=${page}`)).status, 400, `page=${page}`);
    }
  });

  it('when the id is malformed or unknown, then the message page answers 404', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    assert.equal((await agent.get('/admin/outbox/not-an-id')).status, 404);
    assert.equal((await agent.get(`/admin/outbox/${new mongoose.Types.ObjectId()}`)).status, 404);
    assert.equal(
      (await postForm(agent, `/admin/outbox/${new mongoose.Types.ObjectId()}/retry`, {}, '/admin/outbox'))
        .status,
      404,
    );
  });

  it('when a manager or a panelist asks, then every outbox route answers 403', async () => {
    const msg = await makeMessage({ status: 'failed' });
    for (const role of ['manager', 'panelist'] as const) {
      const { agent } = await loginAs(t.app, [role]);
      assert.equal((await agent.get('/admin/outbox')).status, 403, `${role} list`);
      assert.equal((await agent.get(`/admin/outbox/${msg.id}`)).status, 403, `${role} show`);
      assert.equal(
        (await postForm(agent, `/admin/outbox/${msg.id}/retry`, {}, '/')).status,
        403,
        `${role} retry`,
      );
    }
    assert.equal((await OutboxMessage.findById(msg.id).lean())?.status, 'failed');
  });

  it('when an anonymous visitor asks, then they are sent to the login page', async () => {
    const msg = await makeMessage();
    for (const url of ['/admin/outbox', `/admin/outbox/${msg.id}`]) {
      const res = await supertest(t.app).get(url);
      assert.equal(res.status, 303);
      assert.match(res.headers.location ?? '', /^\/login/);
    }
  });

  it('when an admin retries a failed message without the CSRF token, then it is refused and stays failed', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const msg = await makeMessage({ status: 'failed' });
    await csrfToken(agent, `/admin/outbox/${msg.id}`);

    const res = await agent.post(`/admin/outbox/${msg.id}/retry`).type('form').send({ _csrf: 'wrong' });

    assert.equal(res.status, 403);
    assert.equal((await OutboxMessage.findById(msg.id).lean())?.status, 'failed');
  });

  it('when an admin retries a failed message, then it goes back to the queue and is delivered once', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const msg = await makeMessage({ status: 'failed' });
    const page = await agent.get(`/admin/outbox/${msg.id}`);
    assert.match(page.text, /Retry delivery/);

    const res = await postForm(agent, `/admin/outbox/${msg.id}/retry`, {}, `/admin/outbox/${msg.id}`);

    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/admin/outbox/${msg.id}`);
    const after = await agent.get(`/admin/outbox/${msg.id}`);
    assert.match(after.text, /back in the queue/);
    await t.smtp.waitFor((m) => m.raw.includes(msg.messageId));
    for (let i = 0; (await OutboxMessage.findById(msg.id).lean())?.status !== 'sent'; i += 1) {
      assert.ok(i < 500, 'the message is marked sent');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(t.smtp.received.filter((m) => m.raw.includes(msg.messageId)).length, 1);
  });

  it('when an admin retries a message that has not failed, then it answers 409 and nothing changes', async () => {
    const { agent } = await loginAs(t.app, ['admin']);
    const msg = await makeMessage({ status: 'sent' });

    const res = await postForm(agent, `/admin/outbox/${msg.id}/retry`, {}, `/admin/outbox/${msg.id}`);

    assert.equal(res.status, 409);
    assert.equal((await OutboxMessage.findById(msg.id).lean())?.status, 'sent');
  });
});
