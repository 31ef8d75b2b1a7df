// Leave-one-set-out cross-validation of the learned model over the blind tuning
// sets (TUNING_SETS). For each held-out set it trains on dev plus the others, then
// measures rules alone against rules plus model on the held-out threads.
// An inner leave-one-set-out over the training sets picks each fold's
// threshold, so no held-out label picks it. The rules were tuned on these
// sets, so their recall here is flattering. The recall the model adds is the
// figure to read, and --rules-dir gives the rules of before a set was studied.
//
// Usage: node dist/eval/model-cv.js [--l2 N] [--iterations N] [--min-docs N] [--examples N]
//          [--context all|vendor|evidence|negation|offer|none] [--sentence-share S] [--negative-weight W] [--keep-names] [--scope message|sentence] [--choose alone|both]
//          [--per-category] [--sentence P] [--negatives] [--no-catalog] [--rules-dir DIR --only SET] [--without PREFIX]
//          [--positive-weight CATEGORY=W,...] [--catalogs both] [--churn-guard on|off|both] [--thresholds T,T,T,T,T,T] [--objective O,…]
//   --choose     picks thresholds by the F1 of the model alone (default), which the
//                rules' tuning on these sets cannot flatter, or of rules + model
//   --per-category  picks one threshold per category instead of one for all
//   --sentence   probability the evidence sentence must reach on its own (default 0)
//   --sentence-share  share of the category's threshold the evidence sentence must reach (default 0)
//   --keep-names keeps the words of participants' names as features (left out by default)
//   --negative-weight W  weight of a document with no category in the loss (default: the shipped one)
//   --positive-weight C=W,...  weight in category C's loss of a document labelled C (default 1)
//   --negatives  adds ordinary real mail (NEGATIVE_MAIL) to every fold's training documents
//   --no-catalog leaves out the tuning files' catalogues (catalogs.yaml), which the rules use by default
//   --rules-dir  measures against the rule packs in DIR (an older commit's) instead of rules/
//   --only       runs the fold of one held-out set
//   --without P  leaves out every set whose name starts with P (t1: the four t1 writers) from training and measuring
//   --catalogs both  measures with and without the catalogues in one run (the models are trained once)
//   --churn-guard    on: a rule's churn risk rules out the model's upgrade and expansion; off: it does not.
//                The default is the shipped CHURN_GUARD. With both, each gets its tables from the same trained models.
//   --objective   what the per-category choice maximises (see Objective): f1, f<beta> (f0.5), floor<P> (floor0.85),
//                ordinary<W> (ordinary5), f<beta>ordinary<W> (f0.75ordinary5) or target; several, comma-separated, share the trained models
//   --thresholds  one threshold per category (expansion, upgrade, closing, new-business, referral, churn-risk)
//                for every fold instead of the inner choice: a shipped model's, measured 24 times faster
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync as exists, readdirSync } from 'node:fs';
import { loadRuleSet, type RuleSet } from '../src/detectors/index.js';
import { readPackFile } from '../src/detectors/rule-file.js';
import { compilePack } from '../src/detectors/rule-set.js';
import { CHURN_GUARD, SIBLING_GUARD, DEFAULT_CONTEXT_MODE, DEFAULT_SCOPE, DEFAULT_TRAIN_OPTIONS, type ContextMode, type ModelScope, findCategories, isRuledOut, toLinearModel, trainModel, type LinearModel, type TrainingDoc, type TrainOptions } from '../src/detectors/model.js';
import { CATEGORIES, type Category } from '../src/types.js';
import { ORDINARY_SETS, prepareNegativeMail, prepareThreads, TUNING_SETS, UNTRAINED_SETS, type PreparedThread, type SetName } from './model-data.js';
import { scores, type Counts } from './run.js';

/** Thresholds tried, from 0.05 to 0.95. */
export const THRESHOLDS = Array.from({ length: 19 }, (_, index) => Math.round((0.05 + index * 0.05) * 100) / 100);

/** The model's best evidence for one category in one thread. */
export interface ThreadScore {
  probability: number;
  sentence: string;
  terms: string[];
}

/** Per thread, per category the rules did not fire in some message: the model's highest score. */
export type ModelScores = Map<PreparedThread, Map<Category, ThreadScore>>;

function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder);
  return folder;
}

/**
 * Reads the training options: `--negative-weight W`, `--l2 N`, `--min-sets K` (a feature is kept only
 * when documents of K distinct training sets carry it) and `--balance-sets` (every training set weighs
 * the same in the loss). Absent options keep DEFAULT_TRAIN_OPTIONS.
 */
