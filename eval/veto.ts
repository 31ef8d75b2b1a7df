// Measures the model as a veto on the rules' findings (`--veto` of objective-cv.ts):
// a rule's finding of a category in a message is dropped when the model's
// probability for that category on the message stays below the category's floor.
import { scoreFeatures, textFeatures, type ContextMode, type LinearModel } from '../src/detectors/model.js';
import { CATEGORIES, type Category } from '../src/types.js';
import type { ModelScores, Thresholds } from './model-cv.js';
import { thresholdOf } from './model-cv.js';
import type { PreparedThread } from './model-data.js';

/** Floors tried for each category, lowest first. A floor of 0 vetoes nothing. */
export const FLOORS = [0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15];

/**
 * Per customer message of a thread, for each category a rule found there: the
 * model's probability of it on the message (p, the highest of the languages read)
 * and the highest confidence of the rules' hits in it (c).
 */
export type RuleScores = Partial<Record<Category, { p: number; c: number }>>[];

/**
 * Scores the rule findings of a thread's messages. A message in which no model
 * reads a feature gets probability 1, so nothing in it is vetoed.
 */
export function scoreRuleFindings(models: ReadonlyMap<string, LinearModel>, item: PreparedThread, mode: ContextMode): RuleScores {
  return item.messages.map((message) => {
    const row: Partial<Record<Category, { p: number; c: number }>> = {};
    if (message.ruleCategories.size === 0) return row;
    let probabilities: Map<Category, number> | null = null;
    for (const text of message.texts) {
      const model = models.get(text.language);
      if (model === undefined) continue;
      const features = textFeatures(text, mode);
      if (features.size === 0) continue;
      const scored = scoreFeatures(model, features);
      probabilities ??= new Map();
      model.categories.forEach((category, index) => {
        probabilities!.set(category as Category, Math.max(probabilities!.get(category as Category) ?? 0, scored[index] ?? 0));
      });
    }
    for (const category of message.ruleCategories) {
      const p = probabilities === null ? 1 : (probabilities.get(category) ?? 1);
      row[category] = { p: Math.round(p * 1e6) / 1e6, c: message.ruleConfidence?.get(category) ?? 1 };
    }
    return row;
  });
}

/** Scope of the veto: only rule findings whose confidence is below `below` may be vetoed. */
export interface VetoScope {
  below: number;
}

/**
 * Per category of a thread, the lowest floor at which the category is no longer
 * predicted: the highest probability among its vetoable rule findings. Infinity
 * when the model adds it at `thresholds` or a rule finding of it cannot be vetoed.
 * A category that nothing predicts has no key.
 */
export function vetoKeys(item: PreparedThread, ruleScores: RuleScores | undefined, modelScores: ModelScores, thresholds: Thresholds, scope: VetoScope): Map<Category, number> {
  const keys = new Map<Category, number>();
  item.messages.forEach((message, index) => {
    for (const category of message.ruleCategories) {
      const scored = ruleScores?.[index]?.[category];
      const key = scored === undefined || scored.c >= scope.below ? Infinity : scored.p;
      keys.set(category, Math.max(keys.get(category) ?? -Infinity, key));
    }
  });
  for (const [category, score] of modelScores.get(item) ?? []) {
    if (score.probability >= thresholdOf(thresholds, category)) keys.set(category, Infinity);
  }
  return keys;
}

/** A category's counts at one floor, and what the floor removed against floor 0. */
export interface VetoCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  removedTrue: number;
  removedFalse: number;
}


/** Adds one thread's outcome for a category to `counts`. */
function tally(counts: VetoCounts, expected: boolean, predicted: boolean, removed: boolean): void {
  if (expected && predicted) counts.truePositives += 1;
  if (!expected && predicted) counts.falsePositives += 1;
  if (expected && !predicted) counts.falseNegatives += 1;
  if (removed && expected) counts.removedTrue += 1;
  if (removed && !expected) counts.removedFalse += 1;
}
/** Counts a category over threads whose veto keys are given, at `floor`. */
export function countAtFloor(items: readonly PreparedThread[], keys: ReadonlyMap<PreparedThread, Map<Category, number>>, category: Category, floor: number): VetoCounts {
  const counts: VetoCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, removedTrue: 0, removedFalse: 0 };
  for (const item of items) {
    const key = keys.get(item)?.get(category);
    const expected = item.thread.expected.includes(category);
    const predicted = key !== undefined && key >= floor;
    const removed = key !== undefined && !predicted;
    tally(counts, expected, predicted, removed);
  }
  return counts;
}

/**
 * Chooses each category's floor on `items`: the one that removes the most false
 * findings net of `cost` times the true ones it removes. A tie goes to the lower floor,
 * so a floor is raised only when it gains.
 */
