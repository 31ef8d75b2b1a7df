// Tests the options of the model's cross-validation that take values.
import { describe, expect, test } from 'vitest';
import { formatObjective, objectiveTieBreak, objectiveValue, readFixedThresholds, readObjective, type ObjectiveCounts } from '../../eval/model-cv.js';

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

describe('readObjective', () => {
  test('absent option gives f0.75', () => {
    expect(readObjective(null)).toEqual({ kind: 'fbeta', beta: 0.75 });
  });

  test('reads f1', () => {
    expect(readObjective('f1')).toEqual({ kind: 'f1' });
  });

  test('reads each kind', () => {
    expect(readObjective('f0.5')).toEqual({ kind: 'fbeta', beta: 0.5 });
    expect(readObjective('floor0.85')).toEqual({ kind: 'floor', floor: 0.85 });
    expect(readObjective('ordinary5')).toEqual({ kind: 'ordinary', weight: 5 });
    expect(formatObjective(readObjective('ordinary5'))).toBe('ordinary5');
    expect(readObjective('target')).toEqual({ kind: 'target' });
    expect(formatObjective(readObjective('target'))).toBe('target');
  });

  test('reads an F-beta ordinary weight', () => {
    expect(readObjective('f0.75ordinary5')).toEqual({ kind: 'ordinary', weight: 5, beta: 0.75 });
    expect(formatObjective(readObjective('f0.75ordinary5'))).toBe('f0.75ordinary5');
    expect(() => readObjective('f0.75ordinary0.5')).toThrow(/invalid objective/);
  });

  test('rejects an unknown objective', () => {
    expect(() => readObjective('f')).toThrow(/invalid objective/);
    expect(() => readObjective('floor1.5')).toThrow(/invalid objective/);
    expect(() => readObjective('recall')).toThrow(/invalid objective/);
    expect(() => readObjective('target0.9')).toThrow(/invalid objective/);
  });
});

describe('objectiveValue', () => {
  const counts = (tp: number, fp: number, fn: number, modelTrue: number, modelFalse: number, ordinaryFalse = 0): ObjectiveCounts => ({
    all: { truePositives: tp, falsePositives: fp, falseNegatives: fn },
    modelOnly: { truePositives: modelTrue, falsePositives: modelFalse },
    ordinaryFalse,
  });

  test('f1 and f-beta values', () => {
    expect(objectiveValue({ kind: 'f1' }, counts(8, 2, 2, 0, 0))).toBeCloseTo(0.8);
    // F0.5 = 1.25 * 8 / (1.25 * 8 + 0.25 * 2 + 4): false findings cost more than misses.
    expect(objectiveValue({ kind: 'fbeta', beta: 0.5 }, counts(8, 4, 2, 0, 0))).toBeCloseTo(10 / 14.5);
    expect(objectiveValue({ kind: 'fbeta', beta: 0.5 }, counts(8, 2, 4, 0, 0))).toBeGreaterThan(objectiveValue({ kind: 'fbeta', beta: 0.5 }, counts(8, 4, 2, 0, 0)));
  });

  test('floor rules out imprecise model findings', () => {
    expect(objectiveValue({ kind: 'floor', floor: 0.8 }, counts(8, 2, 2, 3, 2))).toBe(-1);
    expect(objectiveValue({ kind: 'floor', floor: 0.8 }, counts(8, 2, 2, 4, 1))).toBeCloseTo(0.8);
    expect(objectiveValue({ kind: 'floor', floor: 0.8 }, counts(6, 2, 4, 0, 0))).toBeCloseTo(0.6);
  });

  test('ordinary weight counts ordinary false findings again', () => {
    expect(objectiveValue({ kind: 'ordinary', weight: 1 }, counts(8, 2, 2, 0, 0, 1))).toBeCloseTo(0.8);
    expect(objectiveValue({ kind: 'ordinary', weight: 3 }, counts(8, 2, 2, 0, 0, 1))).toBeCloseTo(16 / 22);
  });

  test('ordinary weight in F-beta', () => {
    // F0.5 with the ordinary false finding counted three times: 1.25 * 8 / (1.25 * 8 + 0.25 * 2 + 2 + 2).
    expect(objectiveValue({ kind: 'ordinary', weight: 3, beta: 0.5 }, counts(8, 2, 2, 0, 0, 1))).toBeCloseTo(10 / 14.5);
    expect(objectiveValue({ kind: 'ordinary', weight: 1, beta: 0.5 }, counts(8, 2, 2, 0, 0, 1))).toBeCloseTo(objectiveValue({ kind: 'fbeta', beta: 0.5 }, counts(8, 2, 2, 0, 0, 1)));
  });

  test('target rates the farther target', () => {
    // P 0.8, R 0.8: precision is the farther from its target.
    expect(objectiveValue({ kind: 'target' }, counts(8, 2, 2, 0, 0))).toBeCloseTo(0.8 / 0.9);
    // P 0.9, R 0.6: recall is the farther.
    expect(objectiveValue({ kind: 'target' }, counts(9, 1, 6, 0, 0))).toBeCloseTo(0.6 / 0.85);
    // Past both targets the value exceeds 1, and more of both still rates higher.
    expect(objectiveValue({ kind: 'target' }, counts(19, 1, 1, 0, 0))).toBeGreaterThan(objectiveValue({ kind: 'target' }, counts(18, 2, 2, 0, 0)));
  });

  test('tie break by objective', () => {
    expect(objectiveTieBreak({ kind: 'target' }, counts(9, 1, 6, 0, 0))).toBeCloseTo(0.9);
    expect(objectiveTieBreak({ kind: 'f1' }, counts(9, 1, 6, 0, 0))).toBe(0);
  });
});
