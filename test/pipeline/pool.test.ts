// analyzeItems with workers: the same outcomes in the same order whatever
// --jobs, and a failed batch or a crashed worker ends the run with an error.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRuleSet } from '../../src/detectors/index.js';
import { readRawMail } from '../../src/parsers/mail-sources.js';
import type { RawMailItem } from '../../src/parsers/mail-sources.js';
import { analyzeItems, BatchBuffers, packBatch, WORKER_OLD_GENERATION_MB } from '../../src/pipeline/pool.js';
import type { AnalyzeOptions, ItemOutcome } from '../../src/pipeline/pool.js';
import type { Problem } from '../../src/types.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';

const ENRON = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
const RULES = loadRuleSet([]);
// Seven messages per batch give the 400 messages about 58 batches, so the
// main thread analyses many of them while the worker has two queued.
const SMALL_BATCHES = 7;

async function readItems(file: string): Promise<RawMailItem[]> {
  const problems: Problem[] = [];
  const items: RawMailItem[] = [];
  for await (const item of readRawMail({ kind: 'mbox', path: file }, problems).items) items.push(item);
  return items;
}

async function* fromArray(items: RawMailItem[]): AsyncGenerator<RawMailItem> {
  yield* items;
}

async function analyzeAll(items: RawMailItem[], options: Partial<AnalyzeOptions>): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  const settings = { jobs: 1, rules: RULES, ruleFiles: [], ...options };
  for await (const outcome of analyzeItems(fromArray(items), settings)) outcomes.push(outcome);
  return outcomes;
}