export function chooseFloors(items: readonly PreparedThread[], keys: ReadonlyMap<PreparedThread, Map<Category, number>>, cost: number, floors: readonly number[] = FLOORS): Map<Category, number> {
  const chosen = new Map<Category, number>();
  for (const category of CATEGORIES) {
    let best = { floor: 0, value: 0 };
    for (const floor of floors) {
      const counts = countAtFloor(items, keys, category, floor);
      const value = counts.removedFalse - cost * counts.removedTrue;
      if (value > best.value + 1e-9) best = { floor, value };
    }
    chosen.set(category, best.floor);
  }
  return chosen;
}

/** Parses six floors in CATEGORIES order, or returns null when the option is absent. */
export function readFloors(value: string | null): Map<Category, number> | null {
  if (value === null) return null;
  const numbers = value.split(',').map(Number);
  if (numbers.length !== CATEGORIES.length || numbers.some((number) => !Number.isFinite(number) || number < 0 || number >= 1)) {
    throw new Error(`invalid --floors "${value}": expected ${CATEGORIES.length} numbers from 0 to below 1, in the order ${CATEGORIES.join(',')}`);
  }
  return new Map(CATEGORIES.map((category, index) => [category, numbers[index] ?? 0]));
}

export function formatFloors(floors: ReadonlyMap<Category, number>): string {
  return CATEGORIES.map((category) => String(floors.get(category) ?? 0)).join('/');
}

/**
 * A category's two sources in a thread. `rule` is the highest probability among its
 * vetoable rule findings: Infinity when one cannot be vetoed, -Infinity when no rule found
 * it. `model` is the model's probability in the messages where no rule found it, else 0.
 */
export interface SourceKey {
  rule: number;
  model: number;
}

/** Returns the source keys of every category that a rule finds or the model scores in a thread. */
export function sourceKeys(item: PreparedThread, ruleScores: RuleScores | undefined, modelScores: ModelScores, scope: VetoScope): Map<Category, SourceKey> {
  const keys = new Map<Category, SourceKey>();
  item.messages.forEach((message, index) => {
    for (const category of message.ruleCategories) {
      const scored = ruleScores?.[index]?.[category];
      const key = scored === undefined || scored.c >= scope.below ? Infinity : scored.p;
      const current = keys.get(category) ?? { rule: -Infinity, model: 0 };
      keys.set(category, { ...current, rule: Math.max(current.rule, key) });
    }
  });
  for (const [category, score] of modelScores.get(item) ?? []) {
    const current = keys.get(category) ?? { rule: -Infinity, model: 0 };
    keys.set(category, { ...current, model: score.probability });
  }
  return keys;
}

/** Counts a category over threads at a floor for its rule findings and a threshold for the model's. */
export function countSources(items: readonly PreparedThread[], keys: ReadonlyMap<PreparedThread, Map<Category, SourceKey>>, category: Category, floor: number, threshold: number): VetoCounts {
  const counts: VetoCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, removedTrue: 0, removedFalse: 0 };
  for (const item of items) {
    const key = keys.get(item)?.get(category);
    const expected = item.thread.expected.includes(category);
    const byModel = key !== undefined && key.model >= threshold;
    const predicted = byModel || (key !== undefined && key.rule >= floor);
    const removed = !byModel && key !== undefined && key.rule > -Infinity && key.rule < floor;
    tally(counts, expected, predicted, removed);
  }
  return counts;
}

/**
 * Chooses each category's floor and model threshold together on `items`, by the best
 * F-beta of rules and model. A tie goes to the lower floor, then to the higher threshold.
 */
export function chooseFloorsAndThresholds(
  items: readonly PreparedThread[],
  keys: ReadonlyMap<PreparedThread, Map<Category, SourceKey>>,
  beta: number,
  floors: readonly number[],
  thresholds: readonly number[],
): { floors: Map<Category, number>; thresholds: Map<Category, number> } {
  const chosenFloors = new Map<Category, number>();
  const chosenThresholds = new Map<Category, number>();
  const b2 = beta * beta;
  const descending = [...thresholds].sort((a, b) => b - a);
  for (const category of CATEGORIES) {
    let best = { floor: 0, threshold: 1, value: -1 };
    for (const floor of floors) {
      for (const threshold of descending) {
        const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = countSources(items, keys, category, floor, threshold);
        const denominator = (1 + b2) * tp + b2 * fn + fp;
        const value = denominator === 0 ? 1 : ((1 + b2) * tp) / denominator;
        if (value > best.value + 1e-12) best = { floor, threshold, value };
      }
    }
    chosenFloors.set(category, best.floor);
    chosenThresholds.set(category, best.threshold);
  }
  return { floors: chosenFloors, thresholds: chosenThresholds };
}
