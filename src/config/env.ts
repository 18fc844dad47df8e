/**
 * The only reader of process.env. Validates configuration with zod and fails fast with a message
 * a person can act on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../lib/format-time.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ error: 'must be a port number (0 to 65535)' })
  .int('must be a whole number')
  .min(0)
  .max(65535);

/** The organisation named in mails and on the public reference pages when ORG_NAME is unset. */
export const DEFAULT_ORG_NAME = 'Competency Interview Toolkit';

/** `address` or `Display Name <address>` (one line; the address part as SMTP servers accept it). */
const MAIL_FROM_FORMAT = /^(?:[^\p{Cc}<>]*<[^\s<>@"]+@[^\s<>@"]+>|[^\s<>@"]+@[^\s<>@"]+)$/u;

/** MAIL_FROM as sent: when it has no display name, the organisation's name becomes one. */
export function senderAddress(mailFrom: string, orgName: string): string {
  const from = mailFrom.trim();
  if (from.includes('<') && !from.startsWith('<')) return from;
  const address = from.replace(/^<|>$/g, '');
  return `"${orgName.replace(/["\\]/g, '')}" <${address}>`;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_MONGO_PORT: port.optional(),
  EMBEDDED_ENGINE: z
    .enum(['process', 'inprocess'], { error: 'must be process (its own process, the default) or inprocess' })
    .default('process'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://hiring.example.org' })
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  ORG_NAME: z
    .string()
    .trim()
    .min(1)
    .max(100, 'must be at most 100 characters')
    .regex(/^[^\p{Cc}"<>]+$/u, 'must be one line of text without quotes or angle brackets')
    .default(DEFAULT_ORG_NAME),
  MAIL_FROM: z
    .string()
    .regex(MAIL_FROM_FORMAT, 'must be an address such as hiring@example.org or Hiring <hiring@example.org>')
    .default('no-reply@localhost'),
  MAIL_REPLY_TO: z.email('must be an email address such as hiring@example.org').optional(),
  TRUST_PROXY: z.string().optional(),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  COOKIE_SECURE: bool.optional(),
  REFERENCE_LINK_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1)
    .max(365)
    .default(14),
  REFERENCE_REMINDER_DAYS: z
    .string()
    .regex(/^\s*(\d+\s*(,\s*\d+\s*)*)?$/, 'must be days after sending, separated by commas, such as 3,7')
    .default('3,7'),
  SCORECARD_REMINDER_HOURS: z
    .string()
    .regex(
      /^\s*(\d+\s*(,\s*\d+\s*)*)?$/,
      'must be hours after the interview, separated by commas, such as 24,72 (empty for none)',
    )
    .default('24,72'),
  CANDIDATE_STAGE_AFTER_INTERVIEW: z
    .enum(['interviewed', 'references', 'offer', 'none'], {
      error: 'must be interviewed, references, offer or none',
    })
    .default('interviewed'),
  DEMO: bool.optional(),
  WEB_CONCURRENCY: z.coerce
    .number({ error: 'must be a number of processes' })
    .int('must be a whole number of processes')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(1),
  APP_ROLE: z.enum(['all', 'web'], { error: 'must be all or web' }).default('all'),
  EMBEDDED_MONGO_URI: z
    .string()
    .regex(/^mongodb:\/\//, 'must start with mongodb://')
    .optional(),
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Paris or America/New_York')
    .default('UTC'),
});

/** Rules across variables, checked on the raw values so they are reported with any other problem. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production') {
    if (!env.SESSION_SECRET) problems.push('SESSION_SECRET: is required in production');
    if (!env.BASE_URL) problems.push('BASE_URL: is required in production');
  }
  if (!!env.ADMIN_EMAIL !== !!env.ADMIN_PASSWORD)
    problems.push('ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD go together');
  return problems;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  mongodbUri?: string;
  dataDir: string;
  embeddedMongoPort?: number;
  /** Where the embedded engine runs: its own supervised process, or this one (tests, tools). */
  embeddedEngine: 'process' | 'inprocess';
  sessionSecret: string;
  baseUrl: string;
  smtpUrl?: string;
  /** The From of every mail: MAIL_FROM, with the organisation's name as display name when it has none. */
  mailFrom: string;
  /** Reply-To of every mail (MAIL_REPLY_TO), when set. */
  mailReplyTo?: string;
  /** The hiring organisation (ORG_NAME), named in reference mails and on the reference form. */
  orgName: string;
  /** Express 'trust proxy' setting: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  firstAdmin?: { email: string; password: string };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  cookieSecure: boolean;
  references: {
    /** Days a reference's (or a nomination's) link works after sending. */
    linkDays: number;
    /** Days after sending when reminders go out, ascending; empty for none. */
    reminderDays: number[];
  };
  candidates: {
    /** The stage a candidate at Interview moves to when an interview completes; null keeps it. */
    stageAfterInterview: 'interviewed' | 'references' | 'offer' | null;
  };
  scorecards: {
    /** Hours after an interview's start when panelists who have not submitted are reminded, ascending. */
    reminderHours: number[];
  };
  /** WEB_CONCURRENCY: app processes serving HTTP (node:cluster, sharing the port); 1 runs one process. */
  webConcurrency: number;
  /**
   * APP_ROLE. `all` (default): this process also loads the seeds, runs the reminders and the mail
   * worker. `web`: it only serves HTTP, beside one process that does those (the cluster's workers).
   */
  role: 'all' | 'web';
  /**
   * EMBEDDED_MONGO_URI: an embedded engine started by another process (the cluster's primary sets
   * it for its workers), connected to instead of starting one.
   */
  embeddedMongoUri?: string;
  /** Demo mode (DEMO=true or `npm start -- --demo`): loads the demo into an empty database, lists its accounts at sign-in. */
  demo: boolean;
  /** The organisation's IANA time zone: how times are shown to users who have not chosen their own. */
  timeZone: string;
}