/** Returns the error analyzeAll raises, or throws when it raises none. */
async function failureOf(items: RawMailItem[], options: Partial<AnalyzeOptions>): Promise<Error> {
  try {
    await analyzeAll(items, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('analyzeAll returned without an error');
}

/** Returns a copy of `item` whose index makes parseMessage throw a TypeError. */
function withBigIntIndex(item: RawMailItem): RawMailItem {
  return { ...item, context: { ...item.context, index: 10n as unknown as number } };
}

/** Returns a copy of `item` without a parse context, which makes parseMessage throw. */
function withoutContext(item: RawMailItem): RawMailItem {
  return { ...item, context: null as unknown as RawMailItem['context'] };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

describe('analyzeItems across jobs', () => {
  test('jobs 1, 2 and 3 give equal outcomes', async () => {
    const items = await readItems(ENRON);
    const single = await analyzeAll(items, { jobs: 1 });
    expect(single).toHaveLength(400);
    expect(await analyzeAll(items, { jobs: 2, batchMessages: SMALL_BATCHES })).toEqual(single);
    expect(await analyzeAll(items, { jobs: 3, batchMessages: SMALL_BATCHES })).toEqual(single);
    expect(await analyzeAll(items, { jobs: 2 })).toEqual(single);
  });

  test('reused blocks match copied messages', async () => {
    // Three copies of the Enron mailbox fill more than two blocks, so the
    // later messages are written into blocks that held earlier ones.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-blocks-'));
    try {
      const file = path.join(folder, 'three.mbox');
      const bytes = readFileSync(ENRON);
      writeFileSync(file, Buffer.concat([bytes, Buffer.from('\n'), bytes, Buffer.from('\n'), bytes]));
      const copies = (await readItems(file)).map((item) => ({ ...item, raw: Buffer.from(item.raw), block: null }));
      expect(copies).toHaveLength(1200);
      const expected = await analyzeAll(copies, { jobs: 1 });
      for (const options of [{ jobs: 1 }, { jobs: 2, batchMessages: SMALL_BATCHES }, { jobs: 2 }]) {
        const outcomes: ItemOutcome[] = [];
        const items = readRawMail({ kind: 'mbox', path: file }, []).items;
        for await (const outcome of analyzeItems(items, { rules: RULES, ruleFiles: [], ...options })) outcomes.push(outcome);
        expect(outcomes, JSON.stringify(options)).toEqual(expected);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('single message batches keep order', async () => {
    const items = (await readItems(path.join(FIXTURES, 'sample', 'inbox.mbox'))).slice(0, 30);
    const single = await analyzeAll(items, { jobs: 1 });
    const double = await analyzeAll(items, { jobs: 2, batchMessages: 1 });
    expect(double.map((outcome) => outcome.analyzed?.summary.id)).toEqual(
      single.map((outcome) => outcome.analyzed?.summary.id),
    );
    expect(double).toEqual(single);
  });
});

describe('analyzeItems failures', () => {
  test('main thread batch error matches worker', async () => {
    const items = (await readItems(ENRON)).slice(0, 3);
    // The worker takes the first two batches before it can return one, so
    // the third is analysed on the main thread.
    const onMain = await failureOf([items[0]!, items[1]!, withBigIntIndex(items[2]!)], { jobs: 2, batchMessages: 1 });
    const onWorker = await failureOf([withBigIntIndex(items[0]!), items[1]!, items[2]!], { jobs: 2, batchMessages: 1 });
    expect(firstLine(onMain.message)).toMatch(/^TypeError: Cannot mix BigInt/);
    expect(firstLine(onMain.message)).toBe(firstLine(onWorker.message));
  });

  test('first failed batch in order wins', async () => {
    const items = (await readItems(ENRON)).slice(0, 3);
    // Batch 1 fails on the worker, batch 2 with another error on the main thread.
    const failing = [items[0]!, withBigIntIndex(items[1]!), withoutContext(items[2]!)];
    const single = await failureOf(failing, { jobs: 1 });
    const double = await failureOf(failing, { jobs: 2, batchMessages: 1 });
    expect(single.message).toMatch(/^Cannot mix BigInt/);
    expect(firstLine(double.message)).toMatch(/^TypeError: Cannot mix BigInt/);
  });

  test('worker exit ends the run', async () => {
    const items = (await readItems(ENRON)).slice(0, 40);
    const workerScript = path.join(FIXTURES, 'pipeline', 'pool', 'exit-worker.mjs');
    const error = await failureOf(items, { jobs: 2, batchMessages: 1, workerScript });
    expect(error.message).toContain('a worker thread stopped (exit code 3)');
    expect(error.message).toContain('--jobs 1');
  });

  test('workers start with the old-generation limit', async () => {
    const items = (await readItems(ENRON)).slice(0, 4);
    const workerScript = path.join(FIXTURES, 'pipeline', 'pool', 'limit-worker.mjs');
    const error = await failureOf(items, { jobs: 2, batchMessages: 1, workerScript });
    const limit = Number(/heap limit (\d+) MB/.exec(error.message)?.[1]);
    // The heap limit adds the young generation and other spaces to the old generation's.
    expect(limit).toBeGreaterThanOrEqual(WORKER_OLD_GENERATION_MB);
    expect(limit).toBeLessThan(WORKER_OLD_GENERATION_MB + 64);
  });

  test('worker error event ends the run', async () => {
    const items = (await readItems(ENRON)).slice(0, 40);
    const workerScript = path.join(FIXTURES, 'pipeline', 'pool', 'throw-worker.mjs');
    const error = await failureOf(items, { jobs: 3, batchMessages: 1, workerScript });
    expect(error.message).toBe('worker broke on its first batch');
  });
});

describe('batch buffers', () => {
  test('reuses a released buffer', () => {
    const buffers = new BatchBuffers(2);
    const first = buffers.take(1000);
    buffers.release(first);
    expect(buffers.size).toBe(1);
    expect(buffers.take(1000)).toBe(first);
    expect(buffers.size).toBe(0);
  });

  test('allocates when no kept buffer fits', () => {
    const buffers = new BatchBuffers(2);
    const small = buffers.take(10);
    buffers.release(small);
    const large = buffers.take(small.byteLength + 1);
    expect(large).not.toBe(small);
    expect(large.byteLength).toBeGreaterThan(small.byteLength);
    expect(buffers.size).toBe(1);
  });

  test('keeps at most its stock size', () => {
    const buffers = new BatchBuffers(1);
    buffers.release(new ArrayBuffer(100));
    buffers.release(new ArrayBuffer(100));
    expect(buffers.size).toBe(1);
  });

  test('drops huge and detached buffers', () => {
    const buffers = new BatchBuffers(4);
    buffers.release(new ArrayBuffer(64 * 1024 * 1024));
    expect(buffers.size).toBe(0);
    buffers.release(new ArrayBuffer(0));
    expect(buffers.size).toBe(0);
  });

  test('packs a batch into a reused buffer', async () => {
    const items = (await readItems(path.join(FIXTURES, 'sample', 'inbox.mbox'))).slice(0, 4);
    const buffers = new BatchBuffers(1);
    const first = packBatch(0, items, null, buffers);
    buffers.release(first.buffer);
    const second = packBatch(1, items.slice(2), null, buffers);
    expect(second.buffer).toBe(first.buffer);
    const bytes = Buffer.from(second.buffer);
    second.items.forEach((item, position) => {
      expect(bytes.subarray(item.start, item.end).equals(items[position + 2]?.raw ?? Buffer.alloc(0))).toBe(true);
    });
  });
});
