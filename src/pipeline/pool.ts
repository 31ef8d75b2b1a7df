// Parses and analyses raw messages on the main thread alone, or on the main
// thread and worker threads. Results come back in input order either way, so
// any job count gives the same report byte for byte.
import { Worker } from 'node:worker_threads';
import { memoryLimitError } from '../errors.js';
import { loadRuleSet, type RuleSet } from '../detectors/rule-set.js';
import { packagePath } from '../package-root.js';
import { releaseRawMail, type RawMailItem } from '../parsers/mail-sources.js';
import type { OwnerSide } from './owners.js';
import { trace } from './trace.js';
import { takeEarlyWorkers, WORKER_OLD_GENERATION_MB, WORKER_YOUNG_GENERATION_MB } from './early-workers.js';
import type { EarlyWorkers } from './early-workers.js';
import { describeBatchError, processItem } from './work.js';
import type { ItemOutcome, WorkerBatch, WorkerReply, WorkerRules, WorkerRulesMessage } from './work.js';

export { describeBatchError, loadWorkerRules, processItem } from './work.js';
export type { ItemOutcome, WorkerBatch, WorkerReply, WorkerRules } from './work.js';
export { defaultJobs, MIN_BYTES_FOR_WORKERS, WORKER_OLD_GENERATION_MB } from './early-workers.js';

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

// Advice on a heap-limit stop. A worker keeps no findings, so only one message can fill it, and the audit thread has room for it.
const WORKER_MEMORY_ADVICE = 'Rerun with --jobs 1, and report the input that caused it';

/** Options of analyzeItems. */
export interface AnalyzeOptions {
  jobs: number;
  /** Compiled rules for this thread; compiled from `ruleFiles` when null. */
  rules: RuleSet | null;
  ruleFiles: string[];
  /** Loads the learned model with the rules, in this thread when `rules` is null and in every worker. */
  withModel?: boolean;
  /** Script each worker runs: the built worker.js unless a test gives its own. */
  workerScript?: string;
  /** Messages per batch at most; tests lower it so that batches alternate between threads. */
  batchMessages?: number;
  /** Returns the senders whose mail skips detection, read once per batch; none when absent. */
  ownerSide?: () => OwnerSide | null;
  /** Workers started by the caller (see startWorkers), used instead of new ones and left running. */
  workers?: Workers | null;
}

/**
 * Yields one outcome per item, in input order. Workers compile their own rules
 * from a copy of this thread's rule sources, or from `ruleFiles` when the rule
 * set has no sources.
 */
export async function* analyzeItems(
  items: AsyncIterable<RawMailItem>,
  options: AnalyzeOptions,
): AsyncGenerator<ItemOutcome> {
  const rules = options.rules ?? loadRuleSet(options.ruleFiles, options.withModel === true);
  const ownerSide = options.ownerSide ?? (() => null);
  if (options.jobs <= 1) {
    for await (const item of items) {
      const outcome = await processItem(item.raw, item.context, rules, ownerSide());
      releaseRawMail(item);
      yield outcome;
    }
    return;
  }
  // Workers the caller started outlive this call. Workers started here end with it.
  const callerWorkers = options.workers ?? null;
  const workers =
    callerWorkers ?? startWorkers(options.jobs, { ruleFiles: options.ruleFiles, sources: rules.sources, withModel: options.withModel === true }, options.workerScript);
  try {
    yield* analyzeOnPool(groupItems(items, options.batchMessages ?? BATCH_MESSAGES), workers.pool, rules, ownerSide);
  } finally {
    if (callerWorkers === null) await workers.close();
  }
}

/** Analysis workers started ahead of the reading, shared by every mailbox of an audit. */
export interface Workers {
  readonly pool: WorkerPool;
  /** Ends the workers without waiting for work in flight, because they keep no state. Later calls return the first promise. */
  close(): Promise<void>;
}

/**
 * Starts `jobs - 1` analysis workers, at least one. Each compiles its rules from `rules`
 * as it starts, so starting them before this thread compiles its own lets the
 * two compile at once instead of one after the other.
 */
export function startWorkers(jobs: number, rules: WorkerRules, workerScript?: string): Workers {
  const script = workerScript ?? packagePath(['dist', 'src', 'pipeline', 'worker.js']);
  const count = Math.max(jobs - 1, 1);
  // Workers the audit thread started as it began (see early-workers.ts) get their rules now.
  const early = takeEarlyWorkers(count);
  if (early === null) trace('audit thread: starting workers');
  else trace('audit thread: rules sent to workers');
  const pool = new WorkerPool(script, count, rules, early);
  let closing: Promise<void> | null = null;
  return {
    pool,
    close: () => {
      trace('audit thread: pool closing');
      closing ??= pool.close().then(() => trace('audit thread: pool closed'));
      return closing;
    },
  };
}

/**
 * A batch in flight: the outcomes this thread found or the error it raised,
 * or the outcomes a worker is to return.
 */
type BatchResult = ItemOutcome[] | Error | Promise<ItemOutcome[]>;

