/**
 * The real app for `npm run bench:live`: an embedded engine in a temporary directory, mongoose,
 * the seed library, createApp() listening on 127.0.0.1, and the data of the run: a manager, one
 * position (CSR class 1230, six competencies) with a published guide, and `interviews` candidates
 * each interviewed by their own panel of `panelSize` panelists (the first one chairs), everyone
 * signed in through the login form with a cookie jar of their own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadSeeds } from '../seeds/load.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/embedded-mongo/index.js';
import { createLogger } from '../src/lib/logger.js';
import { createMailer, type Mailer } from '../src/lib/mailer.js';
import { addCandidate } from '../src/features/candidates/candidates.service.js';
import { PositionTemplate } from '../src/features/competencies/position-template.model.js';
import { publishGuide } from '../src/features/guides/guide-versions.service.js';
import { createGuide } from '../src/features/guides/guides.service.js';
import { frozenGuide } from '../src/features/interviews/panel-context.js';
import { scheduleInterview } from '../src/features/interviews/interviews.service.js';
import { positionForm } from '../src/features/positions/positions.schemas.js';
import { createPosition } from '../src/features/positions/positions.service.js';
import { createUser } from '../src/features/users/users.service.js';
import { User } from '../src/features/users/user.model.js';
import { HttpClient } from './live-http.js';

const TEMPLATE_KEY = 'customer-service-representative-1230';
const PASSWORD = 'bench live password 1234';
const BASE_URL = 'http://127.0.0.1:3999';

/**
 * The panelists' password hash, in the format src/lib/passwords.ts stores and verifies
 * (`scrypt$N$r$p$salt$hash`, the parameters travel with the hash) but at a low cost (N = 1024):
 * signing in is set-up here, not measured, and 80 sign-ins at the production cost take many
 * seconds on a small machine. The login route and its verification are the same.
 */
async function fixtureHash(password: string): Promise<string> {
  const [N, r, p] = [1024, 8, 1];
  const salt = crypto.randomBytes(16);
  const hash = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(password, salt, 64, { N, r, p }, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export interface BenchPanelist {
  id: string;
  email: string;
  chair: boolean;
  client: HttpClient;
}

export interface BenchInterview {
  id: string;
  panel: BenchPanelist[];
}

export interface LiveApp {
  port: number;
  /** Section ids of the frozen guide, in order. */
  sections: string[];
  /** The rating scale's point values. */
  points: number[];
  interviews: BenchInterview[];
  close(): Promise<void>;
}

export async function startLiveApp(options: {
  interviews: number;
  panelSize: number;
  competencies: number;
  progress: (msg: string) => void;
}): Promise<LiveApp> {
  const { progress } = options;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-live-'));
  let engine: EmbeddedMongo | undefined;
  let mailer: Mailer | undefined;
  let server: Server | undefined;
  const close = async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    await mailer?.stop();
    await mongoose.disconnect();
    await engine?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };

  try {
    engine = await startEmbeddedMongo({ dbPath: path.join(dir, 'db'), port: 0, log: () => undefined });
    await mongoose.connect(engine.uri, { dbName: 'bench_live' });
    await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
    progress('engine started');
    await loadSeeds();
    progress('seed library loaded');

    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: path.join(dir, 'data'),
      SESSION_SECRET: 'bench-live-secret-bench-live-secret-42',
      BASE_URL,
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger('silent');
    // File mode, worker not started: the invitations stay queued in the outbox, nothing is sent.
    mailer = createMailer({ from: config.mailFrom, outboxDir: path.join(dir, 'outbox'), logger });
    const app = createApp({
      config,
      logger,
      mailer,
      databaseKind: 'embedded',
      rateLimits: { login: 100_000, tokenLinks: 100_000, mailRequests: 100_000 },
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;

    // The data, through the services the pages use.
    const manager = await createUser({
      email: 'manager@bench.example.org',
      name: 'Bench Manager',
      roles: ['manager'],
    });
    const template = await PositionTemplate.findOne({ key: TEMPLATE_KEY }).lean();
    if (!template || template.competencies.length < options.competencies)
      throw new Error(`the seed template ${TEMPLATE_KEY} is missing or too small`);
    const input = positionForm.parse({
      title: 'Customer Service Representative',
      classCode: '1230',
      department: 'Utilities',
      description: '',
      fromTemplate: String(template._id),
      competencies: template.competencies.slice(0, options.competencies).map((c) => ({
        competency: String(c.competency),
        requiredLevel: String(c.requiredLevel ?? 2),
        weight: '1',
        weightReason: '',
        requirement: 'required',
      })),
    });
    const position = await createPosition(input, manager);
    const guide = await createGuide(String(position._id), manager);
    const version = await publishGuide(guide, position, manager);
    const frozen = await frozenGuide(String(guide._id), version);

    progress('position and published guide');
    const passwordHash = await fixtureHash(PASSWORD);
    const n = options.interviews * options.panelSize;
    const users = await User.insertMany(
      Array.from({ length: n }, (_, i) => ({
        email: `panelist-${i + 1}@bench.example.org`,
        name: `Panelist ${i + 1}`,
        roles: ['panelist'],
        status: 'active',
        passwordHash,
      })),
    );
    const mail = { mailer, baseUrl: BASE_URL };
    const interviews: BenchInterview[] = [];
    for (let k = 0; k < options.interviews; k++) {
      const candidate = await addCandidate(
        String(position._id),
        { name: `Candidate ${k + 1}`, email: `candidate-${k + 1}@bench.example.org`, notes: '' },
        manager,
      );
      const seats = users.slice(k * options.panelSize, (k + 1) * options.panelSize);
      const interview = await scheduleInterview(
        String(position._id),
        {
          candidate: String(candidate._id),
          panel: seats.map((u, i) => ({ user: String(u._id), role: i === 0 ? 'chair' : 'member' })),
          scheduledAt: new Date(Date.now() + 3_600_000),
          location: 'Room 4.12, City Hall',
        },
        manager,
        mail,
      );
      interviews.push({
        id: String(interview._id),
        panel: seats.map((u, i) => ({
          id: String(u._id),
          email: u.email,
          chair: i === 0,
          client: new HttpClient(port),
        })),
      });
    }
    progress(
      `data: 1 position, ${frozen.sections.length} sections, ${interviews.length} interviews x ${options.panelSize} panelists`,
    );

    // Every panelist signs in through the form (scrypt per login: a few at a time).
    const everyone = interviews.flatMap((i) => i.panel);
    const queue = [...everyone];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let p = queue.shift(); p; p = queue.shift()) await p.client.login(p.email, PASSWORD);
      }),
    );
    progress(`${everyone.length} panelists signed in`);

    return {
      port,
      sections: frozen.sections.map((s) => s.id),
      points: frozen.ratingScale.points.map((p) => p.value),
      interviews,
      close,
    };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}