export function readTrainOptions(argv: readonly string[]): TrainOptions {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };
  const readNumber = (name: string, valid: (value: number) => boolean, expected: string): number | null => {
    const position = argv.indexOf(name);
    if (position === -1) return null;
    const text = argv[position + 1] ?? '';
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) throw new Error(`invalid ${name} "${text}": expected ${expected}`);
    return value;
  };
  const negativeWeight = readNumber('--negative-weight', (value) => value > 0, 'a positive number');
  if (negativeWeight !== null) options.negativeWeight = negativeWeight;
  const l2 = readNumber('--l2', (value) => value >= 0, 'a number of 0 or more');
  if (l2 !== null) options.l2 = l2;
  const minSets = readNumber('--min-sets', (value) => Number.isInteger(value) && value >= 1, 'a whole number of 1 or more');
  if (minSets !== null) options.minSets = minSets;
  if (argv.includes('--balance-sets')) options.balanceSets = true;
  return options;
}

/** Returns the thread's training document, tagged with its set for `minSets` and `balanceSets`. */
export function trainingDoc(item: PreparedThread): TrainingDoc {
  return { ...item.doc, set: item.set };
}

/** Trains one model per language: on one document per thread, or with `perMessage` one per customer message. */
export function trainOn(threads: readonly PreparedThread[], options: TrainOptions, perMessage = false): Map<string, LinearModel> {
  const models = new Map<string, LinearModel>();
  const languages = [...new Set(threads.map((item) => item.thread.language))].sort();
  for (const language of languages) {
    const languageThreads = threads.filter((item) => item.thread.language === language && item.messages.length > 0 && !UNTRAINED_SETS.includes(item.set));
    const docs = perMessage ? languageThreads.flatMap((item) => item.messageDocs.map((doc) => ({ ...doc, set: item.set }))) : languageThreads.map((item) => trainingDoc(item));
    models.set(language, toLinearModel(trainModel(language, docs, options)));
  }
  return models;
}

export function scoreThreads(
  models: Map<string, LinearModel>,
  threads: readonly PreparedThread[],
  mode: ContextMode,
  keepRuleCategories = false,
  scope: ModelScope = DEFAULT_SCOPE,
  sentenceThreshold = 0,
  sentenceShare = 0,
  churnGuard = CHURN_GUARD,
  siblingGuard = SIBLING_GUARD,
): ModelScores {
  const result: ModelScores = new Map();
  for (const item of threads) {
    const best = new Map<Category, ThreadScore>();
    for (const message of item.messages) {
      for (const text of message.texts) {
        const model = models.get(text.language);
        if (model === undefined) continue;
        for (const finding of findCategories(model, text, { thresholds: 0, mode, scope, sentenceThreshold, sentenceShare: 0 })) {
          if (!keepRuleCategories && (message.ruleCategories.has(finding.category) || isRuledOut(finding.category, message.ruleCategories, churnGuard, siblingGuard))) continue;
          // A finding passes a threshold T when its probability reaches T and its
          // sentence's probability reaches sentenceShare * T: the highest such T.
          const probability = sentenceShare > 0 ? Math.min(finding.probability, finding.sentenceProbability / sentenceShare) : finding.probability;
          const current = best.get(finding.category);
          if (current === undefined || probability > current.probability) {
            best.set(finding.category, { probability, sentence: finding.sentence.sentence, terms: finding.terms });
          }
        }
      }
    }
    result.set(item, best);
  }
  return result;
}

function ruleCategories(item: PreparedThread): Set<Category> {
  return new Set(item.messages.flatMap((message) => [...message.ruleCategories]));
}

/** A threshold for every category, or one per category (missing ones never pass). */
export type Thresholds = number | ReadonlyMap<Category, number>;

export function thresholdOf(thresholds: Thresholds, category: Category): number {
  return typeof thresholds === 'number' ? thresholds : (thresholds.get(category) ?? Infinity);
}

/** Returns a thread's predicted categories: the rules', plus the model's at `thresholds` (none when null). */
export function predict(item: PreparedThread, modelScores: ModelScores | null, thresholds: Thresholds | null): Set<Category> {
  const predicted = ruleCategories(item);
  if (modelScores === null || thresholds === null) return predicted;
  for (const [category, score] of modelScores.get(item) ?? []) if (score.probability >= thresholdOf(thresholds, category)) predicted.add(category);
  return predicted;
}

