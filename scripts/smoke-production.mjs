/**
 * `npm run smoke:production` (run by CI after `npm run build`): starts `NODE_ENV=production npm start`
 * from the compiled dist/ on a free loopback port with a throw-away data directory, waits for
 * /healthz and the sign-in page, then stops it. Exits 1 with the server's log when anything fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-production-'));
const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: 'smoke-test-session-secret-0123456789abcdef',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
child.stdout.on('data', (d) => (log += d));
child.stderr.on('data', (d) => (log += d));

async function check() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (health.ok) {
        const login = await fetch(`http://127.0.0.1:${port}/login`);
        const html = await login.text();
        if (login.status !== 200 || !html.includes('<form'))
          throw new Error(`GET /login answered ${login.status}`);
        return;
      }
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('GET /login')) throw e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not answer /healthz within 60 s');
}

let failed = false;
try {
  await check();
  console.log(`production start from dist/: /healthz and /login answered on port ${port}`);
} catch (e) {
  failed = true;
  console.error(`production smoke test failed: ${e.message}\n--- server log ---\n${log}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
