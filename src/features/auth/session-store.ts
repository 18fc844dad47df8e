/**
 * The session store: connect-mongo for everything (set, touch, destroy, the TTL index), except that
 * reading a session also reads its signed-in user, in the same command. Every signed-in request
 * would otherwise start with two round trips (the session, then passport's read of the user);
 * here one aggregate on the sessions collection finds the session by `_id` and `$lookup`s the
 * user by `_id` (both through the `_id` index), keeping only SIGNED_IN_FIELDS. The user is read
 * fresh on every request exactly as before, so a deactivation, a role change or a password reset
 * made in any app process still holds at the next request: nothing is cached.
 *
 * Sessions are stored as BSON (`stringify: false`), with the user's id as an ObjectId
 * (passport.ts), so that the join can match the users' `_id`. A session stored by an earlier
 * version (a JSON string, the id a hex string) is still read: its user then comes from passport's
 * own read, one command more, and passport rewrites the id as an ObjectId, so from its next request
 * on it is read as any other. A stored session that is not a session at all reads as none: its
 * browser is simply signed out, never answered with a 500.
 */
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import { MongoStore } from 'connect-mongo';
import type { Connection } from 'mongoose';
import { SIGNED_IN_FIELDS, User } from '../users/user.model.js';

/** A user as the session read found them; the checks (active, epoch) are passport.ts's. */
export type UserReadWithSession = Record<string, unknown> & { _id: unknown };

/** What the store's read found: the user, or null when the session names no (existing) user. */
interface ReadUser {
  user: UserReadWithSession | null;
}

/** The user read with each session object the store returned, until express-session inflates it. */
const readWithSession = new WeakMap<object, ReadUser>();
/** The user read with the session of each request, until passport takes it. */
const readForRequest = new WeakMap<object, ReadUser>();

/**
 * The user read together with this request's session, once (passport's deserializeUser takes it),
 * or undefined when the store did not read one (a session stored as a string, or no store read).
 */
export function takeUserReadWithSession(req: Request | undefined): ReadUser | undefined {
  if (!req) return undefined;
  const read = readForRequest.get(req);
  readForRequest.delete(req);
  return read;
}

/** Where passport keeps the signed-in user's id in the session (passport.ts's serializeUser). */
const USER_ID_PATH = 'session.passport.user.id';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored value express-session can inflate: an object with its cookie. */
function asSessionData(value: unknown): (SessionData & Record<string, unknown>) | null {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  if (!isPlainObject(value) || !isPlainObject(value.cookie)) return null;
  return value as SessionData & Record<string, unknown>;
}

const isObjectId = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { _bsontype?: unknown })._bsontype === 'ObjectId';

/** The user id passport keeps in a session (USER_ID_PATH below `session`), if any. */
function userIdIn(session: Record<string, unknown>): unknown {
  const passport = session.passport;
  const user = isPlainObject(passport) ? passport.user : undefined;
  return isPlainObject(user) ? user.id : undefined;
}

interface StoredSession {
  session?: unknown;
  expires?: Date;
  lastModified?: Date;
  user: UserReadWithSession[];
}

/** connect-mongo's store, whose `get` also reads the signed-in user (see the file's comment). */
class SessionWithUserStore extends MongoStore {
  private readonly pipelineTail: Record<string, unknown>[];

  constructor(options: ConstructorParameters<typeof MongoStore>[0]) {
    super({ ...options, stringify: false });
    const userFields = SIGNED_IN_FIELDS.split(' ').map((f) => [`user.${f}`, 1] as const);
    this.pipelineTail = [
      {
        $lookup: {
          from: User.collection.collectionName,
          localField: USER_ID_PATH,
          foreignField: '_id',
          as: 'user',
        },
      },
      { $project: { session: 1, expires: 1, lastModified: 1, ...Object.fromEntries(userFields) } },
    ];
  }

  /** The aggregate `get` runs for a session id (public for the tests' explain). */
  pipelineFor(sid: string): Record<string, unknown>[] {
    // The same command text for every read of a session (no date in it), so the engine's compiled
    // filter is reused; the expiry is checked on the answer (get).
    return [{ $match: { _id: sid } }, ...this.pipelineTail];
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.collectionP
      .then((sessions) => sessions.aggregate<StoredSession>(this.pipelineFor(sid)).toArray())
      .then(([doc]) => {
        // Expired as connect-mongo's own get tells it (the TTL index removes it later).
        if (doc?.expires && !(doc.expires > new Date())) return callback(null, null);
        const session = doc && asSessionData(doc.session);
        if (!session) return callback(null, null);
        // connect-mongo's touchAfter reads when the session was last written from here.
        if (doc.lastModified) session.lastModified = doc.lastModified;
        // The join matched the user's id only if the session holds it as an ObjectId; one stored by
        // an earlier version (a string, within a JSON string or not) leaves passport to read it.
        if (isObjectId(userIdIn(session))) readWithSession.set(session, { user: doc.user[0] ?? null });
        this.emit('get', sid);
        callback(null, session);
      }, callback);
  }

  /** express-session turns the stored object into req.session here: the one place with both. */
  override createSession(req: Request, session: SessionData): ReturnType<MongoStore['createSession']> {
    const read = readWithSession.get(session);
    if (read) readForRequest.set(req, read);
    return super.createSession(req, session);
  }
}

export interface SessionStoreOptions {
  /** The app's connection, open: the sessions live in its database, beside the users they join. */
  connection: Connection;
  ttlSeconds: number;
}

export function createSessionStore({ connection, ttlSeconds }: SessionStoreOptions): SessionWithUserStore {
  return new SessionWithUserStore({
    client: connection.getClient(),
    // A $lookup joins within one database. connect-mongo would otherwise use the client's default
    // database, which is not the app's when the app's is given apart from the URI (mongoose's
    // dbName: the tests', or DEFAULT_DB_NAME for a MONGODB_URI that names none).
    dbName: connection.name,
    collectionName: 'sessions',
    ttl: ttlSeconds,
    autoRemove: 'native',
    // Rolling sessions would otherwise write the session on every request (each autosave).
    touchAfter: 60,
  });
}
