/**
 * The HTTP side of `npm run bench:live`, on node:http only: a client per user with its own cookie
 * jar (as separate browsers would have), and a Server-Sent Events reader that parses the stream
 * itself and stamps each event with the time its last chunk arrived.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Pooled keep-alive sockets for requests; SSE streams get their own sockets (no agent). */
export const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export class HttpClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of this client's session (read from a page's <meta name="csrf-token">). */
  csrf = '';

  constructor(readonly port: number) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(headers: http.IncomingHttpHeaders): void {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  request(
    method: string,
    path: string,
    options: { body?: string; type?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (options.body !== undefined) {
      headers['content-type'] = options.type ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    // A kept-alive socket the server closed while it sat idle (its keepAliveTimeout, between two
    // phases of a bench) fails the next request sent on it before any byte is answered: sent again
    // once on a fresh socket, as browsers do and as Node's documentation of `reusedSocket` advises.
    const send = (retry: boolean): Promise<HttpResponse> =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: this.port, method, path, headers, agent: keepAliveAgent },
          (res) => {
            res.setEncoding('utf8');
            let body = '';
            res.on('data', (c: string) => (body += c));
            res.on('end', () => {
              this.keepCookies(res.headers);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
            });
            res.on('error', reject);
          },
        );
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (retry && req.reusedSocket && e.code === 'ECONNRESET') resolve(send(false));
          else reject(e);
        });
        req.end(options.body);
      });
    return send(true);
  }

  /** GETs a page and keeps the CSRF token it carries. */
  async readCsrf(path: string): Promise<string> {
    const res = await this.request('GET', path);
    const m =
      /name="csrf-token" content="([^"]+)"/.exec(res.body) ?? /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
    this.csrf = m[1];
    return this.csrf;
  }

  /** Signs in through the login form; afterwards `csrf` is the token of the new session. */
  async login(email: string, password: string): Promise<void> {
    const token = await this.readCsrf('/login');
    const form = new URLSearchParams({ email, password, _csrf: token }).toString();
    const res = await this.request('POST', '/login', {
      body: form,
      type: 'application/x-www-form-urlencoded',
    });
    if (res.status !== 303 || res.headers.location !== '/')
      throw new Error(`login of ${email} failed (status ${res.status})`);
    // The session id (and so its CSRF token) changes at login.
    await this.readCsrf('/');
  }
}

export interface SseEvent {
  id: string;
  type: string;
  data: string;
  /** performance.now() when the chunk that completed the event arrived. */
  at: number;
}

export interface SseStream {
  readonly events: number;
  close(): void;
}

/**
 * Opens `path` as an event stream and calls `onEvent` for every complete event (comments and
 * heartbeats skipped). Resolves once the response headers are in with status 200.
 */
export function openEventStream(
  port: number,
  path: string,
  cookie: string,
  onEvent: (e: SseEvent) => void,
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let closed = false;
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: { accept: 'text/event-stream', 'cache-control': 'no-cache', ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${path}: status ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        let id = '';
        let type = '';
        let data: string[] = [];
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).replace(/\r$/, '');
            buffer = buffer.slice(nl + 1);
            if (line === '') {
              if (data.length || type) {
                count++;
                onEvent({ id, type: type || 'message', data: data.join('\n'), at });
              }
              type = '';
              data = [];
              continue;
            }
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') data.push(value);
            else if (field === 'event') type = value;
            else if (field === 'id') id = value;
          }
        });
        res.on('error', () => undefined);
        resolve({
          get events() {
            return count;
          },
          close() {
            if (closed) return;
            closed = true;
            req.destroy();
          },
        });
      },
    );
    req.on('error', (e) => (closed ? undefined : reject(e)));
  });
}
