/**
 * Timing helpers for the benchmarks. Per-operation latencies use process.hrtime.bigint()
 * (nanosecond clock, no float drift over long runs); phase wall times use performance.now().
 */
import { performance } from 'node:perf_hooks';

export interface LatencyStats {
  /** Operations measured (warm-up excluded). */
  ops: number;
  /** Wall time of the measured phase, ms. */
  elapsedMs: number;
  opsPerSec: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

export interface TimedLoopOptions {
  /** Unmeasured operations run first (JIT, connection, caches). */
  warmupOps: number;
  /** Stop once both minOps operations ran and maxMs elapsed ... */
  minOps: number;
  /** ... or, whichever comes first, once maxOps operations ran. */
  maxOps: number;
  maxMs: number;
}

/**
 * Runs `op(i)` sequentially (each awaited) and records each latency. The loop is bounded
 * by time so a slow engine still finishes, and by count so a fast one does not run long.
 */
export async function timedLoop(
  op: (i: number) => Promise<unknown>,
  { warmupOps, minOps, maxOps, maxMs }: TimedLoopOptions,
): Promise<LatencyStats> {
  for (let i = 0; i < warmupOps; i++) await op(i);
  const latNs = new Float64Array(maxOps);
  let n = 0;
  const start = performance.now();
  const deadline = start + maxMs;
  while (n < maxOps && (n < minOps || performance.now() < deadline)) {
    const t0 = process.hrtime.bigint();
    await op(warmupOps + n);
    latNs[n] = Number(process.hrtime.bigint() - t0);
    n++;
  }
  const elapsedMs = performance.now() - start;
  return latencyStats(latNs.subarray(0, n), elapsedMs);
}

export function latencyStats(latNs: Float64Array, elapsedMs: number): LatencyStats {
  const sorted = Float64Array.from(latNs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const ops = sorted.length;
  return {
    ops,
    elapsedMs,
    opsPerSec: ops / (elapsedMs / 1000),
    meanUs: ops ? sum / ops / 1000 : NaN,
    p50Us: quantile(sorted, 0.5) / 1000,
    p99Us: quantile(sorted, 0.99) / 1000,
  };
}

/** Quantile of an ascending array (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Peak resident set size. The engine runs in this process, so RSS covers engine, driver
 * and benchmark data together. A timer samples between awaits; `sample()` is also called
 * after synchronous work (the in-memory mingo run) that the timer cannot interrupt.
 */
export class RssSampler {
  peak = process.memoryUsage.rss();
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }
}
