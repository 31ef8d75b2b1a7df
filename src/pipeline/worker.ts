// Worker thread body: parses and analyses batches of raw messages with the
// same functions the main thread uses when --jobs is 1.
import { parentPort, workerData } from 'node:worker_threads';
import { loadWorkerRules, processItem } from './pool.js';
import type { ItemOutcome, WorkerBatch, WorkerReply } from './pool.js';

const rules = loadWorkerRules((workerData as { ruleFiles: string[] }).ruleFiles);

parentPort?.on('message', (batch: WorkerBatch) => {
  void handleBatch(batch).then((reply) => parentPort?.postMessage(reply));
});

async function handleBatch(batch: WorkerBatch): Promise<WorkerReply> {
  try {
    const bytes = Buffer.from(batch.buffer);
    const outcomes: ItemOutcome[] = [];
    for (const item of batch.items) {
      outcomes.push(await processItem(bytes.subarray(item.start, item.end), item.context, rules));
    }
    return { sequence: batch.sequence, outcomes };
  } catch (error) {
    // A parser bug on one batch must reach the main thread as an error, not hang it.
    return { sequence: batch.sequence, outcomes: [], error: (error as Error).stack ?? String(error) };
  }
}
