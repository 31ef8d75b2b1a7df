// A thread that reaches its heap limit ends the audit with a usage error naming
// the limit and what to do, not with an internal error and a stack trace.
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { isLeakError, memoryLimitError } from '../../src/errors.js';

// Grows its heap until the limit stops it.
const GROWER = 'const kept = []; for (;;) kept.push(new Array(100000).fill(kept.length));';

function heapLimitExit(limitMb: number): Promise<Error> {
  return new Promise((resolve) => {
    const worker = new Worker(GROWER, { eval: true, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
    worker.on('error', resolve);
  });
}

describe('memoryLimitError', () => {
  test('heap limit becomes a usage error', async () => {
    const error = memoryLimitError(await heapLimitExit(8), 'audit thread', 8, 'Audit fewer mailboxes per run');

    expect(isLeakError(error)).toBe(true);
    expect((error as { code?: string }).code).toBe('OUT_OF_MEMORY');
    expect(error.message).toBe('the audit thread reached its heap limit of 8 MB and was stopped. Audit fewer mailboxes per run');
  });

  test('other errors pass unchanged', () => {
    const other = new Error('boom');

    expect(memoryLimitError(other, 'audit thread', 8, 'advice')).toBe(other);
  });
});
