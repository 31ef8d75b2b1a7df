import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadCpuMs } from '../../src/pipeline/trace.js';

describe('threadCpuMs', () => {
  it.runIf(existsSync('/proc/thread-self/stat'))('reads a growing thread CPU time', () => {
    const before = threadCpuMs();
    expect(before).not.toBeNull();
    expect(Number.isInteger(before)).toBe(true);
    expect(before).toBeGreaterThanOrEqual(0);

    // Busy work until the 10 ms ticks of /proc move; a loaded machine may take longer.
    const deadline = Date.now() + 5_000;
    let after = threadCpuMs();
    while (after === before && Date.now() < deadline) {
      for (let spin = 0; spin < 100_000; spin += 1) Math.sqrt(spin);
      after = threadCpuMs();
    }
    expect(after).toBeGreaterThan(before as number);
  });

  it.skipIf(existsSync('/proc/thread-self/stat'))('returns null without /proc', () => {
    expect(threadCpuMs()).toBeNull();
  });
});