/** Returns a thread's predicted categories from the model alone, at `thresholds`. */
export function modelAlone(item: PreparedThread, modelScores: ModelScores, thresholds: Thresholds): Set<Category> {
  const predicted = new Set<Category>();
  for (const [category, score] of modelScores.get(item) ?? []) if (score.probability >= thresholdOf(thresholds, category)) predicted.add(category);
  return predicted;
}

export function emptyCounts(): Counts {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
}

export function addCounts(total: Counts, more: Counts): void {
  total.truePositives += more.truePositives;
  total.falsePositives += more.falsePositives;
  total.falseNegatives += more.falseNegatives;
}

/** Counts true and false positives and false negatives per category. */
export function countAll(items: readonly PreparedThread[], predictions: readonly Set<Category>[]): Map<Category, Counts> {
  const counts = new Map<Category, Counts>(CATEGORIES.map((category) => [category, emptyCounts()]));
  items.forEach((item, index) => {
    const predicted = predictions[index] ?? new Set<Category>();
    for (const category of CATEGORIES) {
      const row = counts.get(category) ?? emptyCounts();
      const isExpected = item.thread.expected.includes(category);
      const isPredicted = predicted.has(category);
      if (isExpected && isPredicted) row.truePositives += 1;
      else if (isPredicted) row.falsePositives += 1;
      else if (isExpected) row.falseNegatives += 1;
    }
  });
  return counts;
}

export function micro(counts: Map<Category, Counts>): Counts {
  const total = emptyCounts();
  for (const row of counts.values()) addCounts(total, row);
  return total;
}

/**
 * Returns the threshold with the best micro F1 of rules plus model. With
 * `alone`, the F1 of the model alone counts, so the rules' tuning cannot sway
 * the choice. A tie goes to the higher threshold.
 */
export function chooseThreshold(items: readonly PreparedThread[], modelScores: ModelScores, alone = false): number {
  let best = { threshold: 1, f1: -1 };
  for (const threshold of THRESHOLDS) {
    const predictions = items.map((item) => (alone ? modelAlone(item, modelScores, threshold) : predict(item, modelScores, threshold)));
    const { f1 } = scores(micro(countAll(items, predictions)));
    if (f1 >= best.f1) best = { threshold, f1 };
  }
  return best.threshold;
}

/**
 * Objective of a threshold choice: the value it maximises for each category over held-out scores.
 * - `f1`: the F1 of the category, which lets a lower
 *   threshold trade precision for recall one for one.
 * - `fbeta`: F-beta with `beta` below 1, so a false finding costs more than a missed one.
 * - `floor`: the highest recall whose findings added by the model alone (a
 *   category no rule found in the thread) keep a precision of at least `floor`.
 *   A threshold where the model adds nothing meets the floor.
 * - `ordinary`: F1 in which each false finding on an ordinary set (n1, n2) counts `weight` times,
 *   or F-beta when `beta` is given (`f0.75ordinary5`).
 * - `target`: how near the category comes to the farther of the precision and
 *   recall targets, min(P / 0.90, R / 0.85). A tie goes to the higher precision.
 * Any other tie goes to the higher threshold.
 */
export type Objective = { kind: 'f1' } | { kind: 'fbeta'; beta: number } | { kind: 'floor'; floor: number } | { kind: 'ordinary'; weight: number; beta?: number } | { kind: 'target' };

/** Precision and recall targets of the project, which the `target` objective measures each category against. */
export const TARGET_PRECISION = 0.9;
export const TARGET_RECALL = 0.85;

/** The objective of `npm run train` and `npm run eval:model` when none is given. */
export const DEFAULT_OBJECTIVE: Objective = { kind: 'fbeta', beta: 0.75 };

/**
 * Parses `f1`, `f0.5` (F-beta), `floor0.85` (model-only precision floor), `ordinary5` (weight of an
 * ordinary set's false finding), `f0.75ordinary5` (the same weight in F-beta) or `target`.
 */
export function readObjective(value: string | null): Objective {
  if (value === null) return DEFAULT_OBJECTIVE;
  if (value === 'f1') return { kind: 'f1' };
  if (value === 'target') return { kind: 'target' };
  const weighted = /^f(\d+(?:\.\d+)?)ordinary(\d+(?:\.\d+)?)$/.exec(value);
  if (weighted !== null && Number(weighted[1]) > 0 && Number(weighted[2]) >= 1) return { kind: 'ordinary', weight: Number(weighted[2]), beta: Number(weighted[1]) };
  const match = /^(f|floor|ordinary)(\d+(?:\.\d+)?)$/.exec(value);
  const number = Number(match?.[2]);
  if (match?.[1] === 'f' && number > 0) return { kind: 'fbeta', beta: number };
  if (match?.[1] === 'floor' && number > 0 && number <= 1) return { kind: 'floor', floor: number };
  if (match?.[1] === 'ordinary' && number >= 1) return { kind: 'ordinary', weight: number };
  throw new Error(`invalid objective "${value}": expected f1, f<beta> (f0.5), floor<precision> (floor0.85), ordinary<weight> (ordinary5), f<beta>ordinary<weight> (f0.75ordinary5) or target`);
}

