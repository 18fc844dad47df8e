/**
 * The dbPath lock (`mongod.lock`): which process owns the directory, and whether it still does.
 *
 * The lock records the owner's pid and, on Linux, its start time (field 22 of /proc/<pid>/stat,
 * clock ticks since boot). A lock is stale — and taken over at once — when that process is gone,
 * is a zombie (killed, its parent not yet reaped: `kill(pid, 0)` still succeeds on it) or is a
 * different process that reused the pid (another start time). So a supervisor's immediate restart
 * after kill -9 works, while a live engine in another process keeps the directory to itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FILE_MODE } from './storage-files.js';

interface LockOwner {
  pid: number;
  /** Start time of the process in clock ticks since boot (Linux), or null where unknown. */
  startTime: number | null;
}

interface ProcState {
  state: string;
  startTime: number;
}

/** State and start time of a process from /proc, null when it does not exist, undefined without /proc. */
export function procState(pid: number): ProcState | null | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return fs.existsSync('/proc/self/stat') ? null : undefined;
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], startTime: Number(fields[19]) };
}

function parseLock(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null }; // older engines wrote the pid only
  try {
    const v = JSON.parse(trimmed) as { pid?: unknown; startTime?: unknown };
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0) {
      return { pid: v.pid, startTime: typeof v.startTime === 'number' ? v.startTime : null };
    }
  } catch {
    /* unreadable: treated as no owner */
  }
  return null;
}

/** Why the owner recorded in a lock no longer holds it, or null when it is alive. */
export function staleReason(owner: LockOwner): string | null {
  if (owner.pid === process.pid) return 'it was left by this process';
  const proc = procState(owner.pid);
  if (proc === null) return `process ${owner.pid} is gone`;
  if (proc === undefined) return isAlive(owner.pid) ? null : `process ${owner.pid} is gone`;
  if (proc.state === 'Z' || proc.state === 'X')
    return `process ${owner.pid} is dead (a zombie not yet reaped)`;
  if (owner.startTime !== null && proc.startTime !== owner.startTime) {
    return `pid ${owner.pid} now belongs to another process (start time differs)`;
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock for this process, or throws naming the live owner. */
export function acquireLock(lockPath: string, dbPath: string, log: (m: string) => void): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    let text: string | null = null;
    try {
      text = fs.readFileSync(lockPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== null) {
      const owner = parseLock(text);
      const why = owner ? staleReason(owner) : 'it names no process';
      if (owner && why === null) {
        throw new Error(
          `dbPath ${dbPath} is in use by process ${owner.pid} (remove ${lockPath} if it is not)`,
        );
      }
      if (owner?.pid !== process.pid) log(`embedded-mongo: taking over the stale lock ${lockPath}: ${why}`);
      fs.rmSync(lockPath, { force: true });
    }
    try {
      // 'wx': of two engines racing for a stale lock, exactly one creates the new one.
      const fd = fs.openSync(lockPath, 'wx', FILE_MODE);
      try {
        fs.fchmodSync(fd, FILE_MODE);
        fs.writeSync(
          fd,
          JSON.stringify({ pid: process.pid, startTime: procState(process.pid)?.startTime ?? null }),
        );
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`dbPath ${dbPath} is in use by another process (${lockPath} was just taken)`);
}

export function releaseLock(lockPath: string): void {
  try {
    fs.rmSync(lockPath, { force: true });
  } catch {
    /* the directory may be gone already */
  }
}

/** The dbPaths an engine of this process holds: a second engine on one is refused at once, by name. */
const openPaths = new Set<string>();

/** Locks `dbPath` for an engine of this process (its mongod.lock), or throws naming who holds it. */
export function lockEngineDir(dbPath: string, log: (m: string) => void): void {
  if (openPaths.has(dbPath)) throw new Error(`dbPath ${dbPath} is already open in this process`);
  acquireLock(path.join(dbPath, 'mongod.lock'), dbPath, log);
  openPaths.add(dbPath);
}

export function unlockEngineDir(dbPath: string): void {
  openPaths.delete(dbPath);
  releaseLock(path.join(dbPath, 'mongod.lock'));
}
