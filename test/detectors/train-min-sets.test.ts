// Tests training options on a tiny input. --min-sets keeps a feature only when K training sets use it,
// and --balance-sets weighs each set the same in the loss. It also tests reading the options and the dev
// guard of the veto floors (--dev-guard, eval/choice.ts).
import { describe, expect, test } from 'vitest';
import { devFloorLimits, limitFloors } from '../../eval/choice.js';
import { readTrainOptions, trainingDoc } from '../../eval/model-cv.js';
import type { PreparedThread } from '../../eval/model-data.js';
import type { RuleScores } from '../../eval/veto.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type TrainingDoc } from '../../src/detectors/model.js';
import type { Category } from '../../src/types.js';

/** "quote" is used by writers a, b and c, "tractor" and "invoice" by b and c, "forklift" only by a, in two documents. */
const DOCS: TrainingDoc[] = [
  { features: ['quote', 'forklift'], labels: ['new-business'], set: 'a' },
  { features: ['quote', 'forklift'], labels: ['new-business'], set: 'a' },
  { features: ['quote', 'tractor'], labels: ['new-business'], set: 'b' },
  { features: ['quote'], labels: ['new-business'], set: 'c' },
  { features: ['invoice', 'tractor'], labels: [], set: 'c' },
  { features: ['invoice'], labels: [], set: 'b' },
];

const SMALL = { ...DEFAULT_TRAIN_OPTIONS, iterations: 50 };

describe('minSets', () => {
  test('without it, a feature of one writer is kept', () => {
    expect(Object.keys(trainModel('en', DOCS, SMALL).weights).sort()).toEqual(['forklift', 'invoice', 'quote', 'tractor']);
  });

  test('K 2 drops the feature only writer a uses', () => {
    expect(Object.keys(trainModel('en', DOCS, { ...SMALL, minSets: 2 }).weights).sort()).toEqual(['invoice', 'quote', 'tractor']);
  });

  test('K 3 keeps only the feature three writers use', () => {
    expect(Object.keys(trainModel('en', DOCS, { ...SMALL, minSets: 3 }).weights)).toEqual(['quote']);
  });

  test('a document without a set counts as a set of its own', () => {
    const unnamed = DOCS.map(({ features, labels }) => ({ features, labels }));
    expect(Object.keys(trainModel('en', unnamed, { ...SMALL, minSets: 2 }).weights)).toContain('forklift');
  });
});

describe('balanceSets', () => {
  test('a set with more documents weighs no more than another', () => {
    // Set a has three positives with "alpha", set b one negative with "alpha" and one positive without.
    const docs: TrainingDoc[] = [
      ...Array.from({ length: 3 }, () => ({ features: ['alpha'], labels: ['closing'] as Category[], set: 'a' })),
      { features: ['alpha'], labels: [], set: 'b' },
      { features: ['beta'], labels: ['closing'], set: 'b' },
    ];
    const options = { ...SMALL, negativeWeight: 1 };
    const closing = 2;
    const plain = trainModel('en', docs, options).weights['alpha']?.[closing] ?? 0;
    const balanced = trainModel('en', docs, { ...options, balanceSets: true }).weights['alpha']?.[closing] ?? 0;
    expect(balanced).toBeLessThan(plain);
  });

  test('with one set it changes nothing', () => {
    const singleSet = DOCS.map((doc) => ({ ...doc, set: 'a' }));
    expect(trainModel('en', singleSet, { ...SMALL, balanceSets: true })).toEqual(trainModel('en', singleSet, SMALL));
  });
});

describe('readTrainOptions', () => {
  test('absent options give the defaults', () => {
    expect(readTrainOptions([])).toEqual(DEFAULT_TRAIN_OPTIONS);
  });

  test('reads --l2, --min-sets, --balance-sets and --negative-weight', () => {
    const options = readTrainOptions(['--l2', '0.02', '--min-sets', '3', '--balance-sets', '--negative-weight', '2']);
    expect(options).toMatchObject({ l2: 0.02, minSets: 3, balanceSets: true, negativeWeight: 2 });
  });

  test('rejects a bad value', () => {
    expect(() => readTrainOptions(['--min-sets', '2.5'])).toThrow(/invalid --min-sets "2.5"/);
    expect(() => readTrainOptions(['--l2', '-1'])).toThrow(/invalid --l2/);
    expect(() => readTrainOptions(['--min-sets'])).toThrow(/invalid --min-sets/);
  });
});

/** Builds a dev thread labelled `expected`, with one message per rule finding `[category, probability]`. */
function devThread(expected: Category[], findings: [Category, number][]): { item: PreparedThread; scores: RuleScores } {
  const item: PreparedThread = {
    thread: { id: 'd', file: 'd.yaml', language: 'en', domain: '', owner: '', expected, note: '', messages: [] },
    set: 'dev',
    messages: findings.map(([category]) => ({ ruleCategories: new Set([category]), texts: [] })),
    doc: { features: [], labels: expected },
    messageDocs: [],
  };
  return { item, scores: findings.map(([category, p]) => ({ [category]: { p, c: 0.8 } })) };
}

describe('dev guard of the floors', () => {
  test('limit is the lowest best probability', () => {
    const closingOnly = devThread(['closing'], [['closing', 0.02], ['closing', 0.09]]);
    const closingAndUpgrade = devThread(['closing', 'upgrade'], [['closing', 0.05], ['upgrade', 0.2]]);
    const unlabelled = devThread([], [['referral', 0.001]]);
    const threads = [closingOnly, closingAndUpgrade, unlabelled];
    const scores = new Map(threads.map(({ item, scores: rows }) => [item, rows]));
    const limits = devFloorLimits(threads.map(({ item }) => item), scores);
    expect(limits.get('closing')).toBe(0.05);
    expect(limits.get('upgrade')).toBe(0.2);
    expect(limits.has('referral')).toBe(false);
  });

  test('finding out of reach sets no limit', () => {
    const outOfReach = devThread(['closing'], [['closing', 0.02]]);
    const limits = devFloorLimits([outOfReach.item], new Map([[outOfReach.item, outOfReach.scores]]), 0.7);
    expect(limits.get('closing')).toBe(Infinity);
  });

  test('limitFloors lowers only floors above', () => {
    const floors = new Map<Category, number>([
      ['closing', 0.12],
      ['upgrade', 0.04],
    ]);
    limitFloors(floors, new Map<Category, number>([['closing', 0.055], ['upgrade', 0.5]]), [0, 0.03, 0.05, 0.1, 0.12]);
    expect(floors.get('closing')).toBe(0.05);
    expect(floors.get('upgrade')).toBe(0.04);
  });

  test('trainingDoc tags the document with its set', () => {
    expect(trainingDoc(devThread([], []).item).set).toBe('dev');
  });
});
