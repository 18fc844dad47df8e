import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { makeTempDir, removeDir, runsAgainstExternalMongo, startEngine } from '../helpers/mongo-target.js';
import { RawConnection } from './fixtures/wire.js';

/** Engine-only: the public startEmbeddedMongo API. */
describe('engine: public API', function () {
  this.timeout(30_000);
  let dbPath: string;
  let engine: EmbeddedMongo | undefined;
  const sockets: RawConnection[] = [];

  beforeEach(async function () {
    if (runsAgainstExternalMongo) this.skip();
    dbPath = await makeTempDir();
  });

  afterEach(async function () {
    for (const socket of sockets.splice(0)) socket.destroy();
    await engine?.stop().catch(() => undefined);
    engine = undefined;
    if (dbPath) await removeDir(dbPath);
  });

  it('when started with port 0, then uri, host, port and dbPath describe the running server', async function () {
    engine = await startEngine({ dbPath, port: 0 });

    assert.equal(engine.host, '127.0.0.1');
    assert.ok(engine.port > 0);
    assert.equal(engine.uri, `mongodb://127.0.0.1:${engine.port}`);
    assert.equal(engine.dbPath, dbPath);
    const client = new MongoClient(`${engine.uri}/app`);
    try {
      await client.db().collection('docs').insertOne({ a: 1 });
      assert.equal(await client.db('app').collection('docs').countDocuments(), 1);
    } finally {
      await client.close();
    }
  });

  it('when maxConnections is reached, then an extra connection is closed and the others keep working', async function () {
    engine = await startEngine({ dbPath, port: 0, maxConnections: 2 });
    const first = await RawConnection.open(engine.host, engine.port);
    const second = await RawConnection.open(engine.host, engine.port);
    sockets.push(first, second);
    assert.equal((await first.command({ ping: 1, $db: 'admin' })).ok, 1);
    assert.equal((await second.command({ ping: 1, $db: 'admin' })).ok, 1);

    const third = await RawConnection.open(engine.host, engine.port);
    sockets.push(third);
    await third.closed;

    assert.equal((await first.command({ ping: 1, $db: 'admin' })).ok, 1);
  });

  it('when a second engine is started on a dbPath already in use, then it is refused', async function () {
    engine = await startEngine({ dbPath, port: 0 });

    await assert.rejects(async () => {
      const second = await startEngine({ dbPath, port: 0 });
      await second.stop();
    });
  });
});
