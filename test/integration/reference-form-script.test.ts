/**
 * public/js/reference-form.js against the real app: the script runs in a vm with a small DOM built
 * from the server-rendered page, a fake clock, an in-memory localStorage that outlives page loads,
 * and a fetch that goes through supertest without any cookie (and can be told to fail).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import supertest from 'supertest';
import type { Express } from 'express';
import { useTestApp } from '../helpers/app.js';
import {
  completeAnswers,
  findReference,
  makeReference,
  postTokenForm,
} from '../helpers/reference-form-factories.js';

const SCRIPT = fs.readFileSync(path.resolve('public/js/reference-form.js'), 'utf8');
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

type Listener = (e: Record<string, unknown>) => void;
class El {
  attrs: Record<string, string> = {};
  children: El[] = [];
  parentNode: El | null = null;
  listeners: Record<string, Listener[]> = {};
  textContent = '';
  value = '';
  name = '';
  checked = false;
  type = '';
  id = '';
  className = '';
  action = '';
  submittedWith: El[] = [];
  constructor(readonly tag: string) {}
  getAttribute(n: string) {
    return n in this.attrs ? this.attrs[n] : null;
  }
  setAttribute(n: string, v: string) {
    this.attrs[n] = String(v);
  }
  addEventListener(t: string, f: Listener) {
    (this.listeners[t] ??= []).push(f);
  }
  fire(t: string, e: Record<string, unknown> = {}) {
    for (const f of this.listeners[t] ?? []) f({ target: this, preventDefault: () => undefined, ...e });
  }
  appendChild(child: El) {
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  insertBefore(node: El, ref: El | null) {
    node.parentNode = this;
    const i = ref ? this.children.indexOf(ref) : -1;
    if (i < 0) this.children.push(node);
    else this.children.splice(i, 0, node);
  }
  removeChild(node: El) {
    this.children.splice(this.children.indexOf(node), 1);
    node.parentNode = null;
  }
  get firstChild() {
    return this.children[0] ?? null;
  }
  all(): El[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  get elements() {
    return this.all().filter((e) => ['input', 'textarea', 'button'].includes(e.tag));
  }
  requestSubmit(submitter: El) {
    this.submittedWith.push(submitter);
  }
  querySelector(sel: string) {
    if (sel !== 'input[name="rev"]') throw new Error(`selector not supported: ${sel}`);
    return this.all().find((e) => e.tag === 'input' && e.name === 'rev') ?? null;
  }
}

/** What a browser's FormData(form) holds: checked radios and boxes, every other field. */
function formData(form: El): [string, string][] {
  return form.elements
    .filter((e) => e.name && e.type !== 'submit' && (!['radio', 'checkbox'].includes(e.type) || e.checked))
    .map((e) => [e.name, e.value]);
}

