/**
 * createApp(deps): the Express application. No I/O on import; the database connection, mailer
 * and configuration come in through deps (see server.ts, and test/helpers/app.ts for tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './lib/project-root.js';
import express, { type Express, type RequestHandler } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import mongoose from 'mongoose';
import { rateLimit } from 'express-rate-limit';
import type { Config } from './config/env.js';
import type { Logger } from './lib/logger.js';
import type { Mailer } from './lib/mailer.js';
import type { AppDeps, RateLimits } from './app-deps.js';
import { MongoRateLimitStore } from './lib/rate-limit-store.js';
import { TooManyRequestsError, NotFoundError } from './lib/errors.js';
import { requireRole } from './middleware/auth.js';
import { csrf, type CsrfSettings } from './middleware/csrf.js';
import { errorHandler } from './middleware/error-handler.js';
import { flashMessages } from './middleware/flash.js';
import { locals } from './middleware/locals.js';
import { setOrganisationTimeZone } from './lib/format-time.js';
import { createViewEngine } from './lib/view-engine.js';
import { noStore } from './middleware/no-store.js';
import { requestMemoScope } from './lib/request-memo.js';
import { setupGate } from './middleware/setup-gate.js';
import { authRouter } from './features/auth/auth.routes.js';
import { createPassport } from './features/auth/passport.js';
import { createSessionStore } from './features/auth/session-store.js';
import { healthRouter } from './features/health/health.routes.js';
import { homeRouter } from './features/home/home.routes.js';
import { myInterviewsRouter } from './features/my-interviews/my-interviews.routes.js';
import { accountRouter } from './features/account/account.routes.js';
import { scorecardRemindersRouter } from './features/scorecard-reminders/scorecard-reminders.routes.js';
import { outboxRouter } from './features/outbox/outbox.routes.js';
import { usersRouter } from './features/users/users.routes.js';
import { competenciesRouter } from './features/competencies/competencies.routes.js';
import { frameworkIoRouter } from './features/competencies/framework-io.routes.js';
import { questionBankRouter } from './features/question-bank/question-bank.routes.js';
import { generateApiRouter } from './features/generators/generate.routes.js';
import { positionsRouter } from './features/positions/positions.routes.js';
import { guidesRouter } from './features/guides/guides.routes.js';
import { demoSwitchRouter } from './features/demo-switch/demo-switch.routes.js';
import { CANDIDATE_IMPORT_PATH, candidatesRouter } from './features/candidates/candidates.routes.js';
import { interviewsRouter } from './features/interviews/interviews.routes.js';
import { referencesRouter } from './features/references/references.routes.js';
import { resultsRouter } from './features/results/results.routes.js';
import { scoringRouter } from './features/scoring/scoring.routes.js';
import { panelRouter } from './features/panel/panel.routes.js';
import { referenceFormRouter } from './features/reference-form/reference-form.routes.js';
import {
  DOCUMENT_UPLOAD_PATHS,
  frameworkImportRouter,
} from './features/framework-import/framework-import.routes.js';

export type { AppDeps, RateLimits } from './app-deps.js';

export const APP_NAME = 'Competency Interview Toolkit';
const ROOT = PROJECT_ROOT;
const SESSION_TTL_SECONDS = 8 * 60 * 60;
const LARGE_BODY_ROUTES = new Set([
  '/competencies/import',
  '/api/frameworks/import',
  ...DOCUMENT_UPLOAD_PATHS,
]);

const DEFAULT_LIMITS: RateLimits = { login: 30, tokenLinks: 60, mailRequests: 20 };

export interface CreateAppOptions {
  config: Config;
  logger: Logger;
  mailer: Mailer;
  databaseKind?: 'mongodb' | 'embedded';
  rateLimits?: Partial<RateLimits>;
  /**
   * Names the rate-limit counters in the database. Apps on one database with the same scope (the
   * default) count together, as the processes of one deployment must; tests give each app its own.
   */
  rateLimitScope?: string;
}

/**
 * A limiter whose counts live in the database (MongoRateLimitStore), so that every app process on
 * it counts the same client together; `name` keeps the limiters' counts apart.
 */
function limiter(name: string, limit: number): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new MongoRateLimitStore({ prefix: `${name}:` }),
    handler: (_req, _res, next) => next(new TooManyRequestsError()),
  });
}

/**
 * The files under `dir`, served only for paths whose first segment names one of its entries (css,
 * js, favicon.ico...), read once at start: express.static alone would look for every page's path on
 * disk (a stat per request, about a tenth of a signed-in page's CPU) before passing it on.
 */
