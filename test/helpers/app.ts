/**
 * Integration-test harness: one embedded engine per test run (mongoose is a process-wide
 * connection), a real SMTP server per test file, and createApp() with a test configuration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import supertest from 'supertest';
import type { Express } from 'express';
import { createApp, type RateLimits } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMailer, type Mailer } from '../../src/lib/mailer.js';
import { createUser, forgetUserCache } from '../../src/features/users/users.service.js';
import type { Role, UserDoc } from '../../src/features/users/user.model.js';
import { startSmtpServer, type TestSmtp } from './smtp.js';

let engine: EmbeddedMongo | undefined;
let serverUri: string | undefined;

/** The test database server's URI (the embedded engine's socket, or TEST_MONGODB_URI), once connected. */
export function testServerUri(): string {
  if (!serverUri) throw new Error('connectTestDatabase() has not run');
  return serverUri;
}
let dataRoot: string | undefined;

/** Connects mongoose (once per process) to an embedded engine, or to TEST_MONGODB_URI. */
export async function connectTestDatabase(): Promise<void> {
  if (mongoose.connection.readyState === 1) return;
  let uri = process.env.TEST_MONGODB_URI;
  if (!uri) {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'app-test-'));
    engine = await startEmbeddedMongo({ dbPath: path.join(dataRoot, 'db'), log: () => undefined });
    uri = engine.uri;
    process.once('exit', () => fs.rmSync(dataRoot!, { recursive: true, force: true }));
  }
  serverUri = uri;
  // monitorCommands: test/helpers/command-counter.ts counts the round trips of a request.
  await mongoose.connect(uri, { dbName: `apptest_${process.pid}`, monitorCommands: true });
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
}

export interface TestApp {
  app: Express;
  config: Config;
  mailer: Mailer;
  smtp: TestSmtp;
  dataDir: string;
}

export interface TestAppOptions {
  rateLimits?: Partial<RateLimits>;
  env?: Record<string, string>;
}

let sequence = 0;
/** A unique email address for factories. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence++}@example.org`;
}

/**
 * A rate-limit scope no other app of the run uses: the limits count in the database, which the
 * run's test files share, so each test app counts only its own requests.
 */
export function ownRateLimitScope(): string {
  return `test-${process.pid}-${sequence++}`;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Registers before/after hooks; the returned object is filled in before the first test. */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  const t = {} as TestApp;
  before(async function () {
    this.timeout(30_000);
    await connectTestDatabase();
    t.smtp = await startSmtpServer();
    t.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-data-'));
    t.config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: t.dataDir,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-42',
      BASE_URL: 'http://localhost:3999',
      SMTP_URL: t.smtp.url,
      MAIL_FROM: 'Toolkit <toolkit@example.org>',
      ...options.env,
    });
    const logger = createLogger('silent');
    t.mailer = createMailer({
      smtpUrl: t.config.smtpUrl,
      from: t.config.mailFrom,
      replyTo: t.config.mailReplyTo,
      outboxDir: path.join(t.dataDir, 'outbox'),
      logger,
      pollIntervalMs: 50,
    });
    t.mailer.start();
    t.app = createApp({
      config: t.config,
      logger,
      mailer: t.mailer,
      databaseKind: 'embedded',
      rateLimits: options.rateLimits,
      rateLimitScope: ownRateLimitScope(),
    });
  });
  after(async () => {
    await t.mailer?.stop();
    await t.smtp?.close();
    if (t.dataDir) fs.rmSync(t.dataDir, { recursive: true, force: true });
  });
  return t;
}

/** Makes sure at least one user exists so the setup gate stays out of the way. */
export async function ensureSomeUser(): Promise<void> {
  if (!(await mongoose.model('User').exists({}))) await makeUser({ roles: ['admin'] });
}

export async function makeUser(
  fields: {
    roles?: Role[];
    email?: string;
    name?: string;
    password?: string;
    status?: 'active' | 'invited';
  } = {},
): Promise<UserDoc> {
  return createUser({
    email: fields.email ?? uniqueEmail(),
    name: fields.name ?? 'Test User',
    roles: fields.roles ?? ['panelist'],
    password: fields.status === 'invited' ? undefined : (fields.password ?? TEST_PASSWORD),
    status: fields.status,
  });
}

/** Empties the users collection (setup-page tests). */
export async function removeAllUsers(): Promise<void> {
  await mongoose.model('User').deleteMany({});
  forgetUserCache();
}

const CSRF = /name="_csrf" value="([^"]+)"/;

/** The CSRF token of a page as this agent sees it. */
export async function csrfToken(agent: supertest.Agent, pagePath = '/login'): Promise<string> {
  const res = await agent.get(pagePath);
  const m = CSRF.exec(res.text) ?? /name="csrf-token" content="([^"]+)"/.exec(res.text);
  if (!m) throw new Error(`no CSRF token on ${pagePath} (status ${res.status})`);
  return m[1];
}

/** A supertest agent logged in as a new user with `roles`. */
export async function loginAs(
  app: Express,
  roles: Role[],
  fields: { email?: string; password?: string } = {},
): Promise<{ agent: supertest.Agent; user: UserDoc }> {
  const user = await makeUser({ roles, ...fields });
  const agent = supertest.agent(app);
  await login(agent, user.email, fields.password ?? TEST_PASSWORD);
  return { agent, user };
}

export async function login(
  agent: supertest.Agent,
  email: string,
  password: string,
): Promise<supertest.Response> {
  const token = await csrfToken(agent, '/login');
  return agent.post('/login').type('form').send({ email, password, _csrf: token });
}

/** Posts a form with the CSRF token taken from `fromPage`. */
export async function postForm(
  agent: supertest.Agent,
  url: string,
  body: Record<string, unknown>,
  fromPage = '/',
): Promise<supertest.Response> {
  const token = await csrfToken(agent, fromPage);
  return agent
    .post(url)
    .type('form')
    .send({ ...body, _csrf: token });
}
