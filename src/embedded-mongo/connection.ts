/**
 * One client connection: cuts the byte stream into wire-protocol messages and handles them one
 * after another, in the order they arrived (a connection's replies must follow its requests).
 */
import type net from 'node:net';
import { MAX_MESSAGE_SIZE } from './wire.js';

/**
 * Reads messages from `socket` and passes each to `handle` once the previous one is handled. A
 * length outside the protocol's bounds, or a failed handler, closes the connection (`fail`).
 */
export function serveMessages(
  socket: net.Socket,
  handle: (message: Buffer) => Promise<void>,
  fail: (why: string) => void,
): void {
  let chunks: Buffer[] = [];
  let buffered = 0;
  let queue: Promise<void> = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= 4) {
      const first = chunks[0].length >= 4 ? chunks[0] : Buffer.concat(chunks);
      const len = first.readInt32LE(0);
      if (len < 16 || len > MAX_MESSAGE_SIZE) {
        fail(`message length ${len} is invalid (min 16, max ${MAX_MESSAGE_SIZE})`);
        chunks = [];
        buffered = 0;
        return;
      }
      if (buffered < len) break;
      const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
      const message = all.subarray(0, len);
      chunks = buffered > len ? [all.subarray(len)] : [];
      buffered -= len;
      queue = queue.then(() => handle(message)).catch((e) => fail(String(e)));
    }
  });
}
