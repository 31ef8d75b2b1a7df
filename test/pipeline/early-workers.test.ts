// Workers started before the rules are read get the rules in a message and
// analyse as workers started with them do. Workers no pool takes are ended.
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { readRawMail } from '../../src/parsers/mail-sources.js';
import type { RawMailItem } from '../../src/parsers/mail-sources.js';
import { endEarlyWorkers, expectedJobs, MIN_BYTES_FOR_WORKERS, startEarlyWorkers, takeEarlyWorkers } from '../../src/pipeline/early-workers.js';
import { analyzeItems, defaultJobs, startWorkers } from '../../src/pipeline/pool.js';
import type { ItemOutcome } from '../../src/pipeline/pool.js';
import type { Problem } from '../../src/types.js';
import { corpusPath } from '../helpers/paths.js';

const ENRON = corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox');
const RULES = loadRuleSet([]);

async function* readItems(file: string): AsyncGenerator<RawMailItem> {
  const problems: Problem[] = [];
  yield* readRawMail({ kind: 'mbox', path: file }, problems).items;
}

async function analyzeAll(jobs: number, workers: ReturnType<typeof startWorkers> | null): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  for await (const outcome of analyzeItems(readItems(ENRON), { jobs, rules: RULES, ruleFiles: [], workers, batchMessages: 7 })) outcomes.push(outcome);
  return outcomes;
}

describe('early workers', () => {
  test('expectedJobs: --jobs, else input size', () => {
    expect(expectedJobs({ mbox: [], eml: [], jobs: '3' })).toBe(3);
    expect(expectedJobs({ mbox: [], eml: [], jobs: 'two' })).toBe(1);
    expect(expectedJobs({ mbox: [], eml: [], jobs: String(4 * defaultJobs() + 1) })).toBe(1);
    // The corpus mailbox is below MIN_BYTES_FOR_WORKERS, and a missing file counts as 0 bytes.
    expect(MIN_BYTES_FOR_WORKERS).toBeGreaterThan(1024 * 1024);
    expect(expectedJobs({ mbox: [ENRON, '/nonexistent/x.mbox'], eml: [] })).toBe(1);
  });

  test('rules by message: same outcomes', async () => {
    const single = await analyzeAll(1, null);
    startEarlyWorkers(1);
    const workers = startWorkers(2, { ruleFiles: [], sources: RULES.sources });
    try {
      expect(await analyzeAll(2, workers)).toEqual(single);
    } finally {
      await workers.close();
    }
  }, 120_000);

  test('unused early workers are ended', async () => {
    startEarlyWorkers(2);
    expect(takeEarlyWorkers(1)).toBeNull();
    startEarlyWorkers(1);
    await endEarlyWorkers();
    expect(takeEarlyWorkers(1)).toBeNull();
  }, 60_000);
});