/**
 * Batches read ahead of the oldest one not yet yielded. The batches this
 * thread analyses keep only their outcomes, so reading ahead keeps this
 * thread busy while a worker finishes the oldest batch.
 */
const MAX_BATCHES_AHEAD = 16;

// With N jobs, N - 1 workers run next to this thread. A batch goes to a
// worker while the workers have fewer than BATCHES_PER_WORKER each, and this
// thread analyses it otherwise, so this thread works too and one worker heap
// fewer is needed. Outcomes are yielded in input order whichever thread found them.
// On the 200 MB bench input with --jobs 2, median peak RSS was 0.78 of that of
// two workers next to an idle main thread, at 0.90 of the CPU time. These are
// medians of 3 interleaved runs each, on a 2-core VM shared with other jobs (Node 20).
async function* analyzeOnPool(
  batches: AsyncIterable<RawMailItem[]>,
  pool: WorkerPool,
  rules: RuleSet,
  ownerSide: () => OwnerSide | null,
): AsyncGenerator<ItemOutcome> {
  const results = new Map<number, BatchResult>();
  let nextToYield = 0;
  let sequence = 0;
  for await (const parts of batches) {
    if (sequence === 0) trace('audit thread: first batch read');
    pool.throwIfFailed();
    const side = ownerSide();
    const result = pool.hasRoom() ? pool.post(parts, side) : await analyzeHere(parts, rules, side);
    results.set(sequence, result);
    if (!(result instanceof Promise)) trace(`audit thread: batch ${sequence} analysed here`);
    sequence += 1;
    // A batch that failed here stops the reading. The batches before it are
    // drained first, so the error of the first failed batch in input order is
    // raised, as with one job.
    if (result instanceof Error) break;
    // Drain finished batches in order before reading further, so memory stays bounded.
    while (results.size >= MAX_BATCHES_AHEAD) yield* drainOne(results, nextToYield++);
  }
  trace(`audit thread: last batch read (${sequence} batches)`);
  while (results.size > 0) yield* drainOne(results, nextToYield++);
  trace('audit thread: batches drained');
}

async function* drainOne(results: Map<number, BatchResult>, sequence: number): AsyncGenerator<ItemOutcome> {
  const result = results.get(sequence);
  if (result === undefined) return;
  if (result instanceof Error) throw result;
  if (result instanceof Promise) trace(`audit thread: wait for batch ${sequence}`);
  const outcomes = await result;
  if (result instanceof Promise) trace(`audit thread: got batch ${sequence}`);
  results.delete(sequence);
  yield* outcomes;
}

/**
 * Analyses a batch on this thread. A failure is returned as an error with the
 * message a worker's failure gets, so the message does not depend on which
 * thread analysed the batch.
 */
async function analyzeHere(parts: readonly RawMailItem[], rules: RuleSet, ownerSide: OwnerSide | null): Promise<ItemOutcome[] | Error> {
  try {
    const outcomes: ItemOutcome[] = [];
    for (const item of parts) {
      outcomes.push(await processItem(item.raw, item.context, rules, ownerSide));
      releaseRawMail(item);
    }
    return outcomes;
  } catch (error) {
    return new Error(describeBatchError(error));
  }
}

interface Waiter {
  resolve: (outcomes: ItemOutcome[]) => void;
  reject: (error: Error) => void;
}

/** Worker threads, the batches posted to each, and the first failure of any of them. */
export class WorkerPool {
  private readonly workers: Worker[];
  /** Batches posted to each worker whose outcomes have not come back. A worker queues them itself. */
  private readonly backlog = new Map<Worker, number>();
  private readonly waiters = new Map<number, Waiter>();
  private failure: Error | null = null;
  private isClosing = false;
  /**
   * Id of the next batch posted. Ids keep counting across mailboxes, so when
   * one pool serves them all, each reply still finds its own batch.
   */
  private nextId = 0;
  /** Buffers the workers handed back, for the next batches. */
  readonly buffers = new BatchBuffers(BATCH_BUFFERS_KEPT);

