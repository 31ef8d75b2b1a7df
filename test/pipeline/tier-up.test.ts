// The audit raises V8's interrupt budget on Node 20 only, and never over a value given to node.
import { describe, expect, test } from 'vitest';
import { delayTierUp } from '../../src/pipeline/tier-up.js';

describe('delayTierUp', () => {
  test('sets the budget on Node 20', () => {
    expect(delayTierUp([], '20.20.2')).toBe(true);
  });

  test('keeps a budget given to node', () => {
    expect(delayTierUp(['--interrupt-budget=1000'], '20.20.2')).toBe(false);
  });

  test('skips other Node versions', () => {
    expect(delayTierUp([], '22.1.0')).toBe(false);
    expect(delayTierUp([], '2.0.0')).toBe(false);
  });
});
