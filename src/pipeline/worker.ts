// Worker thread body: parses and analyses batches of raw messages with the
// same functions the main thread uses when --jobs is 1.
import { parentPort, workerData } from 'node:worker_threads';
import { describeBatchError, loadWorkerRules, processItem } from './work.js';
import type { ItemOutcome, WorkerBatch, WorkerReply, WorkerRules, WorkerRulesMessage } from './work.js';
import type { RuleSet } from '../detectors/rule-set.js';
import { trace } from './trace.js';

trace('worker: modules loaded');

// A worker started before the audit thread read the rules gets null here and
// the rules in its first message.
let rules: RuleSet | null = workerData === null ? null : compile(workerData as WorkerRules);

function compile({ ruleFiles, withModel, sources }: WorkerRules): RuleSet {
  const compiled = loadWorkerRules(ruleFiles, withModel === true, sources);
  trace('worker: rules compiled');
  return compiled;
}

// Batches queue up here while this worker is busy. They are analysed one
// after another, so the oldest is returned first and only one is unpacked at a time.
let previous: Promise<void> = Promise.resolve();

parentPort?.on('message', (message: WorkerBatch | WorkerRulesMessage) => {
  if ('kind' in message) {
    rules = compile(message.rules);
    return;
  }
  const batch = message;
  previous = previous.then(async () => {
    // The buffer goes back with the outcomes and is detached here, so the
    // posting thread packs a later batch into it instead of allocating another.
    if (batch.sequence < 2) trace(`worker: batch ${batch.sequence} start`);
    const reply = await handleBatch(batch);
    trace(`worker: batch ${batch.sequence} done`);
    parentPort?.postMessage({ ...reply, buffer: batch.buffer }, [batch.buffer]);
  });
});

async function handleBatch(batch: WorkerBatch): Promise<WorkerReply> {
  try {
    const compiled = rules;
    if (compiled === null) throw new Error(`worker failed: batch ${batch.sequence} arrived before the rules message`);
    const bytes = Buffer.from(batch.buffer);
    const outcomes: ItemOutcome[] = [];
    for (const item of batch.items) {
      outcomes.push(await processItem(bytes.subarray(item.start, item.end), item.context, compiled, batch.ownerSide));
    }
    return { sequence: batch.sequence, outcomes };
  } catch (error) {
    // A parser bug on one batch must reach the main thread as an error, not hang it.
    return { sequence: batch.sequence, outcomes: [], error: describeBatchError(error) };
  }
}
