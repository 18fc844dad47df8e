/**
 * MongoDB wire protocol framing: the legacy OP_QUERY handshake (answered with OP_REPLY) and
 * OP_MSG for everything else. https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */
import { BSON } from 'bson';
import { crc32c } from './crc32c.js';
import { DESERIALIZE_OPTIONS } from './records.js';
import type { Doc } from './values.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;
export const MAX_MESSAGE_SIZE = 48_000_000;

const CHECKSUM_PRESENT = 1 << 0;
export const MORE_TO_COME = 1 << 1;
const EXHAUST_ALLOWED = 1 << 16;

export class ProtocolError extends Error {}

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface ParsedMessage {
  header: Header;
  /** The command: the body document with document sequences merged in as arrays. */
  command: Doc;
  /** Byte size of each document that came in a document sequence, by field name. */
  sequenceSizes: Record<string, number[]>;
  /**
   * The exact BSON of each document that came in a document sequence, by field name, and of an
   * insert's `documents` array when it came in the body (views into the message): an insert
   * journals these bytes instead of serializing the documents again.
   */
  sequenceBytes: Record<string, Buffer[]>;
  flags: number;
  legacy: boolean;
}

export function readHeader(buf: Buffer): Header {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

function readCString(buf: Buffer, off: number): [string, number] {
  const end = buf.indexOf(0, off);
  if (end < 0) throw new ProtocolError('unterminated C string');
  return [buf.toString('utf8', off, end), end + 1];
}

function readDocument(buf: Buffer, off: number, limit: number): [Doc, number] {
  if (off + 5 > limit) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(off);
  if (size < 5 || off + size > limit) throw new ProtocolError(`invalid BSON document size ${size}`);
  try {
    return [BSON.deserialize(buf.subarray(off, off + size), DESERIALIZE_OPTIONS), off + size];
  } catch (e) {
    throw new ProtocolError(`invalid BSON: ${(e as Error).message}`);
  }
}

/** Parses one complete message (header included). Throws ProtocolError on malformed input. */
export function parseMessage(buf: Buffer): ParsedMessage {
  const header = readHeader(buf);
  if (header.opCode === OP_QUERY) {
    const [collection, afterName] = readCString(buf, 16 + 4); // after flags
    const [query] = readDocument(buf, afterName + 8, buf.length); // after numberToSkip, numberToReturn
    // Legacy commands may wrap the command as {$query: {...}, $readPreference: ...}.
    const command = isCommandWrapper(query) ? { ...query.$query } : query;
    command.$db = collection.split('.')[0];
    return { header, command, sequenceSizes: {}, sequenceBytes: {}, flags: 0, legacy: true };
  }
  if (header.opCode !== OP_MSG) {
    throw new ProtocolError(
      header.opCode === OP_COMPRESSED
        ? 'compressed messages are not supported'
        : `unsupported opCode ${header.opCode}`,
    );
  }
  if (buf.length < 21) throw new ProtocolError('OP_MSG too short');
  const flags = buf.readUInt32LE(16);
  let end = buf.length;
  if (flags & CHECKSUM_PRESENT) {
    end -= 4;
    if (crc32c(buf.subarray(0, end)) !== buf.readUInt32LE(end))
      throw new ProtocolError('OP_MSG checksum mismatch');
  }
  if (flags & ~(CHECKSUM_PRESENT | MORE_TO_COME | EXHAUST_ALLOWED) & 0xffff) {
    throw new ProtocolError(`unknown required OP_MSG flag bits ${flags}`);
  }
  let off = 20;
  let body: Doc | undefined;
  let bodyAt = -1;
  const sequences: Record<string, Doc[]> = {};
  const sequenceSizes: Record<string, number[]> = {};
  const sequenceBytes: Record<string, Buffer[]> = {};
  while (off < end) {
    const kind = buf[off++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      bodyAt = off;
      [body, off] = readDocument(buf, off, end);
    } else if (kind === 1) {
      if (off + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = buf.readInt32LE(off);
      const seqEnd = off + size;
      if (size < 5 || seqEnd > end) throw new ProtocolError('invalid document sequence size');
      let id: string;
      [id, off] = readCString(buf, off + 4);
      const docs: Doc[] = [];
      const sizes: number[] = [];
      const bytes: Buffer[] = [];
      while (off < seqEnd) {
        const start = off;
        let d: Doc;
        [d, off] = readDocument(buf, off, seqEnd);
        docs.push(d);
        sizes.push(off - start);
        bytes.push(buf.subarray(start, off));
      }
      sequences[id] = docs;
      sequenceSizes[id] = sizes;
      sequenceBytes[id] = bytes;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG has no body section');
  for (const [id, docs] of Object.entries(sequences)) {
    if (id in body) throw new ProtocolError(`duplicate field ${id} in body and document sequence`);
    body[id] = docs;
  }
  // insertOne sends its document inside the body (insertMany in a sequence): find its bytes too.
  if (Array.isArray(body.documents) && !sequenceBytes.documents) {
    const bytes = arrayElementBytes(buf, bodyAt, 'documents');
    if (bytes && bytes.length === body.documents.length) sequenceBytes.documents = bytes;
  }
  return { header, command: body, sequenceSizes, sequenceBytes, flags, legacy: false };
}

/** Byte sizes of the BSON values a walker may step over (fixed, or an int32 length prefix). */
const FIXED_SIZE: Record<number, number> = {
  0x01: 8,
  0x07: 12,
  0x08: 1,
  0x09: 8,
  0x0a: 0,
  0x10: 4,
  0x11: 8,
  0x12: 8,
  0x13: 16,
};

/**
 * The bytes of each embedded document of the top-level array `field` of the (already parsed, so
 * well-formed) document at `at`, or undefined when an element is not a document or the walk
 * meets a type it does not step over (the caller then serializes the documents itself).
 */
function arrayElementBytes(buf: Buffer, at: number, field: string): Buffer[] | undefined {
  const end = at + buf.readInt32LE(at) - 1;
  let off = at + 4;
  while (off < end) {
    const type = buf[off];
    const nameEnd = buf.indexOf(0, off + 1);
    const name = buf.toString('utf8', off + 1, nameEnd);
    off = nameEnd + 1;
    if (name === field) {
      if (type !== 0x04) return undefined;
      const arrEnd = off + buf.readInt32LE(off) - 1;
      const out: Buffer[] = [];
      for (let p = off + 4; p < arrEnd;) {
        if (buf[p] !== 0x03) return undefined;
        p = buf.indexOf(0, p + 1) + 1; // the element's name: "0", "1", ...
        const size = buf.readInt32LE(p);
        out.push(buf.subarray(p, p + size));
        p += size;
      }
      return out;
    }
    const fixed = FIXED_SIZE[type];
    if (fixed !== undefined) off += fixed;
    else if (type === 0x02 || type === 0x0d || type === 0x0e) off += 4 + buf.readInt32LE(off);
    else if (type === 0x03 || type === 0x04) off += buf.readInt32LE(off);
    else if (type === 0x05) off += 5 + buf.readInt32LE(off);
    else return undefined;
  }
  return undefined;
}

function isCommandWrapper(q: Doc): q is Doc & { $query: Doc } {
  return q.$query !== null && typeof q.$query === 'object' && !Array.isArray(q.$query);
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** Serializes `doc` straight into a message buffer of the exact size, after `prefix` bytes. */
function frame(doc: Doc, prefix: number): { out: Buffer; bodyLength: number } {
  const size = BSON.calculateObjectSize(doc);
  const out = Buffer.allocUnsafe(prefix + size);
  BSON.serializeWithBufferAndIndex(doc, out, { index: prefix });
  return { out, bodyLength: size };
}

export function encodeMsgReply(responseTo: number, doc: Doc): Buffer {
  const { out } = frame(doc, 21);
  header(out.length, responseTo, OP_MSG).copy(out, 0);
  out.writeUInt32LE(0, 16);
  out[20] = 0;
  return out;
}

export function encodeOpReply(responseTo: number, doc: Doc): Buffer {
  const { out } = frame(doc, 36);
  header(out.length, responseTo, OP_REPLY).copy(out, 0);
  out.writeInt32LE(8, 16); // responseFlags: AwaitCapable
  out.writeBigInt64LE(0n, 20); // cursorID
  out.writeInt32LE(0, 28); // startingFrom
  out.writeInt32LE(1, 32); // numberReturned
  return out;
}
