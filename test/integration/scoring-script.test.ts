/**
 * public/js/scoring.js against the real app: the script runs in a vm with a small DOM built from the
 * server-rendered page, a fake clock, an in-memory localStorage, and a fetch that goes through the
 * panelist's supertest agent (and can be told to fail, as a flaky network does).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type supertest from 'supertest';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  rateAll,
  saveRating,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  scoreUrl,
  submitJson,
} from '../helpers/scoring-factories.js';

const SCRIPT = fs.readFileSync(path.resolve('public/js/scoring.js'), 'utf8');
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
  checked = false;
  type = '';
  id = '';
  className = '';
  classList = { add: () => undefined };
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
    for (const f of this.listeners[t] ?? []) f(e);
  }
  append(child: El) {
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
  querySelectorAll(sel: string): El[] {
    const match: Record<string, (e: El) => boolean> = {
      '[data-section]': (e) => e.getAttribute('data-section') !== null,
      'input[type="radio"]': (e) => e.tag === 'input' && e.type === 'radio',
      'input[type="radio"]:checked': (e) => e.tag === 'input' && e.type === 'radio' && e.checked,
      textarea: (e) => e.tag === 'textarea',
      '.save-status': (e) => e.className === 'save-status',
    };
    if (!match[sel]) throw new Error(`selector not supported: ${sel}`);
    return this.all().filter(match[sel]);
  }
  querySelector(sel: string) {
    return this.querySelectorAll(sel)[0] ?? null;
  }
}

interface Sent {
  url: string;
  body: Record<string, unknown>;
}

/** One browser: its localStorage outlives page loads, like a real one. */
function browser(agent: supertest.Agent) {
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
  let now = 0;
  let nextId = 0;
  let timers: { id: number; at: number; fn: () => void }[] = [];
  const pending = new Set<Promise<unknown>>();
  const sent: Sent[] = [];
  const network = { failBefore: 0, failAfter: 0, status500: 0 };

  async function fetch(url: string, init: { headers: Record<string, string>; body: string }) {
    sent.push({ url, body: JSON.parse(init.body) });
    if (network.failBefore > 0) {
      network.failBefore--;
      throw new TypeError('Failed to fetch');
    }
    if (network.status500 > 0) {
      network.status500--;
      return { status: 503, ok: false, json: async () => ({ error: 'down' }) };
    }
    let req = agent.post(url);
    for (const [k, v] of Object.entries(init.headers)) req = req.set(k, v);
    const res = await req.send(init.body);
    if (network.failAfter > 0) {
      // The server got it; the answer was lost on the way back.
      network.failAfter--;
      throw new TypeError('Failed to fetch');
    }
    return { status: res.status, ok: res.status < 300, json: async () => JSON.parse(res.text) };
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
  async function open(interviewId: string) {
    const page = (await agent.get(scoreUrl(interviewId))).text;
    timers = [];
    const document = new El('document');
    const body = document.append(new El('body'));
    const winListeners: Record<string, Listener[]> = {};
    const form = new El('form');
    const f = /id="scoring-form"[\s\S]*?data-interview="([^"]+)" data-panelist="([^"]+)"/.exec(page);
    if (f) {
      form.id = 'scoring-form';
      form.attrs = { 'data-interview': f[1], 'data-panelist': f[2] };
      body.append(form);
    }
    const d = /id="scoring-done" data-interview="([^"]+)" data-panelist="([^"]+)"/.exec(page);
    if (d) {
      const done = body.append(new El('div'));
      done.id = 'scoring-done';
      done.attrs = { 'data-interview': d[1], 'data-panelist': d[2] };
    }
    const sections = new Map<string, { el: El; radios: El[]; note: El; status: El }>();
    const re =
      /data-section="([^"]+)" data-rev="(\d+)" data-saved-value="([^"]*)" data-saved-note="([^"]*)">([\s\S]*?)<\/section>/g;
    for (const m of page.matchAll(re)) {
      const el = form.append(new El('section'));
      el.attrs = {
        'data-section': m[1],
        'data-rev': m[2],
        'data-saved-value': m[3],
        'data-saved-note': decode(m[4]),
      };
      const radios = [
        ...m[5].matchAll(/<input type="radio" id="[^"]+" name="[^"]+" value="([^"]+)"( checked)?>/g),
      ].map((r) => {
        const input = el.append(new El('input'));
        input.type = 'radio';
        input.value = r[1];
        input.checked = !!r[2];
        return input;
      });
      const note = el.append(new El('textarea'));
      note.value = decode(/>([^<]*)<\/textarea>/.exec(m[5])![1]);
      const status = el.append(new El('p'));
      status.className = 'save-status';
      status.textContent = /<p class="save-status"[^>]*>([^<]*)<\/p>/.exec(m[5])![1];
      sections.set(m[1], { el, radios, note, status });
    }
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(page)![1];
    const win: Record<string, unknown> = {
      document: Object.assign(document, {
        documentElement: new El('html'),
        getElementById: (id: string) => document.all().find((e) => e.id === id) ?? null,
        querySelector: (sel: string) =>
          sel === 'meta[name="csrf-token"]' ? { getAttribute: () => token } : null,
        createElement: (tag: string) => new El(tag),
      }),
      localStorage,
      fetch: tracked,
      JSON,
      setTimeout: (fn: () => void, ms: number) => {
        timers.push({ id: ++nextId, at: now + (ms || 0), fn });
        return nextId;
      },
      clearTimeout: (id: number) => {
        timers = timers.filter((t) => t.id !== id);
      },
      addEventListener: (t: string, fn: Listener) => (winListeners[t] ??= []).push(fn),
    };
    win.window = win;
    vm.runInNewContext(SCRIPT, win);
    const ui = {
      sections,
      form,
      section: (id: string) => sections.get(id)!,
      type(id: string, text: string) {
        const s = sections.get(id)!;
        s.note.value = text;
        s.note.fire('input');
      },
      choose(id: string, value: number) {
        const s = sections.get(id)!;
        for (const r of s.radios) r.checked = r.value === String(value);
        s.radios.find((r) => r.value === String(value))!.fire('change');
      },
      /** Whether leaving the page now would warn. */
      warnsOnLeave() {
        let prevented = false;
        for (const fn of winListeners.beforeunload ?? [])
          fn({ preventDefault: () => (prevented = true), returnValue: undefined });
        return prevented;
      },
      banner: () => form.children.find((c) => c.id === 'scoring-stopped')?.textContent ?? null,
    };
    return ui;
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
  return { open, advance, sent, network, storage };
}

