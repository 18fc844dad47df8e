/**
 * The framing of journal and snapshot records, and the scan that tells a torn tail from corruption.
 *
 * Frame: uint32 LE payload length, uint32 LE crc32 of the payload, BSON payload. A BSON document
 * starts with its own int32 length and ends with a 0x00 byte, so a frame is only taken as one when
 * the two lengths agree, the last byte is 0, the checksum matches and the BSON parses: that makes
 * resynchronising after a damaged record (trying every later offset) both cheap and safe.
 */
import { crc32 } from 'node:zlib';
import { BSON } from 'bson';
import type { Doc } from './values.js';

export const DESERIALIZE_OPTIONS = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
} as const;
export const HEADER = 8;

export function encodeRecord(record: Doc): Buffer {
  const payload = BSON.serialize(record);
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, HEADER);
  return out;
}

/**
 * The frame of `{op: 'put', db, coll, raw}` (raw: a document's BSON as Binary subtype 0), byte for
 * byte what encodeRecord gives, written straight into one buffer: the hottest record (every
 * insert and update) skips the generic serializer and its copy of the document's bytes.
 */
export function encodePutRecord(db: string, coll: string, raw: Uint8Array): Buffer {
  const dbLen = Buffer.byteLength(db, 'utf8');
  const collLen = Buffer.byteLength(coll, 'utf8');
  // int32 size; 'op': 'put'; 'db': string; 'coll': string; 'raw': binary; terminating 0
  const payload = 4 + (1 + 3 + 4 + 4) + (1 + 3 + 4 + dbLen + 1) + (1 + 5 + 4 + collLen + 1);
  const size = payload + (1 + 4 + 4 + 1 + raw.length) + 1;
  const out = Buffer.allocUnsafe(HEADER + size);
  let o = HEADER;
  o = out.writeInt32LE(size, o);
  o = putString(out, o, 'op', 'put', 3);
  o = putString(out, o, 'db', db, dbLen);
  o = putString(out, o, 'coll', coll, collLen);
  out[o++] = 0x05;
  o += out.write('raw\0', o, 'latin1');
  o = out.writeInt32LE(raw.length, o);
  out[o++] = 0; // binary subtype: generic
  out.set(raw, o);
  out[o + raw.length] = 0;
  out.writeUInt32LE(size, 0);
  out.writeUInt32LE(crc32(out.subarray(HEADER)), 4);
  return out;
}

/** A BSON string element (type 0x02) for an ASCII field name; returns the offset after it. */
function putString(out: Buffer, o: number, name: string, value: string, valueLen: number): number {
  out[o++] = 0x02;
  o += out.write(name, o, 'latin1');
  out[o++] = 0;
  o = out.writeInt32LE(valueLen + 1, o);
  o += out.write(value, o, 'utf8');
  out[o++] = 0;
  return o;
}

/** The record framed at `off`, or null when the bytes there are not a whole, intact record. */
function recordAt(buf: Buffer, off: number): { doc: Doc; next: number } | null {
  if (off + HEADER > buf.length) return null;
  const len = buf.readUInt32LE(off);
  if (len < 5 || off + HEADER + len > buf.length) return null;
  const start = off + HEADER;
  if (buf.readInt32LE(start) !== len || buf[start + len - 1] !== 0) return null;
  const payload = buf.subarray(start, start + len);
  if (crc32(payload) !== buf.readUInt32LE(off + 4)) return null;
  try {
    return { doc: BSON.deserialize(payload, DESERIALIZE_OPTIONS), next: start + len };
  } catch {
    return null;
  }
}

/** Decodes consecutive records; stops at the first incomplete or corrupt one. */
export function decodeRecords(buf: Buffer): { records: Doc[]; validLength: number } {
  const records: Doc[] = [];
  let off = 0;
  for (let r = recordAt(buf, off); r; r = recordAt(buf, off)) {
    records.push(r.doc);
    off = r.next;
  }
  return { records, validLength: off };
}

export interface DamagedRange {
  /** Byte offset where the unreadable bytes start. */
  offset: number;
  /** How many bytes up to the next intact record (or the end of the file). */
  length: number;
}

export interface ScanResult {
  /** Every intact record, in file order (those after damage included). */
  records: Doc[];
  /** Bytes of intact records before the first damage (the whole file when undamaged). */
  cleanLength: number;
  /** How many of `records` lie before the first damage. */
  cleanRecords: number;
  /** Unreadable ranges, in order. */
  damaged: DamagedRange[];
  /**
   * Bytes of zeros from the end of the last intact record to the end of the file, when the scan
   * was asked to recognise them (a preallocated journal's unused space, not damage); else 0.
   */
  zeroTail: number;
}

/** True when every byte of `buf` from `off` on is zero. */
function zerosFrom(buf: Buffer, off: number): boolean {
  for (let i = off; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

/**
 * Reads every intact record, resynchronising after each damaged range. With `zeroTail`, zeros
 * running from the end of the last intact record to the end of the buffer are the unused space
 * of a preallocated journal (journal-writer.ts), reported as `zeroTail` and not as damage: a frame never
 * starts with a zero length, so they cannot hide a record. Zeros followed by anything else stay
 * damage (a torn tail when nothing intact follows, corruption when a record does).
 */
export function scanRecords(buf: Buffer, opts: { zeroTail?: boolean } = {}): ScanResult {
  const records: Doc[] = [];
  const damaged: DamagedRange[] = [];
  let cleanLength = -1;
  let cleanRecords = 0;
  let zeroTail = 0;
  let off = 0;
  while (off < buf.length) {
    const r = recordAt(buf, off);
    if (r) {
      records.push(r.doc);
      off = r.next;
      continue;
    }
    if (opts.zeroTail && damaged.length === 0 && zerosFrom(buf, off)) {
      zeroTail = buf.length - off;
      break;
    }
    if (cleanLength < 0) {
      cleanLength = off;
      cleanRecords = records.length;
    }
    let p = off + 1;
    while (p < buf.length && !recordAt(buf, p)) p++;
    damaged.push({ offset: off, length: p - off });
    off = p;
  }
  if (cleanLength < 0) {
    cleanLength = buf.length - zeroTail;
    cleanRecords = records.length;
  }
  return { records, cleanLength, cleanRecords, damaged, zeroTail };
}

/** True when intact records follow the first damaged range: corruption, not a torn tail. */
export function isCorrupt(scan: ScanResult): boolean {
  return scan.records.length > scan.cleanRecords;
}
