/** A MongoDB server error: becomes `{ ok: 0, errmsg, code, codeName }` (or a writeErrors entry). */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export const badValue = (msg: string) => new MongoCommandError(2, 'BadValue', msg);
export const failedToParse = (msg: string) => new MongoCommandError(9, 'FailedToParse', msg);
export const typeMismatch = (msg: string) => new MongoCommandError(14, 'TypeMismatch', msg);
export const illegalOperation = (msg: string) => new MongoCommandError(20, 'IllegalOperation', msg);
export const namespaceNotFound = (msg: string) => new MongoCommandError(26, 'NamespaceNotFound', msg);
export const indexNotFound = (msg: string) => new MongoCommandError(27, 'IndexNotFound', msg);
export const cursorNotFound = (id: number) =>
  new MongoCommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const namespaceExists = (msg: string) => new MongoCommandError(48, 'NamespaceExists', msg);
export const commandNotFound = (name: string) =>
  new MongoCommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const immutableField = (msg: string) => new MongoCommandError(66, 'ImmutableField', msg);
export const invalidOptions = (msg: string) => new MongoCommandError(72, 'InvalidOptions', msg);
export const invalidNamespace = (msg: string) => new MongoCommandError(73, 'InvalidNamespace', msg);
export const indexOptionsConflict = (msg: string) => new MongoCommandError(85, 'IndexOptionsConflict', msg);
export const indexKeySpecsConflict = (msg: string) => new MongoCommandError(86, 'IndexKeySpecsConflict', msg);
export const notSupported = (what: string) =>
  new MongoCommandError(
    115,
    'CommandNotSupported',
    `${what} is not supported by the embedded engine; point MONGODB_URI at a MongoDB server for it`,
  );
export const internalError = (msg: string) => new MongoCommandError(1, 'InternalError', msg);

/** Reads a required string field of a command, as mongod does (TypeMismatch otherwise). */
export function requireString(cmd: Record<string, unknown>, field: string): string {
  const v = cmd[field];
  if (typeof v !== 'string') {
    throw typeMismatch(`BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'string'`);
  }
  return v;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'object') {
    const t = (v as { _bsontype?: string })._bsontype;
    return t ? t.toLowerCase() : 'object';
  }
  return typeof v === 'boolean' ? 'bool' : typeof v;
}
