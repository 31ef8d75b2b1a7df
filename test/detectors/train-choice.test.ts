// Tests the options of train-model.ts that change how thresholds and veto floors are chosen
// (eval/choice.ts): --choose-on, --floor-cap, --floor-grid and the nested estimate of --nested-on.
// The fold names are checked against the real tuning files and the cap against the shipped models' biases.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { capFloors, choiceItems, choose, countChoice, falseCategories, nestedEstimate, readFloorCap, readFloorGrid, readFoldList, VETO_FLOOR_SHARE, WIDE_FLOORS, type ChoiceSettings } from '../../eval/choice.js';
import { DEFAULT_OBJECTIVE } from '../../eval/model-cv.js';
import { setOf, type PreparedThread, type SetName } from '../../eval/model-data.js';
import { FLOORS, type RuleScores } from '../../eval/veto.js';
import { modelFile } from '../../src/detectors/index.js';
import type { ModelFile } from '../../src/detectors/model.js';
import { CATEGORIES, type Category } from '../../src/types.js';

const FRESH = ['b18', 't6za', 't6zb', 't6zc', 't6zd'];
const shippedBiases = ['en', 'fr'].map((language) => (JSON.parse(readFileSync(modelFile(language), 'utf8')) as ModelFile).bias);

describe('readFoldList', () => {
  test('absent option gives null', () => {
    expect(readFoldList(null, '--choose-on')).toBeNull();
  });

  test('reads the fresh folds', () => {
    expect(readFoldList(FRESH.join(','), '--choose-on')).toEqual(FRESH);
  });

  test('every fresh fold has files in the tuning split', () => {
    const folder = path.resolve('fixtures', 'eval', 'tuning');
    const sets = new Set(
      readdirSync(folder)
        .filter((file) => file.endsWith('.yaml') && file !== 'catalogs.yaml')
        .map((file) => setOf('tuning', file)),
    );
    for (const fold of FRESH) expect(sets.has(fold as SetName)).toBe(true);
  });

  test('rejects unknown, ordinary, repeated, empty', () => {
    expect(() => readFoldList('b18,t6', '--choose-on')).toThrow(/invalid --choose-on "b18,t6".*unknown: t6/);
    expect(() => readFoldList('n1', '--nested-on')).toThrow(/invalid --nested-on/);
    expect(() => readFoldList('b18,b18', '--choose-on')).toThrow(/named twice/);
    expect(() => readFoldList(',', '--choose-on')).toThrow(/invalid --choose-on/);
  });
});

describe('readFloorCap and readFloorGrid', () => {
  test('absent options keep the shipped cap and grid', () => {
    expect(readFloorCap(null)).toBe(VETO_FLOOR_SHARE);
    expect(readFloorGrid(null)).toBe(FLOORS);
  });

  test('none lifts the cap, a number sets the share', () => {
    expect(readFloorCap('none')).toBeNull();
    expect(readFloorCap('2')).toBe(2);
  });

  test('rejects a cap that is not a positive share', () => {
    for (const value of ['0', '-1', 'half', '']) expect(() => readFloorCap(value)).toThrow(/invalid --floor-cap/);
  });

  test('wide grid reaches 0.3', () => {
    const grid = readFloorGrid('wide');
    expect(grid).toBe(WIDE_FLOORS);
    expect(Math.max(...grid)).toBe(0.3);
    for (const floor of FLOORS) expect(grid).toContain(floor);
    expect(() => readFloorGrid('0.3')).toThrow(/invalid --floor-grid/);
  });
});

describe('capFloors with the shipped models', () => {
  const allAt = (floor: number) => new Map<Category, number>(CATEGORIES.map((category) => [category, floor]));

  // 0.03 is the largest grid floor under half the lowest base rate of the shipped models.
  test('shipped share caps at 0.03', () => {
    const floors = allAt(0.15);
    capFloors(floors, shippedBiases);
    expect([...floors.values()]).toEqual(CATEGORIES.map(() => 0.03));
  });

  test('a larger share on the wide grid lets 0.3 through', () => {
    const floors = allAt(0.3);
    capFloors(floors, shippedBiases, 10, WIDE_FLOORS);
    expect(floors.get('closing')).toBe(0.3);
  });
});

/** Model probability at each test thread's closing rule finding. */
const probabilities = new Map<PreparedThread, number>();