const attrsOf = (s: string) =>
  Object.fromEntries([...s.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((m) => [m[1], decode(m[2] ?? '')]));

/** One browser: its localStorage outlives page loads, like a real one. */
function browser(app: Express) {
  const storage = new Map<string, string>();
  const localStorage = {
    get length() {
      return storage.size;
    },
    key: (i: number) => [...storage.keys()][i] ?? null,
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, String(v)),
    removeItem: (k: string) => void storage.delete(k),
  };
  let now = 1_000_000;
  let nextId = 0;
  let timers: { id: number; at: number; fn: () => void }[] = [];
  const pending = new Set<Promise<unknown>>();
  const sent: Record<string, string>[] = [];
  const network = { offline: false, loseAnswers: 0, reloads: 0 };

  async function fetch(url: string, init: { headers: Record<string, string>; body: string }) {
    sent.push(Object.fromEntries(new URLSearchParams(init.body)));
    if (network.offline) throw new TypeError('Failed to fetch');
    const res = await supertest(app).post(url).set(init.headers).send(init.body);
    if (network.loseAnswers > 0) {
      network.loseAnswers--; // the server got it; the answer was lost on the way back
      throw new TypeError('Failed to fetch');
    }
    return {
      status: res.status,
      headers: { get: (n: string) => (res.headers[n.toLowerCase()] as string | undefined) ?? null },
      json: async () => JSON.parse(res.text),
    };
  }
  const tracked = (...args: Parameters<typeof fetch>) => {
    const p = fetch(...args);
    pending.add(p);
    void p.catch(() => undefined).finally(() => pending.delete(p));
    return p;
  };
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await Promise.allSettled([...pending]);
      await new Promise((r) => setImmediate(r));
    }
  };

  /** Loads the page as the server renders it now, and runs the script on it. */
  async function open(url: string) {
    const page = (await supertest(app).get(url)).text;
    timers = [];
    const body = new El('body');
    const status = new El('p');
    status.id = 'rf-save-status';
    const done = /id="rf-done" data-draft-key="([^"]+)"/.exec(page);
    if (done) {
      const d = body.appendChild(new El('div'));
      d.id = 'rf-done';
      d.attrs['data-draft-key'] = done[1];
    }
    const formHtml =
      /<form method="post" action="([^"]+)" id="reference-form"([^>]*)>([\s\S]*?)<\/form>/.exec(page);
    const form = new El('form');
    if (formHtml) {
      form.id = 'reference-form';
      form.action = formHtml[1];
      form.attrs = attrsOf(formHtml[2]);
      body.appendChild(form);
      const fields = /<textarea\b([^>]*)>\n?([\s\S]*?)<\/textarea>|<(input|button)\b([^>]*)>/g;
      for (const m of formHtml[3].matchAll(fields)) {
        const tag = m[3] ?? 'textarea';
        const a = attrsOf(m[3] ? m[4] : m[1]);
        const el = form.appendChild(new El(tag));
        el.id = a.id ?? '';
        el.name = a.name ?? '';
        el.type = a.type ?? tag;
        el.value = m[3] ? (a.value ?? '') : decode(m[2]);
        el.checked = 'checked' in a;
      }
      form.appendChild(status);
    }
    const document = {
      getElementById: (id: string) => body.all().find((e) => e.id === id) ?? null,
      createElement: (tag: string) => new El(tag),
    };
    const win: Record<string, unknown> = {
      document,
      localStorage,
      fetch: tracked,
      FormData: function (f: El) {
        return formData(f);
      },
      URLSearchParams,
      Date: class extends Date {
        constructor(...a: [number?]) {
          super(a.length ? a[0]! : now);
        }
        static override now() {
          return now;
        }
      },
      setTimeout: (fn: () => void, ms: number) => {
        timers.push({ id: ++nextId, at: now + (ms || 0), fn });
        return nextId;
      },
      clearTimeout: (id: number) => {
        timers = timers.filter((t) => t.id !== id);
      },
      addEventListener: () => undefined,
      location: { reload: () => network.reloads++ },
    };
    win.window = win;
    vm.runInNewContext(SCRIPT, win);
    const field = (name: string, value?: string) =>
      form.elements.find((e) => e.name === name && (value === undefined || e.value === value))!;
    return {
      form,
      status,
      field,
      type(name: string, text: string) {
        const el = field(name);
        el.value = text;
        form.fire('input', { target: el });
      },
      choose(name: string, value: string) {
        for (const r of form.elements.filter((e) => e.name === name)) r.checked = r.value === value;
        form.fire('change', { target: field(name, value) });
      },
      banner: () => form.children.find((c) => c.id === 'rf-banner') ?? null,
    };
  }

  /** Advances the fake clock, running due timers and letting requests finish. */
  async function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      await settle();
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
    await settle();
  }
  /** Runs the timers due within `ms` without letting any request finish (a request stays in flight). */
  function tick(ms: number) {
    now += ms;
    for (const due of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((t) => t !== due);
      due.fn();
    }
  }
  return { open, advance, tick, sent, network, storage };
}

const commentOf = async (id: Parameters<typeof findReference>[0], q: string) =>
  (await findReference(id))?.answers.find((a) => a.question === q)?.comment;

