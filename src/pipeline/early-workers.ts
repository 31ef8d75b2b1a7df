// Analysis workers started as the audit thread begins, before it loads its own
// modules and reads the rule files. Most of a worker's start is loading the
// parser and detector modules, which needs no rules, so it loads them while the
// audit thread loads and reads. The rule sources follow in a message (see
// worker.ts). This module imports no parser or detector code, so the audit
// thread can start the workers before it loads that code.
import { statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { packagePath } from '../package-root.js';
import { trace } from './trace.js';

/**
 * Young-generation size of each worker's heap. Per-message garbage dies young,
 * so a small young generation costs few extra scavenges. On the 200 MB
 * benchmark mailbox with two workers, 6 MB lowered peak RSS from 360 MB to
 * about 310 MB at the same CPU time (Node 20, 2-core VM).
 */
export const WORKER_YOUNG_GENERATION_MB = 6;

/**
 * Old-generation limit of each worker's heap. V8 lets a heap with a lower limit
 * grow less past its live size before a full collection. With Node's default
 * (about 4 GB here), a worker's heap of about 35 MB live reached 105 MB on the
 * 4 GB benchmark mailbox. A worker keeps only its rules and two batches, and a
 * text part is read up to about 1.2 MB (MAX_TEXT_PART_BYTES in
 * parsers/mail-body.ts), so 512 MB leaves a wide margin.
 */
export const WORKER_OLD_GENERATION_MB = 512;

/** Below this much input, the default is no workers: starting them costs more than it saves. */
export const MIN_BYTES_FOR_WORKERS = 16 * 1024 * 1024;

export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Workers started ahead of the audit, with what happened to them before a pool took them. */
export interface EarlyWorkers {
  readonly workers: Worker[];
  /** The first error a worker raised, or the exit of one, before a pool took them. */
  failure: Error | null;
  /** Removes the listeners that record `failure`, once a pool listens instead. */
  detach(): void;
}

let started: EarlyWorkers | null = null;

/** The flags that decide how many analysis workers an audit starts. */
export interface JobFlags {
  mbox: readonly string[];
  eml: readonly string[];
  jobs?: string;
}

/**
 * Returns the number of threads an audit with these flags is expected to use,
 * as runAudit decides it. It is a guess: runAudit still decides, after
 * dropping repeated inputs, and ends early workers it does not use.
 */
export function expectedJobs(flags: JobFlags): number {
  if (flags.jobs !== undefined) {
    const jobs = /^[0-9]{1,4}$/.test(flags.jobs) ? Number(flags.jobs) : 1;
    return jobs <= 4 * defaultJobs() ? jobs : 1;
  }
  return jobsForInputs([...flags.mbox, ...flags.eml]);
}

/** Returns the default job count for these input paths: one below MIN_BYTES_FOR_WORKERS of files, else one per core. */
export function jobsForInputs(paths: readonly string[]): number {
  let bytes = 0;
  for (const file of paths) {
    try {
      const stats = statSync(file);
      if (stats.isFile()) bytes += stats.size;
    } catch {
      // runAudit reports the unreadable input.
    }
  }
  return bytes < MIN_BYTES_FOR_WORKERS ? 1 : defaultJobs();
}

/** Starts `count` workers that wait for their rules in a message; startWorkers takes them. */
export function startEarlyWorkers(count: number, workerScript?: string): void {
  if (count < 1 || started !== null) return;
  const script = workerScript ?? packagePath(['dist', 'src', 'pipeline', 'worker.js']);
  trace('audit thread: starting workers');
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB };
  // workerData null: the rules come in the first message.
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: null, resourceLimits }));
  const early: EarlyWorkers = { workers, failure: null, detach: () => {} };
  const onError = (error: Error): void => {
    early.failure ??= error;
  };
  const onExit = (code: number): void => {
    early.failure ??= new Error(`a worker thread stopped (exit code ${code}) before it received its rules; rerun with --jobs 1 to analyse without workers`);
  };
  for (const worker of workers) {
    worker.on('error', onError);
    worker.on('exit', onExit);
  }
  early.detach = () => {
    for (const worker of workers) {
      worker.off('error', onError);
      worker.off('exit', onExit);
    }
  };
  started = early;
}

/** Returns the early workers if there are `count` of them, for a pool to use; ends them otherwise. */
export function takeEarlyWorkers(count: number): EarlyWorkers | null {
  const early = started;
  started = null;
  if (early === null) return null;
  if (early.workers.length === count) return early;
  endWorkers(early);
  return null;
}

/** Ends the early workers no pool took, if any: the audit failed before reading, or needs none. */
export async function endEarlyWorkers(): Promise<void> {
  const early = started;
  started = null;
  if (early !== null) await endWorkers(early);
}

async function endWorkers(early: EarlyWorkers): Promise<void> {
  early.detach();
  // A worker's error after this point concerns no audit, and must not be raised as unhandled.
  for (const worker of early.workers) worker.on('error', () => {});
  await Promise.all(early.workers.map((worker) => worker.terminate()));
}
