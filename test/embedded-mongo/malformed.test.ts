import assert from 'node:assert/strict';
import { serialize } from 'bson';
import { skipUnlessEmbedded, useMongoTarget } from '../helpers/mongo-target.js';
import { header, nextRequestId, opMsg, OP_MSG, RawConnection } from './fixtures/wire.js';

/** Engine-only: raw sockets sending malformed messages. Each must close that connection only. */
describe('engine: malformed messages', function () {
  this.timeout(20_000);
  const target = useMongoTarget();
  const open: RawConnection[] = [];

  beforeEach(function () {
    skipUnlessEmbedded(this, target);
  });

  afterEach(function () {
    for (const connection of open.splice(0)) connection.destroy();
  });

  async function connect(): Promise<RawConnection> {
    const connection = await RawConnection.open(target.host, target.port);
    open.push(connection);
    return connection;
  }

  async function assertServerStillServes(): Promise<void> {
    assert.deepEqual(await target.client.db('admin').command({ ping: 1 }), { ok: 1 });
    const fresh = await connect();
    assert.equal((await fresh.command({ ping: 1, $db: 'admin' })).ok, 1);
  }

  /** An OP_MSG whose bytes after the header are given verbatim, with a consistent messageLength. */
  function opMsgWithPayload(payload: Buffer): Buffer {
    return Buffer.concat([header(16 + payload.length, nextRequestId(), 0, OP_MSG), payload]);
  }

  it('when a header declares a length below 16, then that connection is closed and the server keeps serving', async function () {
    const bad = await connect();

    bad.send(Buffer.concat([header(8, nextRequestId(), 0, OP_MSG), Buffer.alloc(8)]));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when a header declares a negative length, then that connection is closed', async function () {
    const bad = await connect();

    bad.send(header(-1, nextRequestId(), 0, OP_MSG));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when a header declares more than 48,000,000 bytes, then the connection is closed without waiting for the body', async function () {
    const bad = await connect();

    bad.send(header(48_000_001, nextRequestId(), 0, OP_MSG));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when a message has an unknown opcode, then that connection is closed', async function () {
    const bad = await connect();

    bad.send(Buffer.concat([header(16 + 8, nextRequestId(), 0, 9999), Buffer.alloc(8, 1)]));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when an OP_MSG carries a truncated BSON body, then that connection is closed', async function () {
    const bad = await connect();
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin', padding: 'x'.repeat(100) }));
    const flagsAndKind = Buffer.from([0, 0, 0, 0, 0]);

    bad.send(opMsgWithPayload(Buffer.concat([flagsAndKind, body.subarray(0, 30)])));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when an OP_MSG has no sections at all, then that connection is closed', async function () {
    const bad = await connect();

    bad.send(opMsgWithPayload(Buffer.from([0, 0, 0, 0])));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when an OP_MSG has an unknown section kind, then that connection is closed', async function () {
    const bad = await connect();
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin' }));

    bad.send(opMsgWithPayload(Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), body])));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when an OP_MSG body holds an invalid BSON element type, then the connection gets an error or is closed, never a success', async function () {
    const bad = await connect();
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin' }));
    body[4] = 0x7e; // the type byte of the first element

    bad.send(opMsgWithPayload(Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), body])));
    const outcome = await Promise.race([
      bad.closed.then(() => 'closed' as const),
      bad.nextReply().then((reply) => reply.document),
    ]).catch(() => 'closed' as const);

    if (outcome !== 'closed') assert.equal(outcome.ok, 0);
    await assertServerStillServes();
  });

  it('when an HTTP request arrives on the port, then that connection is closed', async function () {
    const bad = await connect();

    bad.send(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    await bad.closed;

    await assertServerStillServes();
  });

  it('when a client disconnects in the middle of a message, then the server keeps serving', async function () {
    const bad = await connect();
    const { message } = opMsg({ ping: 1, $db: 'admin' });

    bad.send(message.subarray(0, message.length - 5));
    bad.destroy();
    await bad.closed;

    await assertServerStillServes();
  });

  it('when one connection sends garbage, then another open raw connection keeps working on the same socket', async function () {
    const good = await connect();
    assert.equal((await good.command({ ping: 1, $db: 'admin' })).ok, 1);
    const bad = await connect();

    bad.send(Buffer.concat([header(12, nextRequestId(), 0, OP_MSG), Buffer.alloc(12)]));
    await bad.closed;

    assert.equal((await good.command({ ping: 1, $db: 'admin' })).ok, 1);
    assert.equal(good.isClosed, false);
  });

  it('when a valid OP_MSG command has a wrongly typed field, then the reply is ok: 0 and the connection stays usable', async function () {
    const connection = await connect();

    const reply = await connection.command({ find: 5, $db: 'x' });

    assert.equal(reply.ok, 0);
    assert.equal(typeof reply.errmsg, 'string');
    assert.equal(typeof reply.code, 'number');
    assert.equal((await connection.command({ ping: 1, $db: 'admin' })).ok, 1);
  });

  it('when commands have wrongly typed or missing arguments, then each is refused with an error and nothing crashes', async function () {
    const connection = await connect();
    const commands = [
      { insert: 'c', documents: 'not-an-array', $db: 'x' },
      { update: 'c', updates: [{ q: 5, u: { $set: { a: 1 } } }], $db: 'x' },
      { delete: 'c', deletes: [{ q: {} }], $db: 'x' },
      { find: 'c', filter: 'nope', $db: 'x' },
      { aggregate: 'c', pipeline: { $match: {} }, cursor: {}, $db: 'x' },
      { aggregate: 'c', pipeline: [{ $notAStage: {} }], cursor: {}, $db: 'x' },
      { getMore: 'abc', collection: 'c', $db: 'x' },
      { createIndexes: 'c', indexes: [{ key: 'email', name: 'bad' }], $db: 'x' },
      { findAndModify: 'c', query: {}, $db: 'x' },
    ];

    for (const command of commands) {
      const reply = await connection.command(command);
      // mongod answers ok: 0; a per-statement write error also refuses the statement.
      const refused = reply.ok === 0 || (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0);
      assert.ok(refused, `expected a refusal for ${JSON.stringify(command)}, got ${JSON.stringify(reply)}`);
    }

    assert.equal((await connection.command({ count: 'c', $db: 'x' })).n, 0);
  });
});
