// Choice of the model's thresholds and veto floors from held-out scores for train-model.ts, and its
// nested estimate (`--nested-on`). The options set the folds the choice reads (`--choose-on`), the
// highest floor (`--floor-cap`) and the floors tried (`--floor-grid`).
import { CATEGORIES, type Category } from '../src/types.js';
import { chooseThresholds, emptyCounts, type ModelScores, type Objective, type Thresholds } from './model-cv.js';
import { ORDINARY_SETS, TUNING_SETS, type PreparedThread } from './model-data.js';
import type { Counts } from './run.js';
import { chooseFloors, countAtFloor, FLOORS, vetoKeys, type RuleScores } from './veto.js';

/**
 * Largest share of a category's base rate (the model's probability for a message with no known
 * word) that a floor may reach. Above it the veto judges a message on which the model has no evidence:
 * an uncapped new-business floor of 0.08, above the English base rate of 0.072, dropped
 * "We are planning to buy USRP." and other first requests that carry few known words.
 */
export const VETO_FLOOR_SHARE = 0.5;

/** FLOORS with higher floors added, for `--floor-grid wide`: the fresh folds' false findings may need a floor above 0.15. */
export const WIDE_FLOORS = [...FLOORS, 0.2, 0.25, 0.3];

/**
 * Lowers each floor to the largest floor of `grid` at most `share` of the smallest base rate
 * over the languages' models, so that a floor never sits near a category's base rate.
 */
export function capFloors(floors: Map<Category, number>, biases: readonly (readonly number[])[], share = VETO_FLOOR_SHARE, grid: readonly number[] = FLOORS): void {
  const baseRates = biases.flatMap((bias) => bias.map((value) => 1 / (1 + Math.exp(-value))));
  const cap = share * Math.min(...baseRates);
  const allowed = grid.filter((floor) => floor <= cap);
  const highest = allowed.length === 0 ? 0 : Math.max(...allowed);
  for (const [category, floor] of floors) floors.set(category, Math.min(floor, highest));
}

/**
 * Reads a list of tuning folds (`--choose-on b18,t6za`). Null when the option is absent.
 * An unknown, ordinary or repeated name throws, so a typing slip never empties the choice.
 */
export function readFoldList(value: string | null, option: string): string[] | null {
  if (value === null) return null;
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const known: readonly string[] = TUNING_SETS;
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`invalid ${option} "${value}": expected tuning folds separated by commas (${TUNING_SETS.join(', ')})${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`);
  }
  if (new Set(names).size !== names.length) throw new Error(`invalid ${option} "${value}": a fold is named twice`);
  return names;
}

/**
 * Reads `--floor-cap`: the share of the base rate a floor may reach, VETO_FLOOR_SHARE when absent,
 * and null for `none`, which lifts the cap.
 */
export function readFloorCap(value: string | null): number | null {
  if (value === null) return VETO_FLOOR_SHARE;
  if (value === 'none') return null;
  const share = Number(value);
  if (value.trim() === '' || !(share > 0) || !Number.isFinite(share)) throw new Error(`invalid --floor-cap "${value}": expected none or a positive share of the base rate`);
  return share;
}

/**
 * Reads `--veto-below`: the rule confidence from which a finding is out of the veto's reach, or
 * null when absent (every finding of a category with a floor can be vetoed).
 */
export function readVetoBelow(value: string | null): number | null {
  if (value === null) return null;
  const bound = Number(value);
  if (value.trim() === '' || !Number.isFinite(bound) || bound <= 0 || bound > 1) throw new Error(`invalid --veto-below "${value}": expected a number above 0 and at most 1`);
  return bound;
}

/** Reads `--floor-grid`: FLOORS when absent or `default`, WIDE_FLOORS for `wide`. */
export function readFloorGrid(value: string | null): readonly number[] {
  if (value === null || value === 'default') return FLOORS;
  if (value === 'wide') return WIDE_FLOORS;
  throw new Error(`invalid --floor-grid "${value}": expected default or wide`);
}

/** Returns the held-out threads a choice reads: those of `folds` and of the ordinary sets, or all of them when `folds` is null. */
export function choiceItems(heldOut: readonly PreparedThread[], folds: readonly string[] | null): PreparedThread[] {
  if (folds === null) return [...heldOut];
  const sets = new Set<string>([...folds, ...ORDINARY_SETS]);
  return heldOut.filter((item) => sets.has(item.set));
}

/** Inputs of a choice besides the threads: the held-out scores and the settings of the threshold and floor choice. */
export interface ChoiceSettings {
  scores: ModelScores;
  /** Per held-out thread, the model's probability at each rule finding, or null with `--no-veto`. */
  ruleScores: ReadonlyMap<PreparedThread, RuleScores> | null;
  chooseAlone: boolean;
  perCategory: boolean;
  objective: Objective;
  vetoCost: number;
  grid: readonly number[];
  /** Share of the base rate a floor may reach, or null for no cap. */
  cap: number | null;
  /** Biases of the languages' models, which give the base rates for the cap. */
  biases: readonly (readonly number[])[];
  /** Rule confidence from which a finding is out of the veto's reach (`--veto-below`), or Infinity when absent. */
  below?: number;
  /** Per category, the highest floor that keeps every labelled dev category (`--dev-guard`, devFloorLimits), or none. */
  floorLimits?: ReadonlyMap<Category, number>;
}

export interface Choice {
  thresholds: Thresholds;
  floors: Map<Category, number> | null;
}

/**
 * Returns the veto keys of `items` at `thresholds`. A category the model adds at those thresholds
 * is not vetoed, as in the measurement and in detection.
 */
