// Tests the floor choice of the veto measurement (eval/veto.ts).
import { describe, expect, test } from 'vitest';
import type { ModelScores } from '../../eval/model-cv.js';
import type { PreparedThread } from '../../eval/model-data.js';
import { chooseFloors, countAtFloor, readFloors, vetoKeys, type RuleScores } from '../../eval/veto.js';
import type { Category } from '../../src/types.js';

/** Builds a one-message thread in which a rule found `category`, labelled with `expected`. */
function thread(id: string, category: Category, expected: Category[]): PreparedThread {
  return {
    thread: { id, file: `${id}.yaml`, language: 'en', domain: '', owner: '', expected, note: '', messages: [] },
    set: 'b3',
    messages: [{ ruleCategories: new Set([category]), texts: [] }],
    doc: { features: [], labels: expected },
    messageDocs: [],
  };
}

describe('readFloors', () => {
  test('absent option gives null', () => {
    expect(readFloors(null)).toBeNull();
  });

  test('reads one floor per category', () => {
    const floors = readFloors('0,0.03,0.04,0.05,0.04,0.03');
    expect(floors?.get('expansion')).toBe(0);
    expect(floors?.get('new-business')).toBe(0.05);
  });

  test('rejects a wrong count or value', () => {
    expect(() => readFloors('0.02')).toThrow(/invalid --floors/);
    expect(() => readFloors('0,0,0,0,0,1')).toThrow(/invalid --floors/);
  });
});

describe('chooseFloors', () => {
  const items = [thread('a', 'closing', ['closing']), thread('b', 'closing', []), thread('c', 'closing', []), thread('d', 'closing', ['closing']), thread('e', 'closing', [])];
  const scores = new Map<string, RuleScores>([
    ['a', [{ closing: { p: 0.3, c: 0.9 } }]],
    ['b', [{ closing: { p: 0.01, c: 0.9 } }]],
    ['c', [{ closing: { p: 0.04, c: 0.6 } }]],
    ['d', [{ closing: { p: 0.035, c: 0.9 } }]],
    ['e', [{ closing: { p: 0.045, c: 0.9 } }]],
  ]);
  const noModel: ModelScores = new Map();
  const keysFor = (below: number) => new Map(items.map((item) => [item, vetoKeys(item, scores.get(item.thread.id), noModel, 0.25, { below })]));

  test('floor 0 keeps every rule finding', () => {
    const counts = countAtFloor(items, keysFor(Infinity), 'closing', 0);
    expect(counts.truePositives).toBe(2);
    expect(counts.falsePositives).toBe(3);
    expect(counts.removedTrue + counts.removedFalse).toBe(0);
  });

  test('takes the floor with the best net removal', () => {
    const floors = chooseFloors(items, keysFor(Infinity), 1);
    expect(floors.get('closing')).toBe(0.05);
    expect(floors.get('expansion')).toBe(0);
  });

  test('a higher cost stops below a true finding', () => {
    expect(chooseFloors(items, keysFor(Infinity), 3).get('closing')).toBe(0.015);
  });

  test('a confident rule finding is never vetoed', () => {
    const counts = countAtFloor(items, keysFor(0.8), 'closing', 0.1);
    expect(counts.removedFalse).toBe(1);
    expect(counts.removedTrue).toBe(0);
  });
});