/** Returns an objective written as --objective takes it, so readObjective() reads it back. */
export function formatObjective(objective: Objective): string {
  switch (objective.kind) {
    case 'f1':
      return 'f1';
    case 'fbeta':
      return `f${objective.beta}`;
    case 'floor':
      return `floor${objective.floor}`;
    case 'ordinary':
      return objective.beta === undefined ? `ordinary${objective.weight}` : `f${objective.beta}ordinary${objective.weight}`;
    case 'target':
      return 'target';
  }
}

/** Counts of one category at one threshold, as the objectives read them. */
export interface ObjectiveCounts {
  /** Every finding of the category, rules' and model's. */
  all: Counts;
  /** True and false findings the model added alone (no rule found the category in the thread). */
  modelOnly: { truePositives: number; falsePositives: number };
  /** False findings on the ordinary sets (n1, n2). */
  ordinaryFalse: number;
}

/** Rates a category's counts at one threshold by `objective`: higher is better, and -1 rules the threshold out. */
export function objectiveValue(objective: Objective, counts: ObjectiveCounts): number {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts.all;
  switch (objective.kind) {
    case 'f1':
      return scores(counts.all).f1;
    case 'fbeta': {
      const b2 = objective.beta * objective.beta;
      const denominator = (1 + b2) * tp + b2 * fn + fp;
      return denominator === 0 ? 1 : ((1 + b2) * tp) / denominator;
    }
    case 'floor': {
      const added = counts.modelOnly.truePositives + counts.modelOnly.falsePositives;
      if (added > 0 && counts.modelOnly.truePositives / added < objective.floor) return -1;
      return tp + fn === 0 ? 1 : tp / (tp + fn);
    }
    case 'ordinary': {
      const b2 = (objective.beta ?? 1) ** 2;
      const weightedFalse = fp + (objective.weight - 1) * counts.ordinaryFalse;
      const denominator = (1 + b2) * tp + b2 * fn + weightedFalse;
      return denominator === 0 ? 1 : ((1 + b2) * tp) / denominator;
    }
    case 'target': {
      const { precision, recall } = scores(counts.all);
      return Math.min(precision / TARGET_PRECISION, recall / TARGET_RECALL);
    }
  }
}

/** Returns the second key of the threshold choice, compared when objectiveValue ties. Equal keys go to the higher threshold. */
export function objectiveTieBreak(objective: Objective, counts: ObjectiveCounts): number {
  return objective.kind === 'target' ? scores(counts.all).precision : 0;
}

/** Counts every category at `threshold`, for the objectives. */
export function countForObjective(items: readonly PreparedThread[], modelScores: ModelScores, threshold: Thresholds, alone: boolean): Map<Category, ObjectiveCounts> {
  const result = new Map<Category, ObjectiveCounts>(CATEGORIES.map((category) => [category, { all: emptyCounts(), modelOnly: { truePositives: 0, falsePositives: 0 }, ordinaryFalse: 0 }]));
  for (const item of items) {
    const rules = alone ? new Set<Category>() : ruleCategories(item);
    const predicted = alone ? modelAlone(item, modelScores, threshold) : predict(item, modelScores, threshold);
    const ordinary = (ORDINARY_SETS as readonly string[]).includes(item.set);
    for (const category of CATEGORIES) {
      const row = result.get(category)!;
      const isExpected = item.thread.expected.includes(category);
      const isPredicted = predicted.has(category);
      if (isExpected && isPredicted) row.all.truePositives += 1;
      else if (isPredicted) row.all.falsePositives += 1;
      else if (isExpected) row.all.falseNegatives += 1;
      if (isPredicted && !rules.has(category)) {
        if (isExpected) row.modelOnly.truePositives += 1;
        else row.modelOnly.falsePositives += 1;
      }
      if (isPredicted && !isExpected && ordinary) row.ordinaryFalse += 1;
    }
  }
  return result;
}

/**
 * Returns one threshold per category: the one `objective` rates best for that
 * category, of the model alone or of rules plus model. A tie goes to the higher
 * threshold.
 */