function keysOf(items: readonly PreparedThread[], settings: ChoiceSettings, thresholds: Thresholds): Map<PreparedThread, Map<Category, number>> {
  return new Map(items.map((item) => [item, vetoKeys(item, settings.ruleScores?.get(item), settings.scores, thresholds, { below: settings.below ?? Infinity })]));
}

/**
 * Chooses the thresholds on `items`, then the floors at those thresholds on `floorItems` (`items`
 * unless given), then caps the floors.
 */
export function choose(items: readonly PreparedThread[], settings: ChoiceSettings, floorItems: readonly PreparedThread[] = items): Choice {
  const thresholds = chooseThresholds(items, settings.scores, settings.chooseAlone, settings.perCategory, settings.objective);
  if (settings.ruleScores === null) return { thresholds, floors: null };
  const floors = chooseFloors(floorItems, keysOf(floorItems, settings, thresholds), settings.vetoCost, settings.grid);
  if (settings.cap !== null) capFloors(floors, settings.biases, settings.cap, settings.grid);
  if (settings.floorLimits !== undefined) limitFloors(floors, settings.floorLimits, settings.grid);
  return { thresholds, floors };
}

/**
 * Lowers each floor above its category's limit to the highest floor of `grid` at or below the limit,
 * and leaves the others alone.
 */
export function limitFloors(floors: Map<Category, number>, limits: ReadonlyMap<Category, number>, grid: readonly number[]): void {
  for (const [category, floor] of floors) {
    const limit = limits.get(category) ?? Infinity;
    if (floor <= limit) continue;
    const allowed = grid.filter((value) => value <= limit);
    floors.set(category, allowed.length === 0 ? 0 : Math.max(...allowed));
  }
}

/**
 * Returns, per category, the highest floor at which no dev thread labelled with it loses it to the veto:
 * the lowest, over those threads, of the highest probability among the thread's vetoable rule findings of
 * the category. A model addition that would keep the category is not counted, so the limit errs low.
 * A category that no labelled dev thread's rule finds has no limit.
 */
export function devFloorLimits(dev: readonly PreparedThread[], ruleScores: ReadonlyMap<PreparedThread, RuleScores>, below = Infinity): Map<Category, number> {
  const limits = new Map<Category, number>();
  for (const item of dev) {
    for (const category of item.thread.expected) {
      let key = -Infinity;
      item.messages.forEach((message, index) => {
        if (!message.ruleCategories.has(category)) return;
        const scored = ruleScores.get(item)?.[index]?.[category];
        key = Math.max(key, scored === undefined || scored.c >= below ? Infinity : scored.p);
      });
      if (key === -Infinity) continue;
      limits.set(category, Math.min(limits.get(category) ?? Infinity, key));
    }
  }
  return limits;
}

/**
 * Counts each category over `items` for rules plus model at the choice's thresholds, with the
 * rule findings below the choice's floors dropped. The counts are per thread, as `run.js --no-catalog` counts.
 */
export function countChoice(items: readonly PreparedThread[], settings: ChoiceSettings, choice: Choice): Map<Category, Counts> {
  const keys = keysOf(items, settings, choice.thresholds);
  return new Map(
    CATEGORIES.map((category) => {
      const { truePositives, falsePositives, falseNegatives } = countAtFloor(items, keys, category, choice.floors?.get(category) ?? 0);
      return [category, { truePositives, falsePositives, falseNegatives }];
    }),
  );
}

/** Returns the categories the choice predicts in a thread that the thread is not labelled with. */
export function falseCategories(item: PreparedThread, settings: ChoiceSettings, choice: Choice): Category[] {
  const keys = keysOf([item], settings, choice.thresholds).get(item) ?? new Map<Category, number>();
  return CATEGORIES.filter((category) => {
    const key = keys.get(category);
    return key !== undefined && key >= (choice.floors?.get(category) ?? 0) && !item.thread.expected.includes(category);
  });
}

/** Pooled counts of a nested estimate, and the false categories it gave each scored thread that has any. */
export interface NestedResult {
  counts: Map<Category, Counts>;
  falseFindings: { item: PreparedThread; categories: Category[] }[];
}

/**
 * Scores each set of `targets` by the choice made on the other sets of `pool`: the held-out
 * threads of the pool's sets without the target. With `floorPool`, the floors are chosen on the
 * sets of `floorPool` without the target instead. The counts are pooled over the targets.
 */
export function nestedEstimate(heldOut: readonly PreparedThread[], pool: readonly string[], targets: readonly string[], settings: ChoiceSettings, floorPool: readonly string[] = pool): NestedResult {
  const counts = new Map<Category, Counts>(CATEGORIES.map((category) => [category, emptyCounts()]));
  const falseFindings: NestedResult['falseFindings'] = [];
  for (const target of targets) {
    const others = new Set(pool.filter((name) => name !== target));
    const floorOthers = new Set(floorPool.filter((name) => name !== target));
    const choice = choose(
      heldOut.filter((item) => others.has(item.set)),
      settings,
      heldOut.filter((item) => floorOthers.has(item.set)),
    );
    const scored = heldOut.filter((item) => item.set === target);
    for (const [category, row] of countChoice(scored, settings, choice)) {
      const total = counts.get(category)!;
      total.truePositives += row.truePositives;
      total.falsePositives += row.falsePositives;
      total.falseNegatives += row.falseNegatives;
    }
    for (const item of scored) {
      const categories = falseCategories(item, settings, choice);
      if (categories.length > 0) falseFindings.push({ item, categories });
    }
  }
  return { counts, falseFindings };
}