  /** `early`: workers already started, which wait for `workerData` in a message, used instead of new ones. */
  constructor(script: string, count: number, workerData: WorkerRules, early: EarlyWorkers | null = null) {
    const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB };
    this.workers = early?.workers ?? Array.from({ length: count }, () => new Worker(script, { workerData, resourceLimits }));
    if (early !== null) {
      early.detach();
      const message: WorkerRulesMessage = { kind: 'rules', rules: workerData };
      for (const worker of this.workers) worker.postMessage(message);
    }
    for (const worker of this.workers) {
      this.backlog.set(worker, 0);
      worker.on('message', (reply: WorkerReply) => this.receive(worker, reply));
      worker.on('error', (error) => this.fail(memoryLimitError(error, 'analysis worker thread', WORKER_OLD_GENERATION_MB, WORKER_MEMORY_ADVICE)));
      worker.on('exit', (code) => {
        if (this.isClosing) return;
        const detail = 'before it returned its batches; rerun with --jobs 1 to analyse without workers';
        this.fail(new Error(`a worker thread stopped (exit code ${code}) ${detail}`));
      });
    }
    if (early?.failure != null) this.fail(memoryLimitError(early.failure, 'analysis worker thread', WORKER_OLD_GENERATION_MB, WORKER_MEMORY_ADVICE));
  }

  /** Returns true while some worker has fewer than BATCHES_PER_WORKER batches queued. */
  hasRoom(): boolean {
    return this.leastBusy()[1] < BATCHES_PER_WORKER;
  }

  /** Posts a batch to the least busy worker and returns its outcomes to come. */
  post(parts: readonly RawMailItem[], ownerSide: OwnerSide | null): Promise<ItemOutcome[]> {
    this.throwIfFailed();
    const [worker, count] = this.leastBusy();
    const id = this.nextId++;
    const outcomes = new Promise<ItemOutcome[]>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    // A crash rejects every batch in flight while only the oldest is awaited.
    outcomes.catch(() => undefined);
    this.backlog.set(worker, count + 1);
    const batch = packBatch(id, parts, ownerSide, this.buffers);
    // The batch contains its own copy of every message, so their blocks may take later ones.
    for (const part of parts) releaseRawMail(part);
    worker.postMessage(batch, [batch.buffer]);
    return outcomes;
  }

  throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  async close(): Promise<void> {
    this.isClosing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private leastBusy(): [Worker, number] {
    return [...this.backlog].reduce((least, entry) => (entry[1] < least[1] ? entry : least));
  }

  private receive(worker: Worker, reply: WorkerReply): void {
    const waiter = this.waiters.get(reply.sequence);
    this.waiters.delete(reply.sequence);
    this.backlog.set(worker, (this.backlog.get(worker) ?? 1) - 1);
    if (reply.buffer !== undefined) this.buffers.release(reply.buffer);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.outcomes);
  }

  /** Records the first failure and rejects every batch in flight, so no await is left hanging. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.values()) waiter.reject(this.failure);
    this.waiters.clear();
  }
}

/** Groups raw messages into batches of about BATCH_BYTES or `maxMessages`. */
async function* groupItems(items: AsyncIterable<RawMailItem>, maxMessages: number): AsyncGenerator<RawMailItem[]> {
  let parts: RawMailItem[] = [];
  let bytes = 0;
  for await (const item of items) {
    parts.push(item);
    bytes += item.raw.length;
    if (bytes >= BATCH_BYTES || parts.length >= maxMessages) {
      yield parts;
      parts = [];
      bytes = 0;
    }
  }
  if (parts.length > 0) yield parts;
}

/**
 * Batch buffers kept for reuse. A buffer a worker drops lives until a full
 * collection of that worker's heap. On the 200 MB benchmark mailbox with
 * --jobs 2, the worker's external memory climbed to 64 MB between collections,
 * and with reuse it stayed under 4 MB (Node 20).
 */
const BATCH_BUFFERS_KEPT = 4;

/** A returned buffer larger than this is dropped, so one huge message does not pin its batch's memory. */
const MAX_KEPT_BUFFER_BYTES = 4 * BATCH_BYTES;

/** Room a new batch buffer gets, so a later batch a little larger than the first still fits. */
const NEW_BUFFER_BYTES = BATCH_BYTES + BATCH_BYTES / 2;

/** A small stock of batch buffers: taken for a batch, released when the worker hands it back. */
export class BatchBuffers {
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly kept: number) {}

  get size(): number {
    return this.spare.length;
  }

  /** Returns a buffer of at least `bytes`: a kept one that fits, else a new one. */
  take(bytes: number): ArrayBuffer {
    const index = this.spare.findIndex((buffer) => buffer.byteLength >= bytes);
    if (index >= 0) return this.spare.splice(index, 1)[0] as ArrayBuffer;
    return Buffer.allocUnsafeSlow(Math.max(bytes, NEW_BUFFER_BYTES)).buffer as ArrayBuffer;
  }

  /** Keeps a returned buffer for a later batch, unless enough are kept or it is too large. */
  release(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0 || buffer.byteLength > MAX_KEPT_BUFFER_BYTES || this.spare.length >= this.kept) return;
    this.spare.push(buffer);
  }
}

/** Packs raw messages into one transferable buffer, taken from `buffers` when one fits. */
export function packBatch(
  sequence: number,
  parts: readonly RawMailItem[],
  ownerSide: OwnerSide | null,
  buffers: BatchBuffers = new BatchBuffers(0),
): WorkerBatch {
  const bytes = parts.reduce((sum, part) => sum + part.raw.length, 0);
  const buffer = Buffer.from(buffers.take(bytes));
  const packed: WorkerBatch['items'] = [];
  let offset = 0;
  for (const part of parts) {
    part.raw.copy(buffer, offset);
    packed.push({ start: offset, end: offset + part.raw.length, context: part.context });
    offset += part.raw.length;
  }
  return { sequence, ownerSide, buffer: buffer.buffer as ArrayBuffer, items: packed };
}
