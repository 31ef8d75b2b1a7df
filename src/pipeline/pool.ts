// Parses and analyses raw messages, inline or on worker threads. Results come
// back in input order either way, so one worker and N workers give the same
// report byte for byte.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadRuleSet } from '../detectors/index.js';
import type { RuleSet } from '../detectors/index.js';
import { packagePath } from '../package-root.js';
import { parseMessage } from '../parsers/message.js';
import type { ParseContext } from '../parsers/message.js';
import type { RawMailItem } from '../parsers/mail-sources.js';
import type { Problem } from '../types.js';
import { analyzeMessage } from './analyze.js';
import type { AnalyzedMessage } from './analyze.js';

/** Outcome of one raw message: its analysis, or null when the parse skipped it. */
export interface ItemOutcome {
  analyzed: AnalyzedMessage | null;
  problems: Problem[];
}

/**
 * Bytes of raw mail sent to a worker at once: large enough to amortise the
 * message passing, small enough that the batches in flight stay a few MB. On
 * the 250 MB benchmark mailbox with two workers, 1 MB instead of 4 MB lowered
 * peak RSS by about 18 MB (Node 20, 2-core VM).
 */
const BATCH_BYTES = 1024 * 1024;

/** Messages sent to a worker at once, for mailboxes of many tiny messages. */
const BATCH_MESSAGES = 512;

/** Batches in flight per worker: keeps every worker busy while memory stays bounded. */
const BATCHES_PER_WORKER = 2;

/**
 * Young-generation size of each worker's heap. Per-message garbage dies young,
 * so a small young generation costs few extra scavenges. On the 200 MB
 * benchmark mailbox with two workers, 6 MB lowered peak RSS from 360 MB to
 * about 310 MB at the same CPU time (Node 20, 2-core VM).
 */
const WORKER_YOUNG_GENERATION_MB = 6;

/** Below this much input, the default is no workers: starting them costs more than it saves. */
export const MIN_BYTES_FOR_WORKERS = 16 * 1024 * 1024;

export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface WorkerBatch {
  sequence: number;
  buffer: ArrayBuffer;
  items: { start: number; end: number; context: ParseContext }[];
}

export interface WorkerReply {
  sequence: number;
  outcomes: ItemOutcome[];
  error?: string;
}

/** Parses and analyses one raw message: the work a worker does for each item. */
export async function processItem(raw: Buffer, context: ParseContext, rules: RuleSet): Promise<ItemOutcome> {
  const problems: Problem[] = [];
  const message = await parseMessage(raw, context, problems);
  return { analyzed: message === null ? null : analyzeMessage(message, rules), problems };
}

/**
 * Yields one outcome per item, in input order. `rules` is needed only with
 * one job: workers compile their own from `ruleFiles`.
 */
export async function* analyzeItems(
  items: AsyncIterable<RawMailItem>,
  options: { jobs: number; rules: RuleSet | null; ruleFiles: string[] },
): AsyncGenerator<ItemOutcome> {
  if (options.jobs <= 1) {
    const rules = options.rules ?? loadRuleSet(options.ruleFiles);
    for await (const item of items) yield await processItem(item.raw, item.context, rules);
    return;
  }
  yield* analyzeOnWorkers(items, options.jobs, options.ruleFiles);
}

async function* analyzeOnWorkers(
  items: AsyncIterable<RawMailItem>,
  jobs: number,
  ruleFiles: string[],
): AsyncGenerator<ItemOutcome> {
  const script = packagePath(['dist', 'src', 'pipeline', 'worker.js']);
  const workers = Array.from(
    { length: jobs },
    () => new Worker(script, { workerData: { ruleFiles }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }),
  );
  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  const results = new Map<number, Promise<WorkerReply>>();
  const idle: Worker[] = [...workers];
  let failure: Error | null = null;

  for (const worker of workers) {
    worker.on('message', (reply: WorkerReply) => {
      const waiter = pending.get(reply.sequence);
      pending.delete(reply.sequence);
      idle.push(worker);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  }

  const queue: WorkerBatch[] = [];
  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.shift() as Worker;
      const batch = queue.shift() as WorkerBatch;
      worker.postMessage(batch, [batch.buffer]);
    }
  };
  const submit = (batch: WorkerBatch): void => {
    results.set(
      batch.sequence,
      new Promise<WorkerReply>((resolve, reject) => pending.set(batch.sequence, { resolve, reject })),
    );
    queue.push(batch);
    dispatch();
  };

  let nextToYield = 0;
  let sequence = 0;
  const maxInFlight = jobs * BATCHES_PER_WORKER;
  try {
    for await (const batch of batchItems(items, () => sequence++)) {
      if (failure !== null) throw failure;
      submit(batch);
      // Drain finished batches in order before reading further, so memory stays bounded.
      while (results.size >= maxInFlight) {
        yield* drainOne(results, nextToYield++, dispatch);
      }
    }
    while (results.size > 0) yield* drainOne(results, nextToYield++, dispatch);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function* drainOne(
  results: Map<number, Promise<WorkerReply>>,
  sequence: number,
  dispatch: () => void,
): AsyncGenerator<ItemOutcome> {
  const promise = results.get(sequence);
  if (promise === undefined) return;
  const reply = await promise;
  results.delete(sequence);
  dispatch();
  yield* reply.outcomes;
}

/** Packs raw messages into one transferable buffer per batch. */
async function* batchItems(
  items: AsyncIterable<RawMailItem>,
  nextSequence: () => number,
): AsyncGenerator<WorkerBatch> {
  let parts: RawMailItem[] = [];
  let bytes = 0;
  const pack = (): WorkerBatch => {
    const buffer = Buffer.allocUnsafeSlow(bytes);
    const packed: WorkerBatch['items'] = [];
    let offset = 0;
    for (const part of parts) {
      part.raw.copy(buffer, offset);
      packed.push({ start: offset, end: offset + part.raw.length, context: part.context });
      offset += part.raw.length;
    }
    parts = [];
    bytes = 0;
    return { sequence: nextSequence(), buffer: buffer.buffer as ArrayBuffer, items: packed };
  };
  for await (const item of items) {
    parts.push(item);
    bytes += item.raw.length;
    if (bytes >= BATCH_BYTES || parts.length >= BATCH_MESSAGES) yield pack();
  }
  if (parts.length > 0) yield pack();
}

/** Loads the rule set inside a worker the same way the main thread does. */
export function loadWorkerRules(ruleFiles: string[]): RuleSet {
  return loadRuleSet(ruleFiles);
}
