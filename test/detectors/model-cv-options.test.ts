// Tests the options of the model's cross-validation that take values.
import { describe, expect, test } from 'vitest';
import { readFixedThresholds } from '../../eval/model-cv.js';

describe('readFixedThresholds', () => {
  test('absent option gives null', () => {
    expect(readFixedThresholds(null)).toBeNull();
  });

  test('reads one threshold per category', () => {
    const thresholds = readFixedThresholds('0.2,0.15,0.35,0.2,0.2,0.25');
    expect(thresholds?.get('expansion')).toBe(0.2);
    expect(thresholds?.get('upgrade')).toBe(0.15);
    expect(thresholds?.get('closing')).toBe(0.35);
    expect(thresholds?.get('churn-risk')).toBe(0.25);
  });

  test('rejects a wrong count or value', () => {
    expect(() => readFixedThresholds('0.2,0.2')).toThrow(/invalid --thresholds/);
    expect(() => readFixedThresholds('0.2,0.2,0.35,0.2,0.2,x')).toThrow(/invalid --thresholds/);
    expect(() => readFixedThresholds('0.2,0.2,0.35,0.2,0.2,1.5')).toThrow(/invalid --thresholds/);
  });
});
