// Phase timestamps for studying where an audit's time goes. They are off unless
// the LEAK_TRACE environment variable names a file. Each thread appends lines of
// "epoch-ms thread-id label" to that file, so all threads share one clock.
import { appendFileSync } from 'node:fs';
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
  appendFileSync(TRACE_FILE as string, `${epochMs.toFixed(1)} ${threadId} ${label}\n`);
}

/**
 * Appends the time the process started. A worker thread's performance.timeOrigin
 * is the process's too (Node 20), so this gives no thread's own start.
 */
export function traceProcessStart(label: string): void {
  traceAt(label, performance.timeOrigin);
}