function staticFiles(dir: string, production: boolean): RequestHandler {
  const serve = express.static(dir, { maxAge: production ? '1d' : 0, index: false });
  const entries = new Set(fs.readdirSync(dir));
  return (req, res, next) => {
    const end = req.path.indexOf('/', 1);
    const first = req.path.slice(1, end < 0 ? undefined : end);
    if (entries.has(first)) return serve(req, res, next);
    next();
  };
}

export function createApp(options: CreateAppOptions): Express {
  const { config, logger } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.rateLimits };
  const scope = options.rateLimitScope ? `${options.rateLimitScope}:` : '';
  const deps: AppDeps = {
    config,
    logger,
    mailer: options.mailer,
    appName: APP_NAME,
    databaseKind: options.databaseKind,
    limits: {
      login: limiter(`${scope}login`, limits.login),
      tokenLinks: limiter(`${scope}tokenLinks`, limits.tokenLinks),
      mailRequests: limiter(`${scope}mailRequests`, limits.mailRequests),
    },
  };

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.engine('ejs', createViewEngine());
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  // From the configuration, not Express's own reading of NODE_ENV at start: compiled templates are
  // kept in production, recompiled on every render in development.
  app.set('view cache', config.isProduction);
  app.disable('x-powered-by');
  // Pages are never cached (noStore), so an ETag would only cost a hash of every page's body.
  app.disable('etag');
  // The CSRF check and anonymous flash messages sign their cookies with the session secret.
  app.set('csrf', { secret: config.sessionSecret, secureCookie: config.cookieSecure } satisfies CsrfSettings);
  // Every page's header says so when the app runs on demo data.
  app.locals.demoMode = config.demo;
  setOrganisationTimeZone(config.timeZone ?? 'UTC');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.isProduction ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(staticFiles(path.join(ROOT, 'public'), config.isProduction));
  app.use(noStore);
  app.use(requestMemoScope);
  app.use(healthRouter(deps));
  // Token links (/r/, /n/): no session or CSRF token, their own body parser; see the router's comment.
  app.use(referenceFormRouter(deps));
  // Routes that take large bodies (framework imports) parse them, and check CSRF, themselves.
  const ownBody = (req: express.Request) =>
    req.method === 'POST' && (LARGE_BODY_ROUTES.has(req.path) || CANDIDATE_IMPORT_PATH.test(req.path));
  const urlencoded = express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 1000 });
  const json = express.json({ limit: '100kb' });
  // Most requests (every page) carry no body: they skip both parsers, as the parsers would.
  const hasBody = (req: express.Request) =>
    req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
  app.use((req, res, next) => {
    if (!hasBody(req) || ownBody(req)) return next();
    urlencoded(req, res, (err?: unknown) => (err ? next(err) : json(req, res, next)));
  });

  // Sessions exist only for signed-in users: saveUninitialized is off and nothing writes to the
  // session before sign-in (CSRF and flash messages of anonymous visitors live in signed cookies).
  app.use(
    session({
      name: 'cit.sid',
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      store: createSessionStore({ connection: mongoose.connection, ttlSeconds: SESSION_TTL_SECONDS }),
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        maxAge: SESSION_TTL_SECONDS * 1000,
      },
    }),
  );
  const passport = createPassport();
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(flashMessages);
  app.use(locals(APP_NAME));
  app.use((req, res, next) => (ownBody(req) ? next() : csrf(req, res, next)));
  app.use(setupGate);

  app.use(authRouter(deps, passport));
  app.use(homeRouter());
  app.use(myInterviewsRouter());
  app.use(demoSwitchRouter(deps));
  app.use(accountRouter());
  app.use(scorecardRemindersRouter(deps));
  app.use('/admin/users', requireRole('admin'), usersRouter(deps));
  app.use(questionBankRouter(deps), generateApiRouter(deps));
  app.use('/positions/:positionId/candidates', candidatesRouter(deps));
  app.use(referencesRouter(deps));
  app.use(panelRouter(deps));
  app.use(scoringRouter(deps));
  app.use(interviewsRouter(deps));
  app.use(resultsRouter(deps));
  app.use(positionsRouter(deps), guidesRouter(deps));
  app.use('/competencies', competenciesRouter(deps));
  app.use('/admin/outbox', requireRole('admin'), outboxRouter(deps));
  app.use(frameworkIoRouter(deps));
  app.use(frameworkImportRouter(deps));

  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(logger, !config.isProduction));
  return app;
}
