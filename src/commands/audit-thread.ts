// Runs `leak audit` in a worker thread with a small young generation. The
// main thread only parses the flags, relays progress and writes the text the
// audit thread sends to stdout and stderr. Reading, detection and the rendering
// of every output happen in the worker, so no report is copied between threads.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LeakError, memoryLimitError } from '../errors.js';
import type { LeakErrorCode } from '../errors.js';
import { packagePath } from '../package-root.js';
import { makeSpillFolder, removeStaleSpillFolders } from '../pipeline/spill.js';
import type { AuditProgress } from '../audit.js';
import type { AuditFlags } from './audit.js';
import type { Io } from './io.js';
import { createProgress } from './progress.js';
import { trace, traceProcessStart } from '../pipeline/trace.js';
import type { Progress } from './progress.js';

/**
 * Young-generation size of the audit thread's heap, in MB. On the 400 MB
 * benchmark mailbox (Node 20, shared 2-core VM), the audit on the main thread
 * with its default young generation peaked at 211 MB RSS with --jobs 1 and
 * 269-343 MB with --jobs 2. With 12 MB it peaked at 144 MB and 228-263 MB, at
 * the same CPU time. 4, 8 and 16 MB did no better within the noise.
 */
export const AUDIT_YOUNG_GENERATION_MB = 12;

/**
 * Old-generation limit of the audit thread's heap. As for workers (see
 * WORKER_OLD_GENERATION_MB in pipeline/early-workers.ts), a lower limit makes V8 collect
 * before the heap grows far past its live size. This thread keeps what the
 * audit found, which grows with the mailboxes read, so its limit stays high.
 * On the 4 GB benchmark mailbox, 2000 MB gave a peak RSS of 263 MB and 1024 MB
 * gave 250 MB (one run each, with 512 MB for the worker).
 * NOTE: an audit whose findings outgrow this limit fails with an out-of-memory
 * error. Its heap in use reached about 85 MB at the end of the 4 GB run.
 */
export const AUDIT_OLD_GENERATION_MB = 2000;

// Advice on a heap-limit stop: the audit thread's findings grow with the messages read.
const AUDIT_MEMORY_ADVICE = 'Audit the mailboxes in smaller groups (fewer --mbox or --eml inputs per run)';

/** Characters of stdout the audit thread may send before the main thread has written them. */
const STDOUT_WINDOW_CHARS = 1024 * 1024;

/** Data the main thread passes to the audit thread. */
export interface AuditThreadData {
  flags: AuditFlags;
  color: boolean;
  width?: number;
  /** Folder that contains the spill folders, removed by the main thread. */
  spillParent: string;
  /** Characters of stdout written by the main thread, at index 0, for flow control. */
  written: SharedArrayBuffer;
  windowChars: number;
}

/** Messages from the audit thread, in the order its writes happened. */
export type AuditThreadMessage =
  | { kind: 'stdout'; text: string }
  | { kind: 'stderr'; text: string }
  | { kind: 'progress-start' }
  | { kind: 'progress'; progress: AuditProgress }
  | { kind: 'progress-done' }
  | { kind: 'exit'; code: number }
  | { kind: 'leak-error'; code: LeakErrorCode; message: string }
  | { kind: 'crash'; stack: string };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs `leak audit` on a worker thread and returns its exit code. Its errors are thrown here as if raised here. */
export async function auditInThread(flags: AuditFlags, io: Io, script?: string): Promise<number> {
  traceProcessStart('process start');
  trace('main: modules loaded');
  process.on('exit', () => trace('main: exit'));
  // Folders of leak runs killed before they could remove them (SIGKILL, a crash).
  const stale = removeStaleSpillFolders();
  if (stale > 0) {
    io.stderr(`leak: removed ${stale === 1 ? 'a spill folder' : `${stale} spill folders`} left in ${os.tmpdir()} by ended leak runs.\n`);
  }
  const spillParent = makeSpillFolder();
  const removeSpills = (): void => rmSync(spillParent, { recursive: true, force: true });
  // Ctrl-C reaches the main thread only: it removes the audit thread's spill
  // files, then lets the signal end the process as it would have.
  const onSignal = (signal: NodeJS.Signals): void => {
    removeSpills();
    stopListening();
    process.kill(process.pid, signal);
  };
  const stopListening = (): void => {
    process.removeListener('exit', removeSpills);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  process.on('exit', removeSpills);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await runThread(flags, io, spillParent, script);
  } finally {
    stopListening();
    removeSpills();
  }
}

function runThread(flags: AuditFlags, io: Io, spillParent: string, script?: string): Promise<number> {
  const written = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
  const writtenChars = new BigInt64Array(written);
  const workerData: AuditThreadData = {
    flags,
    color: io.color,
    width: io.width,
    spillParent,
    written,
    windowChars: STDOUT_WINDOW_CHARS,
  };
  const worker = new Worker(script ?? packagePath(['dist', 'src', 'commands', 'audit-worker.js']), {
    workerData,
    resourceLimits: { maxYoungGenerationSizeMb: AUDIT_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: AUDIT_OLD_GENERATION_MB },
    // The audit thread writes through the main thread's io, never to its own process.stdout.
    stdout: false,
    stderr: false,
  });
  return new Promise<number>((resolve, reject) => {
    let progress: Progress | null = null;
    let outcome: { code: number } | { error: Error } | null = null;
    worker.on('message', (message: AuditThreadMessage) => {
      switch (message.kind) {
        case 'stdout':
          io.stdout(message.text);
          Atomics.add(writtenChars, 0, BigInt(message.text.length));
          Atomics.notify(writtenChars, 0);
          break;
        case 'stderr':
          io.stderr(message.text);
          break;
        case 'progress-start':
          progress = createProgress(io, { enabled: true });
          break;
        case 'progress':
          progress?.update(message.progress);
          break;
        case 'progress-done':
          progress?.done();
          break;
        case 'exit':
          trace('main: exit code received');
          outcome = { code: message.code };
          break;
        case 'leak-error':
          outcome = { error: new LeakError(message.code, message.message) };
          break;
        case 'crash':
          outcome = { error: threadError(message.stack) };
          break;
      }
    });
    worker.on('error', (error) => {
      outcome ??= { error: memoryLimitError(error, 'audit thread', AUDIT_OLD_GENERATION_MB, AUDIT_MEMORY_ADVICE) };
    });
    worker.on('exit', (code) => {
      trace('main: audit thread ended');
      if (outcome === null) reject(new Error(`audit thread exited with code ${code} before sending a result`));
      else if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.code);
    });
  });
}

/** Returns an error whose stack is the audit thread's, for the internal-error report of bin/leak.js. */
function threadError(stack: string): Error {
  const error = new Error(stack.split('\n')[0] ?? 'audit thread failed');
  error.stack = stack;
  return error;
}