export function chooseCategoryThresholds(items: readonly PreparedThread[], modelScores: ModelScores, alone = false, objective: Objective = DEFAULT_OBJECTIVE): Map<Category, number> {
  const chosen = new Map<Category, number>();
  const byThreshold = THRESHOLDS.map((threshold) => ({ threshold, counts: countForObjective(items, modelScores, threshold, alone) }));
  for (const category of CATEGORIES) {
    let best = { threshold: 1, value: -Infinity, tie: -Infinity };
    for (const { threshold, counts } of byThreshold) {
      const value = objectiveValue(objective, counts.get(category)!);
      const tie = objectiveTieBreak(objective, counts.get(category)!);
      if (value >= 0 && (value > best.value || (value === best.value && tie >= best.tie))) best = { threshold, value, tie };
    }
    chosen.set(category, best.threshold);
  }
  return chosen;
}

/** Chooses the thresholds of a fold: one for all categories, or one per category. */
export function chooseThresholds(items: readonly PreparedThread[], modelScores: ModelScores, alone: boolean, perCategory: boolean, objective: Objective = DEFAULT_OBJECTIVE): Thresholds {
  return perCategory ? chooseCategoryThresholds(items, modelScores, alone, objective) : chooseThreshold(items, modelScores, alone);
}

export function formatThresholds(thresholds: Thresholds): string {
  if (typeof thresholds === 'number') return thresholds.toFixed(2);
  return CATEGORIES.map((category) => thresholdOf(thresholds, category).toFixed(2)).join('/');
}

function trainingThreads(all: readonly PreparedThread[], excluded: readonly SetName[]): PreparedThread[] {
  return all.filter((item) => !excluded.includes(item.set));
}

function format(counts: Counts): string {
  const { precision, recall, f1 } = scores(counts);
  const cells = [counts.truePositives, counts.falsePositives, counts.falseNegatives].map((value) => String(value).padStart(4)).join('');
  return `${cells}  ${precision.toFixed(2)}  ${recall.toFixed(2)}  ${f1.toFixed(2)}`;
}

const HEADER = `${'  tp  fp  fn'}  P     R     F1  `;

interface FoldResult {
  set: SetName;
  threshold: Thresholds;
  items: PreparedThread[];
  modelScores: ModelScores;
  /** The model's scores for every category, rules ignored: the model alone. */
  aloneScores: ModelScores;
}

/**
 * Compiles only the packs in `folder`, one file per language: the rule packs of
 * an older commit, to measure a set the rules had not yet been tuned on.
 */
function loadRulesFrom(folder: string): RuleSet {
  if (!exists(folder)) throw new Error(`no rule folder ${folder}`);
  const files = readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort().map((name) => path.join(folder, name));
  const packs = files.map((file) => compilePack(readPackFile(file), [file])).sort((a, b) => a.language.localeCompare(b.language));
  return { packs, files, ruleCount: packs.reduce((total, pack) => total + pack.rules.length, 0) };
}

export function readStringOption(argv: string[], name: string): string | null {
  const position = argv.indexOf(name);
  return position === -1 ? null : (argv[position + 1] ?? null);
}

function readNumberOption(argv: string[], name: string, fallback: number): number {
  const position = argv.indexOf(name);
  if (position === -1) return fallback;
  const value = Number(argv[position + 1]);
  if (!Number.isFinite(value)) throw new Error(`invalid ${name}`);
  return value;
}

/** Parses one threshold per category, in CATEGORIES order ("0.2,0.2,0.35,0.2,0.2,0.25"), or returns null when the option is absent. */
export function readFixedThresholds(value: string | null): Map<Category, number> | null {
  if (value === null) return null;
  const numbers = value.split(',').map(Number);
  if (numbers.length !== CATEGORIES.length || numbers.some((number) => !Number.isFinite(number) || number <= 0 || number >= 1)) {
    throw new Error(`invalid --thresholds "${value}": expected ${CATEGORIES.length} numbers between 0 and 1, in the order ${CATEGORIES.join(',')}`);
  }
  return new Map(CATEGORIES.map((category, index) => [category, numbers[index] ?? 1]));
}

/** Parses `expansion=2,churn-risk=1.5` into weights per category, or returns null when the option is absent. */
export function readPositiveWeights(value: string | null): Partial<Record<Category, number>> | null {
  if (value === null) return null;
  const weights: Partial<Record<Category, number>> = {};
  for (const pair of value.split(',')) {
    const [category, weight] = pair.split('=');
    const number = Number(weight);
    if (!(CATEGORIES as readonly string[]).includes(category ?? '') || !Number.isFinite(number) || number <= 0) {
      throw new Error(`invalid --positive-weight entry "${pair}": expected <category>=<positive number>, such as expansion=2`);
    }
    weights[category as Category] = number;
  }
  return weights;
}

