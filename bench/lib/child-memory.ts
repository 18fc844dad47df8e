/**
 * Peak memory and CPU time of a bench's server process (the app, a cluster's primary or worker, the
 * floor), measured in that process and asked for over IPC, so the figures are the server's own and
 * never include the clients'. The bench names the current phase (`slot`); every 25 ms the process
 * keeps its peak RSS and heap used for that phase, and the RSS of any process it owns (the
 * engine's); at every change of phase it adds the CPU time used since the last change to the phase
 * that ends, its own and that of the processes it owns (from /proc: counted, not timed, so a busy
 * machine stretches it far less than it stretches latencies).
 */
import fs from 'node:fs';

export interface MemoryPeak {
  rss: number;
  heapUsed: number;
}

/** One process's peaks per phase. */
export interface ProcessPeaks {
  role: string;
  pid: number;
  peaks: Record<string, MemoryPeak>;
  /** CPU time (user + system) used per phase, ms. */
  cpuMs: Record<string, number>;
}

export type MemoryMessage =
  { type: 'slot'; slot: string } | { type: 'peaks' } | { type: 'peaks-reply'; processes: ProcessPeaks[] };

/** The resident set of another process of ours, from /proc (Linux); 0 when it cannot be read. */
export function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ: the unit of /proc/<pid>/stat's times on Linux

/** CPU time (user + system) another process of ours has used, ms; null when it cannot be read. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime is the 14th field.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export class MemorySampler {
  private slot = 'set-up';
  private readonly self: ProcessPeaks;
  private readonly others = new Map<string, ProcessPeaks>();
  private readonly timer: NodeJS.Timeout;

  /** `owned`: other processes to watch (their RSS only), by role. */
  constructor(
    role: string,
    private readonly owned: () => Record<string, number | undefined> = () => ({}),
  ) {
    this.self = { role, pid: process.pid, peaks: {}, cpuMs: {} };
    this.timer = setInterval(() => this.sample(), 25);
    this.timer.unref();
  }

  /** CPU time at the start of the current phase, by pid. */
  private cpuAtSlotStart = new Map<number, number>();

  setSlot(slot: string): void {
    this.sample();
    this.countCpu();
    this.slot = slot;
  }

  /** Adds the CPU time since the phase began to the current phase, for this process and its own. */
  private countCpu(): void {
    const targets: [ProcessPeaks, number | null][] = [[this.self, ownCpuMs()]];
    for (const t of this.others.values()) targets.push([t, cpuMsOf(t.pid)]);
    for (const [target, now] of targets) {
      if (now === null) continue;
      const start = this.cpuAtSlotStart.get(target.pid);
      if (start !== undefined) target.cpuMs[this.slot] = (target.cpuMs[this.slot] ?? 0) + now - start;
      this.cpuAtSlotStart.set(target.pid, now);
    }
  }

  private keep(target: ProcessPeaks, rss: number, heapUsed: number): void {
    const p = target.peaks[this.slot] ?? { rss: 0, heapUsed: 0 };
    target.peaks[this.slot] = { rss: Math.max(p.rss, rss), heapUsed: Math.max(p.heapUsed, heapUsed) };
  }

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.keep(this.self, rss, heapUsed);
    for (const [role, pid] of Object.entries(this.owned())) {
      if (!pid) continue;
      let target = this.others.get(role);
      if (!target || target.pid !== pid)
        this.others.set(role, (target = { role, pid, peaks: {}, cpuMs: {} }));
      this.keep(target, rssOf(pid), 0);
    }
  }

  report(): ProcessPeaks[] {
    this.sample();
    this.countCpu();
    return [this.self, ...this.others.values()];
  }
}

/**
 * Answers the bench's memory messages in a server process with no processes of its own below it
 * (a single app process, the floor). A cluster's primary answers them itself (bench/app-server.ts).
 */
export function answerMemoryMessages(sampler: MemorySampler): void {
  process.on('message', (m: MemoryMessage) => {
    if (m.type === 'slot') sampler.setSlot(m.slot);
    else if (m.type === 'peaks') process.send?.({ type: 'peaks-reply', processes: sampler.report() });
  });
}