describe('reference questionnaire: the autosave script', () => {
  const t = useTestApp({ rateLimits: { tokenLinks: 100_000 } });

  it('when the reference types, then a browser draft is kept at once and the whole form is saved a few seconds later, at most every 30 s', async () => {
    const r = await makeReference();
    const b = browser(t.app);
    const ui = await b.open(r.url);
    ui.type('comment:open-1', 'First words');
    assert.equal(JSON.parse([...b.storage.values()][0]).fields['comment:open-1'], 'First words');
    assert.match(ui.status.textContent, /Unsaved changes/);
    await b.advance(2900);
    assert.equal(b.sent.length, 0, 'debounced');
    await b.advance(200);
    assert.equal(b.sent.length, 1);
    assert.equal(b.sent[0].action, 'save');
    assert.equal(b.sent[0].rev, '0');
    assert.equal(b.sent[0].name, 'Grace Hopper', 'the whole form is sent');
    assert.match(ui.status.textContent, /^Saved at \d\d:\d\d\.$/);
    assert.equal(ui.field('rev').value, '1');
    assert.equal(b.storage.size, 0, 'the draft is gone once the server has it');
    assert.equal(await commentOf(r.id, 'open-1'), 'First words');

    ui.choose('rating:cs-1', 'Above');
    await b.advance(5000);
    assert.equal(b.sent.length, 1, 'no second save within 30 s of the first');
    await b.advance(25_000);
    assert.equal(b.sent.length, 2);
    assert.equal(b.sent[1].rev, '1');
    assert.equal((await findReference(r.id))?.answers.find((a) => a.question === 'cs-1')?.rating, 'Above');
  });

  it('when the network is down and the tab is closed, then the reopened page restores the text and saves it', async () => {
    const r = await makeReference();
    const b = browser(t.app);
    let ui = await b.open(r.url);
    b.network.offline = true;
    ui.type('comment:close-1', 'Typed while offline');
    await b.advance(3500);
    assert.equal(b.sent.length, 1);
    assert.match(ui.status.textContent, /Not saved yet \(your answers are kept in this browser\)/);
    assert.equal(await commentOf(r.id, 'close-1'), undefined);

    b.network.offline = false; // the reference comes back later through the link
    ui = await b.open(r.url);
    assert.equal(ui.field('comment:close-1').value, 'Typed while offline');
    assert.match(ui.status.textContent, /Restored your unsaved answers/);
    await b.advance(100);
    assert.equal(await commentOf(r.id, 'close-1'), 'Typed while offline');
    assert.equal(b.storage.size, 0);
  });

  it('when a save reached the server but its answer was lost, then the next page load still restores the newer text', async () => {
    const r = await makeReference();
    const b = browser(t.app);
    let ui = await b.open(r.url);
    b.network.loseAnswers = 1;
    ui.type('comment:open-2', 'Saved but unconfirmed');
    await b.advance(3100);
    ui.type('comment:open-2', 'Saved but unconfirmed, and more');
    b.network.offline = true;
    await b.advance(1000);
    assert.equal(await commentOf(r.id, 'open-2'), 'Saved but unconfirmed');

    b.network.offline = false;
    ui = await b.open(r.url);
    assert.equal(ui.field('comment:open-2').value, 'Saved but unconfirmed, and more');
    await b.advance(100);
    assert.equal(await commentOf(r.id, 'open-2'), 'Saved but unconfirmed, and more');
  });

  it('when the answers were saved from another window, then autosave stops and offers both versions instead of overwriting', async () => {
    const r = await makeReference();
    const b = browser(t.app);
    const ui = await b.open(r.url);
    await postTokenForm(supertest(t.app), r.url, completeAnswers({ 'comment:open-1': 'From the phone' }));
    ui.type('comment:open-1', 'From the laptop');
    await b.advance(3100);
    assert.equal(await commentOf(r.id, 'open-1'), 'From the phone');
    assert.match(ui.status.textContent, /saved from another window or device/);
    const banner = ui.banner()!;
    assert.ok(banner);
    const keep = banner.children.find((c) => c.textContent === 'Keep the answers on this page')!;
    keep.fire('click');
    await b.advance(31_000);
    assert.equal(await commentOf(r.id, 'open-1'), 'From the laptop');
  });

  it('when the reference was submitted elsewhere, then the page reloads (to the thank-you page), which clears the draft', async () => {
    const r = await makeReference();
    const b = browser(t.app);
    const ui = await b.open(r.url);
    await postTokenForm(supertest(t.app), r.url, completeAnswers({ action: 'submit' }));
    ui.type('comment:open-1', 'Too late');
    await b.advance(3100);
    assert.equal(b.network.reloads, 1);
    assert.equal(b.storage.size, 1);
    await b.open(r.url);
    assert.equal(b.storage.size, 0);
  });

  it('when Submit is pressed while a background save is on its way, then the post waits for it and goes with the new revision', async () => {
    const r = await makeReference();
    const b = browser(t.app);
    const ui = await b.open(r.url);
    ui.type('comment:open-1', 'Almost done');
    b.tick(3000); // the save timer fires; its request is in flight during the click below
    assert.equal(b.sent.length, 1);
    const submit = ui.field('action', 'submit');
    let prevented = false;
    ui.form.fire('submit', { submitter: submit, preventDefault: () => (prevented = true) });
    assert.ok(prevented, 'the first submit waits');
    assert.match(ui.status.textContent, /Finishing the last save/);
    await b.advance(10);
    assert.deepEqual(ui.form.submittedWith, [submit]);
    assert.equal(ui.field('rev').value, '1');
  });
});
