// A model file's vetoFloors must be one number from 0 to below 1 per category: a floor
// of 1 would drop every rule finding of its category, and a string or a short list would
// be read item by item. Copies of the shipped English model with the field changed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { modelFile } from '../../src/detectors/index.js';
import { readModelFile } from '../../src/detectors/model.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-model-floors-'));
const shipped = JSON.parse(readFileSync(modelFile('en'), 'utf8')) as Record<string, unknown>;

/** Writes the shipped model with `vetoFloors` set to `floors` (left out when undefined) and returns its path. */
function modelWith(name: string, floors: unknown): string {
  const file = path.join(folder, `${name}.json`);
  const model = { ...shipped };
  if (floors === undefined) delete model.vetoFloors;
  else model.vetoFloors = floors;
  writeFileSync(file, JSON.stringify(model));
  return file;
}

const PREFIX = 'field "vetoFloors" must be a list of 6 numbers from 0 to below 1, one per category in "categories" order';

const malformed: Array<[string, unknown, string]> = [
  ['every floor 1', [1, 1, 1, 1, 1, 1], 'but item 1 is 1'],
  ['a string', 'abcdef', 'got the string "abcdef"'],
  ['a negative floor', [0.1, -1, 0, 0, 0, 0], 'but item 2 is -1'],
  ['null for NaN', [0, 0, null, 0, 0, 0], 'but item 3 is null'],
  ['a number string', [0, 0, 0, '0.1', 0, 0], 'but item 4 is the string "0.1"'],
  ['too few floors', [0.1, 0.1], 'got 2 item(s)'],
  ['too many floors', [0, 0, 0, 0, 0, 0, 0], 'got 7 item(s)'],
  ['an object', { expansion: 0.1 }, 'got {"expansion":0.1}'],
  ['a single number', 0.05, 'got 0.05'],
];

describe('model vetoFloors check', () => {
  test.each(malformed)('%s is rejected', (name, floors, detail) => {
    const file = modelWith(name.replace(/ /g, '-'), floors);
    expect(() => readModelFile(file)).toThrow(`${file}: ${PREFIX}, ${detail}. Fix the model file or run npm run train again.`);
  });

  test('shipped floors are read', () => {
    const floors = shipped.vetoFloors as number[];
    expect(Array.from(readModelFile(modelWith('shipped', floors)).vetoFloors)).toEqual(floors);
  });

  test('missing floors veto nothing', () => {
    expect(Array.from(readModelFile(modelWith('absent', undefined)).vetoFloors)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('floors just below 1 are read', () => {
    const floors = [0, 0.5, 0.99, 0, 0, 0];
    expect(Array.from(readModelFile(modelWith('high', floors)).vetoFloors)).toEqual(floors);
  });
});

describe('model vetoBelow check', () => {
  /** Writes the shipped model with `vetoBelow` set to `bound` and returns its path. */
  function boundWith(name: string, bound: unknown): string {
    const file = path.join(folder, `below-${name}.json`);
    writeFileSync(file, JSON.stringify({ ...shipped, vetoBelow: bound }));
    return file;
  }

  test.each([
    ['zero', 0, 'got 0'],
    ['above 1', 1.5, 'got 1.5'],
    ['a string', '0.8', 'got the string "0.8"'],
    ['null', null, 'got null'],
  ])('%s is rejected', (name, bound, detail) => {
    const file = boundWith(name.replace(/ /g, '-'), bound);
    expect(() => readModelFile(file)).toThrow(`${file}: field "vetoBelow" must be a number above 0 and at most 1, ${detail}. Fix the model file or run npm run train again.`);
  });

  test('a bound is read, and its absence spares nothing', () => {
    expect(readModelFile(boundWith('read', 0.8)).vetoBelow).toBe(0.8);
    expect(readModelFile(boundWith('one', 1)).vetoBelow).toBe(1);
    expect(readModelFile(modelWith('no-bound', shipped.vetoFloors)).vetoBelow).toBe(Infinity);
  });
});