const noteOf = async (interviewId: string, section: string) =>
  (await Rating.findOne({ interview: interviewId, section }).lean())?.note;

describe('scoring: the autosave script', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when the panelist types and chooses, then each section saves once ~700 ms after the last change, only what changed, and shows Saving… then Saved hh:mm', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const b = browser(s.panel[0].agent);
    const ui = await b.open(s.interviewId);
    const [a, c] = s.sections.map((x) => x.id);

    ui.type(a, 'Fir');
    await b.advance(300);
    ui.type(a, 'First answer');
    ui.choose(c, 4);
    assert.ok(ui.warnsOnLeave(), 'unsaved changes warn on leaving');
    await b.advance(600);
    assert.equal(b.sent.length, 0, 'debounced');
    assert.equal(ui.section(a).status.textContent, 'Unsaved changes…');
    await b.advance(200);
    assert.deepEqual(
      b.sent.map((x) => x.body),
      [{ note: 'First answer' }, { value: 4 }],
    );
    assert.match(ui.section(a).status.textContent, /^Saved \d\d:\d\d$/);
    assert.equal(ui.section(a).status.getAttribute('data-state'), 'saved');
    assert.equal(await noteOf(s.interviewId, a), 'First answer');
    assert.equal((await Rating.findOne({ interview: s.interviewId, section: c }).lean())!.value, 4);
    assert.equal(b.storage.size, 0, 'drafts gone once confirmed');
    assert.ok(!ui.warnsOnLeave());
  });

  it('when the network fails, then it says Not saved, retrying…, keeps the draft, retries with backoff and sends the newest text', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    const b = browser(s.panel[1].agent);
    const ui = await b.open(s.interviewId);
    const [a] = s.sections.map((x) => x.id);
    b.network.failBefore = 1;
    b.network.status500 = 1;

    ui.type(a, 'Draft one');
    await b.advance(700);
    assert.equal(b.sent.length, 1);
    assert.equal(ui.section(a).status.textContent, 'Not saved, retrying…');
    assert.equal(JSON.parse([...b.storage.values()][0]).note, 'Draft one');
    ui.type(a, 'Draft one, and more');
    await b.advance(1000); // first retry after 1 s: a 503
    assert.equal(b.sent.length, 2);
    assert.equal(ui.section(a).status.textContent, 'Not saved, retrying…');
    await b.advance(1500);
    assert.equal(b.sent.length, 2, 'the second retry waits 2 s');
    await b.advance(500);
    assert.equal(b.sent.length, 3);
    assert.deepEqual(b.sent[2].body, { note: 'Draft one, and more' });
    assert.match(ui.section(a).status.textContent, /^Saved /);
    assert.equal(await noteOf(s.interviewId, a), 'Draft one, and more');
    assert.equal(b.storage.size, 0);
  });

  it('when the page is reloaded with unsaved drafts, then they are restored and saved, even when the last save reached the server but its answer was lost', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
    const b = browser(s.panel[0].agent);
    const [a, c] = s.sections.map((x) => x.id);
    let ui = await b.open(s.interviewId);
    b.network.failAfter = 1;
    ui.type(a, 'Saved but unconfirmed');
    await b.advance(700);
    ui.type(a, 'Saved but unconfirmed, then more typing');
    b.network.failBefore = 100; // offline now
    ui.choose(c, 2);
    ui.type(c, 'Never reached the server');
    await b.advance(1000);
    assert.equal(await noteOf(s.interviewId, a), 'Saved but unconfirmed');
    assert.equal(await noteOf(s.interviewId, c), undefined);

    b.network.failBefore = 0; // back online, and the panelist reloads
    ui = await b.open(s.interviewId);
    assert.equal(ui.section(a).note.value, 'Saved but unconfirmed, then more typing');
    assert.equal(ui.section(c).note.value, 'Never reached the server');
    assert.ok(ui.section(c).radios.find((r) => r.value === '2')!.checked);
    assert.match(ui.section(a).status.textContent, /Restored your unsaved changes/);
    await b.advance(100);
    assert.equal(await noteOf(s.interviewId, a), 'Saved but unconfirmed, then more typing');
    const rc = (await Rating.findOne({ interview: s.interviewId, section: c }).lean())!;
    assert.deepEqual([rc.value, rc.note], [2, 'Never reached the server']);
    assert.equal(b.storage.size, 0);

    // A reload with nothing pending restores nothing and sends nothing.
    const before = b.sent.length;
    await b.open(s.interviewId);
    await b.advance(2000);
    assert.equal(b.sent.length, before);
  });

  it('when the section was saved elsewhere after the draft, then the newer save is shown and the draft is offered, not forced', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    const { agent } = s.panel[0];
    const b = browser(agent);
    const [a] = s.sections.map((x) => x.id);
    let ui = await b.open(s.interviewId);
    b.network.failBefore = 100;
    ui.type(a, 'Typed on the laptop');
    await b.advance(10);
    // Meanwhile, another window saves twice (two revs beyond anything this browser sent).
    await saveRating(agent, s.interviewId, a, { note: 'From the tablet' });
    await saveRating(agent, s.interviewId, a, { note: 'From the tablet, edited' });
    b.network.failBefore = 0;
    ui = await b.open(s.interviewId);
    await b.advance(1000);
    assert.equal(ui.section(a).note.value, 'From the tablet, edited');
    assert.match(ui.section(a).status.textContent, /saved from another window/);
    const button = ui.section(a).el.children.find((x) => x.className.includes('restore-draft'))!;
    assert.ok(button, 'the draft is offered');
    button.fire('click');
    assert.equal(ui.section(a).note.value, 'Typed on the laptop');
    await b.advance(700);
    assert.equal(await noteOf(s.interviewId, a), 'Typed on the laptop');
  });

  it('when the server answers 409 (submitted elsewhere), then autosave stops and tells the panelist to reload; and the read-only page clears the drafts', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    const { agent } = s.panel[0];
    const b = browser(agent);
    const [a] = s.sections.map((x) => x.id);
    const ui = await b.open(s.interviewId);
    await rateAll(agent, s, 3);
    assert.equal((await submitJson(agent, s.interviewId)).status, 200);

    ui.type(a, 'Too late');
    await b.advance(700);
    assert.equal(b.sent.length, 1);
    assert.match(ui.section(a).status.textContent, /submitted your ratings[\s\S]*Reload the page/);
    assert.match(ui.banner()!, /Autosave has stopped/);
    ui.type(a, 'Still too late');
    await b.advance(5000);
    assert.equal(b.sent.length, 1, 'no more requests');
    assert.equal(b.storage.size, 1, 'the text is kept in the browser');

    await b.open(s.interviewId); // the read-only page
    assert.equal(b.storage.size, 0);
  });

  it('when the form itself is submitted, then no autosave races it and leaving does not warn', async function () {
    this.timeout(60_000);
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 1 });
    const b = browser(s.panel[1].agent);
    const [a] = s.sections.map((x) => x.id);
    const ui = await b.open(s.interviewId);
    ui.type(a, 'Posted with the form');
    ui.form.fire('submit');
    assert.ok(!ui.warnsOnLeave());
    await b.advance(5000);
    assert.equal(b.sent.length, 0);
  });
});
