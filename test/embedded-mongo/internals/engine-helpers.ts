import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import {
  startEmbeddedMongo,
  type EmbeddedMongo,
  type EmbeddedMongoOptions,
} from '../../../src/embedded-mongo/index.js';

/** A fresh engine on a temp dir with a connected client; `close` stops both, `restart` reopens the dir. */
export class TestEngine {
  private constructor(
    public mongo: EmbeddedMongo,
    public client: MongoClient,
    readonly dir: string,
    private readonly options: Partial<EmbeddedMongoOptions>,
  ) {}

  static async start(options: Partial<EmbeddedMongoOptions> = {}, dir?: string): Promise<TestEngine> {
    const dbPath = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'engine-int-'));
    const mongo = await startEmbeddedMongo({ log: () => undefined, ...options, dbPath });
    const client = await MongoClient.connect(mongo.uri, { serverSelectionTimeoutMS: 5000 });
    return new TestEngine(mongo, client, dbPath, options);
  }

  async restart(options: Partial<EmbeddedMongoOptions> = this.options): Promise<TestEngine> {
    await this.stop();
    return TestEngine.start(options, this.dir);
  }

  private readonly extra: MongoClient[] = [];

  /** Another client on the same engine (closed by stop). */
  async newClient(): Promise<MongoClient> {
    const c = await MongoClient.connect(this.mongo.uri, { serverSelectionTimeoutMS: 5000 });
    this.extra.push(c);
    return c;
  }

  async stop(): Promise<void> {
    for (const c of this.extra.splice(0)) await c.close();
    await this.client.close();
    await this.mongo.stop();
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