export class ConfigError extends Error {}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** Reads the session secret kept in DATA_DIR, creating it on first use (development only). */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    /* created below */
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Validates `source` (process.env by default) into a Config; throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`)),
    ...crossFieldProblems(cleaned),
  ];
  if (!parsed.success || problems.length) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    mongodbUri: e.MONGODB_URI,
    dataDir,
    embeddedMongoPort: e.EMBEDDED_MONGO_PORT,
    embeddedEngine: e.EMBEDDED_ENGINE,
    embeddedMongoUri: e.EMBEDDED_MONGO_URI,
    webConcurrency: e.WEB_CONCURRENCY,
    role: e.APP_ROLE,
    sessionSecret: e.SESSION_SECRET ?? developmentSecret(dataDir),
    baseUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: senderAddress(e.MAIL_FROM, e.ORG_NAME),
    mailReplyTo: e.MAIL_REPLY_TO,
    orgName: e.ORG_NAME,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    firstAdmin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD
        ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD }
        : undefined,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    cookieSecure: e.COOKIE_SECURE ?? baseUrl.startsWith('https://'),
    references: {
      linkDays: e.REFERENCE_LINK_DAYS,
      reminderDays: [
        ...new Set(
          e.REFERENCE_REMINDER_DAYS.split(',')
            .map((d) => d.trim())
            .filter(Boolean)
            .map(Number),
        ),
      ]
        .filter((d) => d < e.REFERENCE_LINK_DAYS)
        .sort((a, b) => a - b),
    },
    candidates: {
      stageAfterInterview:
        e.CANDIDATE_STAGE_AFTER_INTERVIEW === 'none' ? null : e.CANDIDATE_STAGE_AFTER_INTERVIEW,
    },
    scorecards: {
      reminderHours: [
        ...new Set(
          e.SCORECARD_REMINDER_HOURS.split(',')
            .map((h) => h.trim())
            .filter(Boolean)
            .map(Number)
            .filter((h) => h > 0),
        ),
      ].sort((a, b) => a - b),
    },
    demo: e.DEMO ?? false,
    timeZone: e.TIME_ZONE,
  };
}