/** Adds the tables of one set of folds to `lines`. */
function reportFolds(folds: readonly FoldResult[], lines: string[], chooseAlone: boolean, perCategory: boolean, exampleCount: number, objective: Objective = DEFAULT_OBJECTIVE): void {
  lines.push('', `held-out  thr  | rules alone: ${HEADER}| rules + model: ${HEADER}| model alone: ${HEADER}`);
  const emptyTotals = () => new Map<Category, Counts>(CATEGORIES.map((category) => [category, emptyCounts()]));
  const rulesTotal = emptyTotals();
  const bothTotal = emptyTotals();
  const aloneTotal = emptyTotals();
  // Each writer of a training set (t1e, t2k, …) is a fold, and the set gets a pooled row to read beside b3 to b9.
  const writerTotals = new Map<string, { folds: number; rules: Map<Category, Counts>; both: Map<Category, Counts> }>();
  for (const fold of folds) {
    const rules = countAll(fold.items, fold.items.map((item) => predict(item, null, null)));
    const both = countAll(fold.items, fold.items.map((item) => predict(item, fold.modelScores, fold.threshold)));
    const alone = countAll(fold.items, fold.items.map((item) => modelAlone(item, fold.aloneScores, fold.threshold)));
    const writerSet = /^(t\d+)[a-z]$/.exec(fold.set)?.[1];
    let writerTotal: { folds: number; rules: Map<Category, Counts>; both: Map<Category, Counts> } | undefined;
    if (writerSet !== undefined) {
      writerTotal = writerTotals.get(writerSet) ?? { folds: 0, rules: emptyTotals(), both: emptyTotals() };
      writerTotal.folds += 1;
      writerTotals.set(writerSet, writerTotal);
    }
    for (const category of CATEGORIES) {
      addCounts(rulesTotal.get(category) ?? emptyCounts(), rules.get(category) ?? emptyCounts());
      addCounts(bothTotal.get(category) ?? emptyCounts(), both.get(category) ?? emptyCounts());
      addCounts(aloneTotal.get(category) ?? emptyCounts(), alone.get(category) ?? emptyCounts());
      if (writerTotal === undefined) continue;
      addCounts(writerTotal.rules.get(category) ?? emptyCounts(), rules.get(category) ?? emptyCounts());
      addCounts(writerTotal.both.get(category) ?? emptyCounts(), both.get(category) ?? emptyCounts());
    }
    lines.push(`${fold.set.padEnd(8)}  ${formatThresholds(fold.threshold).padEnd(4)} |              ${format(micro(rules))} |                ${format(micro(both))} | ${format(micro(alone))}`);
  }
  for (const [writerSet, total] of writerTotals) {
    if (total.folds < 2) continue;
    lines.push(`${writerSet.padEnd(8)}       |              ${format(micro(total.rules))} |                ${format(micro(total.both))} |`);
  }
  lines.push(`${'all'.padEnd(8)}       |              ${format(micro(rulesTotal))} |                ${format(micro(bothTotal))} | ${format(micro(aloneTotal))}`);
  lines.push('', `category       | rules alone: ${HEADER}| rules + model: ${HEADER}| model alone: ${HEADER}`);
  for (const category of CATEGORIES) {
    lines.push(`${category.padEnd(14)} |              ${format(rulesTotal.get(category) ?? emptyCounts())} |                ${format(bothTotal.get(category) ?? emptyCounts())} | ${format(aloneTotal.get(category) ?? emptyCounts())}`);
  }

  const last = folds[folds.length - 1];
  if (last !== undefined && folds.length > 1) {
    const rules = countAll(last.items, last.items.map((item) => predict(item, null, null)));
    const both = countAll(last.items, last.items.map((item) => predict(item, last.modelScores, last.threshold)));
    lines.push('', `${last.set} by category | rules alone: ${HEADER}| rules + model: ${HEADER}`);
    for (const category of CATEGORIES) {
      lines.push(`${category.padEnd(14)} |              ${format(rules.get(category) ?? emptyCounts())} |                ${format(both.get(category) ?? emptyCounts())}`);
    }
  }

  // The threshold to ship: the best micro F1 over the pooled held-out scores of all folds.
  const pooledItems = folds.flatMap((fold) => fold.items);
  const pooledScores: ModelScores = new Map(folds.flatMap((fold) => [...fold.modelScores]));
  lines.push('', 'pooled held-out scores by threshold (rules + model):', `  thr  ${HEADER}`);
  for (const threshold of THRESHOLDS) {
    lines.push(`  ${threshold.toFixed(2)} ${format(micro(countAll(pooledItems, pooledItems.map((item) => predict(item, pooledScores, threshold)))))}`);
  }
  const pooledAlone: ModelScores = new Map(folds.flatMap((fold) => [...fold.aloneScores]));
  lines.push('', 'pooled held-out scores by threshold (model alone):', `  thr  ${HEADER}`);
  for (const threshold of THRESHOLDS) {
    lines.push(`  ${threshold.toFixed(2)} ${format(micro(countAll(pooledItems, pooledItems.map((item) => modelAlone(item, pooledAlone, threshold)))))}`);
  }
  const shipped = chooseThresholds(pooledItems, chooseAlone ? pooledAlone : pooledScores, chooseAlone, perCategory, objective);
  lines.push(`threshold to ship (best pooled ${perCategory ? formatObjective(objective) : 'F1'} of ${chooseAlone ? 'the model alone' : 'rules + model'}): ${formatThresholds(shipped)}`);

  if (exampleCount > 0) {
    for (const kind of ['added true positives', 'added false positives'] as const) {
      lines.push('', `model ${kind} (at each fold's threshold):`);
      let shownCount = 0;
      for (const fold of folds) {
        for (const item of fold.items) {
          const rules = ruleCategories(item);
          for (const [category, score] of fold.modelScores.get(item) ?? []) {
            if (rules.has(category) || score.probability < thresholdOf(fold.threshold, category)) continue;
            const isTrue = item.thread.expected.includes(category);
            if (isTrue !== (kind === 'added true positives') || shownCount >= exampleCount) continue;
            shownCount += 1;
            const labels = item.thread.expected.join(',') || 'none';
            lines.push(`  ${item.thread.id} [${labels}] +${category} p=${score.probability.toFixed(2)} ${score.terms.map((term) => `"${term}"`).join(' ')}: ${score.sentence.replace(/\s+/g, ' ').slice(0, 160)}`);
          }
        }
      }
    }
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options: TrainOptions = {
    ...readTrainOptions(argv),
    iterations: readNumberOption(argv, '--iterations', DEFAULT_TRAIN_OPTIONS.iterations),
    minDocs: readNumberOption(argv, '--min-docs', DEFAULT_TRAIN_OPTIONS.minDocs),
    positiveWeights: readPositiveWeights(readStringOption(argv, '--positive-weight')) ?? DEFAULT_TRAIN_OPTIONS.positiveWeights,
  };
  const exampleCount = readNumberOption(argv, '--examples', 0);
  const mode = (readStringOption(argv, '--context') ?? DEFAULT_CONTEXT_MODE) as ContextMode;
  const scope = (readStringOption(argv, '--scope') ?? DEFAULT_SCOPE) as ModelScope;
  const chooseAlone = readStringOption(argv, '--choose') !== 'both';
  const perCategory = argv.includes('--per-category');
  const sentenceThreshold = readNumberOption(argv, '--sentence', 0);
  const sentenceShare = readNumberOption(argv, '--sentence-share', 0);
  const withNegatives = argv.includes('--negatives');
  const lines: string[] = [];
  const rulesDir = readStringOption(argv, '--rules-dir');
  const only = readStringOption(argv, '--only');
  const rules = rulesDir === null ? loadRuleSet([], false) : loadRulesFrom(rulesDir);
  const withNames = !argv.includes('--keep-names');
  // The catalogue is added to the shipped packs only, so --rules-dir measures an older rule folder without it.
  const withCatalog = !argv.includes('--no-catalog') && rulesDir === null;
  const all = prepareThreads(findPackageRoot(), rules, mode, withNames, withCatalog);
  if (withNegatives) all.push(...(await prepareNegativeMail(negativeMailFolder(), rules, mode, withNames)));
  // --without t1 drops every set whose name starts with t1 from training and measuring, to see what a set adds.
  const without = readStringOption(argv, '--without');
  if (without !== null) all.splice(0, all.length, ...all.filter((item) => !item.set.startsWith(without)));
  lines.push(
    `Training options: ${JSON.stringify(options)}; context ${mode}; scope ${scope}; threshold${perCategory ? ' per category' : ''} by ${chooseAlone ? 'model alone' : 'rules + model'} F1; ` +
      `sentence threshold ${sentenceThreshold}; sentence share ${sentenceShare}; names ${withNames ? 'left out' : 'kept'}; ${withCatalog ? 'catalogues' : 'no catalogues'}; ${all.filter((item) => (ORDINARY_SETS as readonly string[]).includes(item.set)).length} ordinary threads; ${withNegatives ? `${all.filter((item) => item.set === 'mail').length} negative real messages` : 'no real mail'}`,
  );
  if (rulesDir !== null) lines.push(`Rules from ${rulesDir}`);

  // The trained models depend on the text only, so the variants (catalogues or not, churn guard or not) share them.
  const guardOption = readStringOption(argv, '--churn-guard');
  const fixedThresholds = readFixedThresholds(readStringOption(argv, '--thresholds'));
  if (fixedThresholds !== null) lines.push(`Fixed thresholds ${formatThresholds(fixedThresholds)}, no inner threshold choice`);
  const guards = guardOption === 'both' ? [true, false] : [guardOption === null ? CHURN_GUARD : guardOption === 'on'];
  const preparedSets: { label: string; all: PreparedThread[] }[] = [{ label: withCatalog ? 'catalogues' : 'no catalogues', all }];
  if (readStringOption(argv, '--catalogs') === 'both' && withCatalog) {
    const plain = prepareThreads(findPackageRoot(), rules, mode, withNames, false);
    if (withNegatives) plain.push(...all.filter((item) => item.set === 'mail'));
    if (without !== null) plain.splice(0, plain.length, ...plain.filter((item) => !item.set.startsWith(without)));
    preparedSets.push({ label: 'no catalogues', all: plain });
  }
  // Several objectives share each fold's trained models and scores, because only the threshold choice differs.
  const objectives = (readStringOption(argv, '--objective') ?? formatObjective(DEFAULT_OBJECTIVE)).split(',').map(readObjective);
  const variants = preparedSets.flatMap((prepared) =>
    guards.flatMap((guard) =>
      objectives.map((objective) => ({
        ...prepared,
        guard,
        objective,
        label: `${prepared.label}, churn guard ${guard ? 'on' : 'off'}${perCategory ? `, objective ${formatObjective(objective)}` : ''}`,
        folds: [] as FoldResult[],
      })),
    ),
  );

  const present = new Set(all.map((item) => item.set));
  for (const heldOutSet of TUNING_SETS.filter((name) => (only === null || name === only) && present.has(name))) {
    // Inner leave-one-set-out over the training sets picks the threshold. The ordinary sets
    // are held out in turn too, so that their false findings count against a low threshold.
    const inner = variants.map(() => ({ items: [] as PreparedThread[], scores: new Map() as ModelScores, alone: new Map() as ModelScores }));
    for (const innerSet of fixedThresholds === null ? [...TUNING_SETS.filter((name) => name !== heldOutSet && present.has(name)), ...ORDINARY_SETS] : []) {
      const models = trainOn(trainingThreads(all, [heldOutSet, innerSet]), options);
      variants.forEach((variant, index) => {
        const target = inner[index]!;
        const items = variant.all.filter((item) => item.set === innerSet);
        for (const [item, score] of scoreThreads(models, items, mode, false, scope, sentenceThreshold, sentenceShare, variant.guard)) target.scores.set(item, score);
        if (chooseAlone) for (const [item, score] of scoreThreads(models, items, mode, true, scope, sentenceThreshold, sentenceShare, variant.guard)) target.alone.set(item, score);
        target.items.push(...items);
      });
    }
    const models = trainOn(trainingThreads(all, [heldOutSet]), options);
    variants.forEach((variant, index) => {
      const target = inner[index]!;
      const threshold = fixedThresholds ?? chooseThresholds(target.items, chooseAlone ? target.alone : target.scores, chooseAlone, perCategory, variant.objective);
      const items = variant.all.filter((item) => item.set === heldOutSet);
      variant.folds.push({
        set: heldOutSet,
        threshold,
        items,
        modelScores: scoreThreads(models, items, mode, false, scope, sentenceThreshold, sentenceShare, variant.guard),
        aloneScores: scoreThreads(models, items, mode, true, scope, sentenceThreshold, sentenceShare, variant.guard),
      });
    });
  }

  for (const variant of variants) {
    if (variants.length > 1) lines.push('', `==== ${variant.label}`);
    reportFolds(variant.folds, lines, chooseAlone, perCategory, exampleCount, variant.objective);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Folder of the shared real-mail corpus, next to the checkout's parent. */
export function negativeMailFolder(): string {
  return process.env.LEAK_CORPUS_MBOX ?? path.resolve(findPackageRoot(), '..', 'shared', 'corpus', 'mbox');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
