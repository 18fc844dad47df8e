/**
 * A browser for the fault drills, on node:http against a server in another process: a cookie jar,
 * the session's CSRF token, extra headers (a client address behind the proxy), and a connection
 * pool of its own that can be dropped after the server died (no request lands on a dead socket).
 */
import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

export class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  private agent = new http.Agent({ keepAlive: true });

  constructor(
    public port: number,
    readonly headers: Record<string, string> = {},
  ) {}

  /** Forgets the pooled connections (after the server was killed or restarted). */
  dropConnections(): void {
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true });
  }

  request(
    method: string,
    path: string,
    o: { body?: string; type?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...this.headers, ...o.headers };
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (o.body !== undefined) {
      headers['content-type'] = o.type ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(o.body));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair] = line.split(';');
              const eq = pair.indexOf('=');
              if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              ms: performance.now() - started,
            });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(o.timeoutMs ?? 60_000, () =>
        req.destroy(new Error(`no answer within ${o.timeoutMs ?? 60_000} ms`)),
      );
      req.on('error', reject);
      req.end(o.body);
    });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('GET', path, { headers });
  }

  /** A JSON request with the session's CSRF token, as the pages' scripts send it. */
  postJson(path: string, body: unknown): Promise<Answer> {
    return this.request('POST', path, {
      body: JSON.stringify(body),
      headers: { accept: 'application/json', 'x-csrf-token': this.csrf },
    });
  }

  /** A form post (urlencoded); `accept` JSON for the pages' background saves. */
  postForm(path: string, fields: Record<string, string>, accept?: string): Promise<Answer> {
    return this.request('POST', path, {
      body: new URLSearchParams(fields).toString(),
      type: 'application/x-www-form-urlencoded',
      headers: accept ? { accept } : {},
    });
  }

  async readCsrf(path: string): Promise<string> {
    const res = await this.get(path);
    const m =
      /name="csrf-token" content="([^"]+)"/.exec(res.body) ?? /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
    return (this.csrf = m[1]);
  }

  /** Signs in through the login form; afterwards `csrf` is the new session's token. */
  async login(email: string, password: string): Promise<void> {
    const token = await this.readCsrf('/login');
    const res = await this.postForm('/login', { email, password, _csrf: token });
    if (res.status !== 303 || res.headers.location !== '/')
      throw new Error(`login of ${email} failed (status ${res.status})`);
    await this.readCsrf('/');
  }
}
