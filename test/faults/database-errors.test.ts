/**
 * What the error handler makes of the errors the driver, mongoose and the session store raise when
 * the database cannot be reached (the drill in database-outage.test.ts provokes them for real).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import express from 'express';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createLogger } from '../../src/lib/logger.js';
import { NotFoundError } from '../../src/lib/errors.js';
import {
  DATABASE_CANNOT_WRITE_MESSAGE,
  DATABASE_DOWN_MESSAGE,
  errorHandler,
  isDatabaseDown,
  mapError,
} from '../../src/middleware/error-handler.js';
import { repoRoot } from './support/server-child.js';

const named = (name: string, message = 'connect ECONNREFUSED 127.0.0.1:27017') =>
  Object.assign(new Error(message), { name });

describe('fault drill: database errors map to 503', () => {
  for (const name of [
    'MongoServerSelectionError',
    'MongooseServerSelectionError',
    'MongoNetworkError',
    'MongoNetworkTimeoutError',
    'MongoNotConnectedError',
    'MongoTopologyClosedError',
    'MongoPoolClearedError',
    'MongoServerClosedError',
  ])
    it(`when a ${name} reaches the handler, then it is a 503 saying the database is not reachable`, () => {
      assert.deepEqual(mapError(named(name)), { status: 503, message: DATABASE_DOWN_MESSAGE });
    });

  it('when mongoose gives up buffering before a first connection, then it is a 503', () => {
    const e = new mongoose.Error('Operation `users.findOne()` buffering timed out after 10000ms');
    assert.equal(mapError(e).status, 503);
  });

  it('when a store wraps the driver error as its cause, then it is still a 503', () => {
    const wrapped = new Error('session store failed', { cause: named('MongoServerSelectionError') });
    assert.equal(isDatabaseDown(wrapped), true);
    assert.equal(mapError(wrapped).status, 503);
  });

  it('when the database refuses a write it cannot make durable (disk full), then it is a 503 saying so', () => {
    const full = Object.assign(
      named('MongoServerError', 'the database cannot write (ENOSPC: no space left on device)'),
      {
        code: 14031,
        codeName: 'OutOfDiskSpace',
      },
    );
    assert.deepEqual(mapError(full), { status: 503, message: DATABASE_CANNOT_WRITE_MESSAGE });
    const io = Object.assign(named('MongoServerError', 'the database cannot write (EIO: i/o error)'), {
      code: 1,
    });
    assert.equal(mapError(io).status, 503);
    assert.equal(mapError(new Error('session store failed', { cause: full })).status, 503);
    assert.equal(mapError(Object.assign(named('MongoServerError', 'internal'), { code: 1 })).status, 500);
  });

  it('when other errors reach the handler, then they keep their status', () => {
    assert.equal(mapError(new NotFoundError()).status, 404);
    assert.equal(mapError(new mongoose.Error('something else')).status, 500);
    assert.equal(mapError(named('MongoServerError', 'E11000 duplicate key')).status, 500);
  });

  it('when a request fails for the database, then the page and the JSON say so, with Retry-After and no stack', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    const app = express();
    app.set('view engine', 'ejs');
    app.set('views', path.join(repoRoot, 'views'));
    app.get('/down', () => {
      throw named('MongoServerSelectionError', 'Server selection timed out after 3000 ms');
    });
    app.use(errorHandler(logger, true));

    const page = await supertest(app).get('/down').set('Accept', 'text/html');
    const json = await supertest(app).get('/down').set('Accept', 'application/json');

    assert.equal(page.status, 503);
    assert.equal(page.headers['retry-after'], '5');
    assert.match(page.text, /<title>Temporarily unavailable/);
    assert.ok(page.text.includes(DATABASE_DOWN_MESSAGE));
    assert.ok(!/\n\s+at /.test(page.text), 'no stack trace, even where stacks are shown');
    assert.equal(json.status, 503);
    assert.deepEqual(json.body, { error: DATABASE_DOWN_MESSAGE });
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /WARN .*GET \/down: database unreachable \(MongoServerSelectionError: Server selection/,
    );
  });
});
