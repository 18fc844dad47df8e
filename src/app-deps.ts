/**
 * What createApp hands every feature router: configuration, logger, mailer and the rate limiters.
 * It lives apart from app.ts because app.ts imports every router; a router importing app.ts (even
 * for a type) made all of them one import circle.
 */
import type { RequestHandler } from 'express';
import type { Config } from './config/env.js';
import type { Logger } from './lib/logger.js';
import type { Mailer } from './lib/mailer.js';

/** Requests allowed per IP address per 15 minutes on sensitive routes. */
export interface RateLimits {
  login: number;
  tokenLinks: number;
  mailRequests: number;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  mailer: Mailer;
  appName: string;
  databaseKind?: 'mongodb' | 'embedded';
  limits: Record<keyof RateLimits, RequestHandler>;
}