/** Builds a one-message thread of `set` in which a rule found closing at model probability `p`, unless `p` is null. */
function thread(id: string, set: SetName, expected: Category[], p: number | null): PreparedThread {
  const item: PreparedThread = {
    thread: { id, file: `${set}-en-saas.yaml`, language: 'en', domain: '', owner: '', expected, note: '', messages: [] },
    set,
    messages: [{ ruleCategories: new Set<Category>(p === null ? [] : ['closing']), texts: [] }],
    doc: { features: [], labels: expected },
    messageDocs: [],
  };
  if (p !== null) probabilities.set(item, p);
  return item;
}

describe('choice on the fresh folds against all folds', () => {
  // The fresh folds' rule findings of closing are false at p 0.1; b3's are true at the same p,
  // so a floor above 0.1 gains on the fresh folds and loses on all folds at cost 2.
  const heldOut = [
    thread('fa', 'b18', [], 0.1),
    thread('fb', 'b18', [], 0.1),
    thread('ga', 't6za', [], 0.1),
    thread('gb', 't6za', [], 0.1),
    thread('sa', 'b3', ['closing'], 0.1),
    thread('sb', 'b3', ['closing'], 0.1),
    thread('sc', 'b3', ['closing'], 0.1),
    thread('oa', 'n1', [], 0.1),
    thread('ob', 'n2', [], null),
  ];
  const ruleScores = new Map<PreparedThread, RuleScores>();
  for (const item of heldOut) {
    const p = probabilities.get(item);
    ruleScores.set(item, [p === undefined ? {} : { closing: { p, c: 0.9 } }]);
  }
  // A base rate of 0.2 (bias ln 0.25) puts the cap at 0.1 with the shipped share.
  const settings: ChoiceSettings = {
    scores: new Map(),
    ruleScores,
    chooseAlone: false,
    perCategory: true,
    objective: DEFAULT_OBJECTIVE,
    vetoCost: 2,
    grid: FLOORS,
    cap: null,
    biases: [CATEGORIES.map(() => Math.log(0.25))],
  };

  test('--choose-on keeps the named folds and the ordinary sets', () => {
    expect(choiceItems(heldOut, ['b18']).map((item) => item.thread.id)).toEqual(['fa', 'fb', 'oa', 'ob']);
    expect(choiceItems(heldOut, null)).toHaveLength(heldOut.length);
  });

  test('fresh folds raise closing floor', () => {
    expect(choose(choiceItems(heldOut, ['b18', 't6za']), settings).floors?.get('closing')).toBe(0.12);
    expect(choose(choiceItems(heldOut, null), settings).floors?.get('closing')).toBe(0);
  });

  test('cap lowers fresh folds floor', () => {
    expect(choose(choiceItems(heldOut, ['b18', 't6za']), { ...settings, cap: VETO_FLOOR_SHARE }).floors?.get('closing')).toBe(0.1);
  });

  test('counts rules plus veto per category', () => {
    const choice = choose(choiceItems(heldOut, ['b18', 't6za']), settings);
    const counts = countChoice(heldOut, settings, choice);
    expect(counts.get('closing')).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 3 });
    expect(falseCategories(heldOut[7]!, settings, { ...choice, floors: null })).toEqual(['closing']);
  });

  test('nested estimate leaves each fold out', () => {
    const fresh = nestedEstimate(heldOut, ['b18', 't6za', 'n1', 'n2'], ['b18', 't6za'], settings);
    expect(fresh.counts.get('closing')).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });
    const all = nestedEstimate(heldOut, ['b18', 't6za', 'b3', 'n1', 'n2'], ['b18', 't6za'], settings);
    expect(all.counts.get('closing')).toEqual({ truePositives: 0, falsePositives: 4, falseNegatives: 0 });
    expect(all.falseFindings.map(({ item, categories }) => `${item.thread.id} ${categories.join(',')}`)).toEqual(['fa closing', 'fb closing', 'ga closing', 'gb closing']);
  });

  test('nested floors on another pool', () => {
    const mixed = nestedEstimate(heldOut, ['b18', 't6za', 'b3', 'n1', 'n2'], ['b18', 't6za'], settings, ['b18', 't6za', 'n1', 'n2']);
    expect(mixed.counts.get('closing')).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });
    expect(choose(heldOut, settings, choiceItems(heldOut, ['b18'])).floors?.get('closing')).toBe(0.12);
  });

  test('nested estimate of ordinary sets', () => {
    const ordinary = nestedEstimate(heldOut, ['b18', 't6za', 'n1', 'n2'], ['n1', 'n2'], settings);
    expect(ordinary.counts.get('closing')?.falsePositives).toBe(0);
    const all = nestedEstimate(heldOut, ['b18', 't6za', 'b3', 'n1', 'n2'], ['n1', 'n2'], settings);
    expect(all.falseFindings.map(({ item }) => item.thread.id)).toEqual(['oa']);
  });
});
