/**
 * A Server-Sent Events client for tests: opens a stream on a listening app with a supertest
 * agent's session cookie, parses events as they arrive, and waits for the ones a test expects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type supertest from 'supertest';
import cookiejar from 'cookiejar';

const { CookieAccessInfo } = cookiejar as unknown as { CookieAccessInfo: { All: unknown } };

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
  json: Record<string, unknown>;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Every byte received, comments included. */
  raw: () => string;
  /** Resolves with the first event (already received or next) matching `pred`; rejects after `ms`. */
  waitFor: (pred: (e: SseEvent) => boolean, ms?: number) => Promise<SseEvent>;
  /** Resolves once `text` has been received (e.g. a heartbeat comment). */
  waitForText: (text: string, ms?: number) => Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close: () => void;
}

/** Starts the app on 127.0.0.1 for the tests of a file; `close()` stops it. */
export async function listen(app: Express) {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Cookie header of a supertest agent (its session). */
export function cookieOf(agent: supertest.Agent): string {
  const jar = (agent as unknown as { jar: { getCookies: (a: unknown) => { toValueString: () => string } } })
    .jar;
  // Every cookie regardless of domain and path (the agent talked to supertest's own server).
  return jar.getCookies(CookieAccessInfo.All).toValueString();
}

export function openStream(
  base: string,
  path: string,
  cookie: string,
  headers: Record<string, string> = {},
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, {
      headers: { Accept: 'text/event-stream', Cookie: cookie, ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let raw = '';
      let buffer = '';
      const events: SseEvent[] = [];
      const waiters: (() => void)[] = [];
      let endResolve!: () => void;
      const ended = new Promise<void>((r) => (endResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { event: 'message', data: '', json: {} };
          const data: string[] = [];
          let any = false;
          for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'id') e.id = value;
            else if (field === 'event') e.event = value;
            else if (field === 'data') data.push(value);
            else continue;
            any = true;
          }
          if (!any || !data.length) continue;
          e.data = data.join('\n');
          try {
            e.json = JSON.parse(e.data) as Record<string, unknown>;
          } catch {
            e.json = {};
          }
          events.push(e);
        }
        waiters.splice(0).forEach((w) => w());
      });
      res.on('end', () => {
        endResolve();
        waiters.splice(0).forEach((w) => w());
      });
      res.on('close', () => endResolve());
      const until = <T>(check: () => T | undefined, ms: number, what: string) =>
        new Promise<T>((ok, fail) => {
          const timer = setTimeout(
            () => fail(new Error(`timed out waiting for ${what}; got: ${raw.slice(-2000)}`)),
            ms,
          );
          const test = () => {
            const found = check();
            if (found !== undefined) {
              clearTimeout(timer);
              ok(found);
            } else waiters.push(test);
          };
          test();
        });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        raw: () => raw,
        waitFor: (pred, ms = 5000) => until(() => events.find(pred), ms, 'an event'),
        waitForText: (text, ms = 5000) =>
          until(() => (raw.includes(text) ? true : undefined), ms, text).then(() => undefined),
        ended,
        close: () => {
          req.destroy();
          res.destroy();
        },
      });
    });
  });
}
