import assert from 'node:assert/strict';
import { useMongoTarget } from '../helpers/mongo-target.js';
import { MORE_TO_COME, OP_MSG, OP_REPLY, opMsg, opQuery, RawConnection } from './fixtures/wire.js';

/** Valid wire-protocol framing on a raw socket; runs against any target reachable without auth or TLS. */
describe('conformance: wire protocol framing', function () {
  this.timeout(20_000);
  const target = useMongoTarget();
  const open: RawConnection[] = [];
  let dbName: string;

  beforeEach(function () {
    if (/@|tls=true|ssl=true|^mongodb\+srv:/i.test(target.uri)) this.skip();
    dbName = target.freshDbName();
  });

  afterEach(function () {
    for (const connection of open.splice(0)) connection.destroy();
  });

  async function connect(): Promise<RawConnection> {
    const connection = await RawConnection.open(target.host, target.port);
    open.push(connection);
    return connection;
  }

  it('when a legacy OP_QUERY isMaster arrives, then the reply is an OP_REPLY with ok 1 and wire versions', async function () {
    const connection = await connect();
    const { message, requestId } = opQuery('admin.$cmd', {
      isMaster: 1,
      client: { driver: { name: 'raw', version: '0' } },
    });

    connection.send(message);
    const reply = await connection.nextReply();

    assert.equal(reply.opCode, OP_REPLY);
    assert.equal(reply.responseTo, requestId);
    assert.equal(reply.document.ok, 1);
    assert.equal(reply.document.ismaster, true);
    assert.equal(typeof reply.document.minWireVersion, 'number');
    assert.ok(reply.document.maxWireVersion >= 9);
    // The engine must not offer streaming heartbeats (design: no topologyVersion); mongod does.
    if (target.isEmbedded) assert.equal(reply.document.topologyVersion, undefined);
  });

  it('when an OP_MSG ping arrives, then the reply is an OP_MSG answering that request id', async function () {
    const connection = await connect();
    const { message, requestId } = opMsg({ ping: 1, $db: 'admin' });

    connection.send(message);
    const reply = await connection.nextReply();

    assert.equal(reply.opCode, OP_MSG);
    assert.equal(reply.responseTo, requestId);
    assert.equal(reply.document.ok, 1);
  });

  it('when a message arrives one byte at a time, then it is still answered', async function () {
    const connection = await connect();
    const { message, requestId } = opMsg({ ping: 1, $db: 'admin' });

    for (const byte of message) {
      connection.send(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reply = await connection.nextReply();

    assert.equal(reply.responseTo, requestId);
    assert.equal(reply.document.ok, 1);
  });

  it('when two messages arrive in one packet, then both are answered in order', async function () {
    const connection = await connect();
    const first = opMsg({ insert: 'c', documents: [{ n: 1 }], $db: dbName });
    const second = opMsg({ count: 'c', $db: dbName });

    connection.send(Buffer.concat([first.message, second.message]));
    const replyOne = await connection.nextReply();
    const replyTwo = await connection.nextReply();

    assert.equal(replyOne.responseTo, first.requestId);
    assert.equal(replyOne.document.n, 1);
    assert.equal(replyTwo.responseTo, second.requestId);
    assert.equal(replyTwo.document.n, 1);
  });

  it('when an insert carries its documents in a kind-1 document sequence, then all of them are inserted', async function () {
    const connection = await connect();
    const { message } = opMsg(
      { insert: 'seq', $db: dbName },
      { sequences: { documents: [{ n: 1 }, { n: 2 }, { n: 3 }] } },
    );

    connection.send(message);
    const reply = await connection.nextReply();

    assert.equal(reply.document.ok, 1);
    assert.equal(reply.document.n, 3);
    assert.equal(await target.client.db(dbName).collection('seq').countDocuments(), 3);
  });

  it('when a write is flagged moreToCome, then no reply is sent and the write is applied before the next command', async function () {
    const connection = await connect();
    const unacknowledged = opMsg(
      { insert: 'quiet', documents: [{ n: 1 }], writeConcern: { w: 0 }, $db: dbName },
      { flags: MORE_TO_COME },
    );
    const query = opMsg({ find: 'quiet', filter: {}, $db: dbName });

    connection.send(unacknowledged.message);
    connection.send(query.message);
    const reply = await connection.nextReply();

    assert.equal(
      reply.responseTo,
      query.requestId,
      'the first reply must answer the find, not the moreToCome insert',
    );
    assert.equal((reply.document.cursor.firstBatch as unknown[]).length, 1);
  });

  it('when an OP_QUERY is anything but a handshake on a modern server, then it is refused', async function () {
    const connection = await connect();
    const { message } = opQuery(`${dbName}.c`, { a: 1 });

    connection.send(message);
    const outcome = await Promise.race([
      connection.closed.then(() => 'closed' as const),
      connection.nextReply(),
    ]).catch(() => 'closed' as const);

    if (outcome !== 'closed') {
      assert.equal(outcome.opCode, OP_REPLY);
      assert.ok(
        outcome.document.ok === 0 || typeof outcome.document.$err === 'string',
        `expected an error reply, got ${JSON.stringify(outcome.document)}`,
      );
    }
    assert.deepEqual(await target.client.db('admin').command({ ping: 1 }), { ok: 1 });
  });
});
