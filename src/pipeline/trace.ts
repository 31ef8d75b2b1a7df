// Phase timestamps for studying where an audit's time goes. They are off unless
// the LEAK_TRACE environment variable names a file. Each thread appends lines of
// "epoch-ms thread-id label" to that file, so all threads share one clock. On
// Linux each line ends with " cpu=N" too: the CPU milliseconds of that thread so far.
import { appendFileSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';

const TRACE_FILE = process.env['LEAK_TRACE'];

/** True when LEAK_TRACE is set, so callers can skip work done only for the trace. */
export const isTracing = TRACE_FILE !== undefined && TRACE_FILE !== '';

/** Appends a phase label with the current time, when tracing. */
export function trace(label: string): void {
  if (isTracing) traceAt(label, performance.timeOrigin + performance.now());
}

/** Appends a phase label with a given epoch time in milliseconds, when tracing. */
export function traceAt(label: string, epochMs: number): void {
  if (!isTracing) return;
  const cpu = threadCpuMs();
  appendFileSync(TRACE_FILE as string, `${epochMs.toFixed(1)} ${threadId} ${label}${cpu === null ? '' : ` cpu=${cpu}`}\n`);
}

// NOTE: USER_HZ, the unit of /proc CPU times, is assumed to be 100 ticks per second
// (the usual Linux value). Node has no call for sysconf(_SC_CLK_TCK), so another value would scale cpu= wrongly.
const TICKS_PER_SECOND = 100;

/**
 * Returns the user + system CPU time of the calling thread in milliseconds, read
 * from /proc/thread-self/stat, or null where that file is missing (not Linux).
 */
export function threadCpuMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return null;
  }
  // The command name in parentheses may contain spaces, so fields are counted after its ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? Math.round((ticks * 1000) / TICKS_PER_SECOND) : null;
}

/**
 * Appends the time the process started. A worker thread's performance.timeOrigin
 * is the process's too (Node 20), so this gives no thread's own start.
 */
export function traceProcessStart(label: string): void {
  traceAt(label, performance.timeOrigin);
}
