// The model's pre-check without feature strings. canReachThreshold() builds
// every unigram and bigram of every sentence as a string, collects them in a
// set and then looks each one up in the weights. Only the features the model
// has a weight for change a sum, so this pass looks a bigram up in two steps
// (first term, then second) and never joins the two terms. It reads the
// features in the order sentenceFeatures() and textFeatures() give them and
// adds each weighted feature once, at its first occurrence, so every sum is
// the same floating-point number as in scoreFeatures().
import type { Category } from '../types.js';
import { FUNCTION_WORDS, isRuledOut, NEGATIONS, NUMBER_FEATURE, sigmoid, type LinearModel } from './model.js';
import type { CompiledPack } from './rule-set.js';
import { plainToken, splitFoldedWords } from './tokens.js';

/**
 * A weighted feature of a model: its weights and the number of that weight array in the
 * model's FeatureMarks, so that a sum marks it without looking the array up.
 */
export interface Feature {
  readonly weights: Float64Array;
  readonly id: number;
}

/** A model's features by name, and its bigrams by first term, then by second term. */
interface FeatureIndex {
  features: Map<string, Feature>;
  bigrams: BigramIndex;
}

type BigramIndex = Map<string, Map<string, Feature>>;

const featureIndexes = new WeakMap<LinearModel, FeatureIndex>();

function featureIndexOf(model: LinearModel): FeatureIndex {
  let index = featureIndexes.get(model);
  if (index !== undefined) return index;
  const { ids } = featureMarksOf(model);
  const features = new Map<string, Feature>();
  const bigrams: BigramIndex = new Map();
  for (const [name, weights] of model.weights) {
    // featureMarksOf() numbers every weight array of the model.
    const feature: Feature = { weights, id: ids.get(weights) as number };
    features.set(name, feature);
    const space = name.indexOf(' ');
    if (space < 0) continue;
    const first = name.slice(0, space);
    let seconds = bigrams.get(first);
    if (seconds === undefined) {
      seconds = new Map();
      bigrams.set(first, seconds);
    }
    seconds.set(name.slice(space + 1), feature);
  }
  index = { features, bigrams };
  featureIndexes.set(model, index);
  return index;
}

/** Facts about one word that the feature walk reads, looked up once per distinct word. */
export interface WordInfo {
  text: string;
  /** The word's feature: its stem, or NUMBER_FEATURE. */
  term: string;
  isPunctuation: boolean;
  isNumber: boolean;
  isFunction: boolean;
  isNegation: boolean;
  /** The word's unigram feature, when the model weighs it. */
  unigram: Feature | undefined;
  /** The bigram features whose first term is this word's, by second term. */
  seconds: ReadonlyMap<string, Feature> | undefined;
}

/** Distinct words whose information is kept per pack; past this many the cache is cleared. */
const MAX_CACHED_WORDS = 100_000;

/** Word tables kept per pack for one model at a time: a pack read with another model starts empty. */
export class PackWordTables<T> {
  private readonly tables = new WeakMap<CompiledPack, { model: LinearModel; words: Map<string, T> }>();

  /** Returns the pack's table for `model`, made empty when the pack was last read with another model. */
  of(pack: CompiledPack, model: LinearModel): Map<string, T> {
    const table = this.tables.get(pack);
    if (table !== undefined && table.model === model) return table.words;
    const words = new Map<string, T>();
    this.tables.set(pack, { model, words });
    return words;
  }
}

const wordCaches = new PackWordTables<WordInfo>();

function wordInfo(model: LinearModel, pack: CompiledPack, index: FeatureIndex, words: Map<string, WordInfo>, word: string): WordInfo {
  const cached = words.get(word);
  if (cached !== undefined) return cached;
  const info = readWordInfo(model, pack, index, word);
  if (words.size >= MAX_CACHED_WORDS) words.clear();
  words.set(word, info);
  return info;
}

/** Returns the facts of one word of splitFoldedWords(), uncached, because the shared word scan caches them itself. */
export function modelWordInfo(model: LinearModel, pack: CompiledPack, word: string): WordInfo {
  return readWordInfo(model, pack, featureIndexOf(model), word);
}

function readWordInfo(model: LinearModel, pack: CompiledPack, index: FeatureIndex, word: string): WordInfo {
  const token = plainToken(pack.settings, word);
  const isNumber = token.number !== null;
  const term = isNumber ? NUMBER_FEATURE : token.stem;
  const info: WordInfo = {
    text: token.text,
    term,
    isPunctuation: token.isPunctuation,
    isNumber,
    isFunction: !isNumber && (pack.stopwords.has(token.text) || FUNCTION_WORDS.has(token.text)),
    isNegation: NEGATIONS.has(token.text),
    unigram: index.features.get(term),
    seconds: index.bigrams.get(term),
  };
  return info;
}

/**
 * A number per weight array of a model, and a mark per number that records which
 * FeatureSums added it last. A message then marks its features in place instead
 * of growing a set of them.
 */
interface FeatureMarks {
  ids: Map<Float64Array, number>;
  marks: Uint32Array;
  /** The mark of the latest FeatureSums; 0 marks no feature. */
  latest: number;
}

const featureMarks = new WeakMap<LinearModel, FeatureMarks>();

function featureMarksOf(model: LinearModel): FeatureMarks {
  let found = featureMarks.get(model);
  if (found !== undefined) return found;
  const ids = new Map<Float64Array, number>();
  for (const weights of model.weights.values()) if (!ids.has(weights)) ids.set(weights, ids.size);
  found = { ids, marks: new Uint32Array(ids.size), latest: 0 };
  featureMarks.set(model, found);
  return found;
}

/**
 * Running sums of one message: the bias plus each weighted feature, added once.
 * The marks are shared by every FeatureSums of a model, so one must be filled
 * before the next is made, as each function here does within one call.
 */
class FeatureSums {
  readonly sums: number[];
  private readonly marks: FeatureMarks;
  private readonly mark: number;
  /** True once the text gives any feature, weighted or not. */
  hasFeature = false;

  constructor(model: LinearModel) {
    this.sums = Array.from(model.bias);
    this.marks = featureMarksOf(model);
    if (this.marks.latest === 0xffffffff) {
      this.marks.marks.fill(0);
      this.marks.latest = 0;
    }
    this.marks.latest += 1;
    this.mark = this.marks.latest;
  }

  add(feature: Feature | undefined): void {
    this.hasFeature = true;
    if (feature === undefined) return;
    // Features sharing one weight array share its number, so the array is added once.
    const { marks } = this.marks;
    if (marks[feature.id] === this.mark) return;
    marks[feature.id] = this.mark;
    const { sums } = this;
    const { weights } = feature;
    for (let index = 0; index < sums.length; index += 1) sums[index] = (sums[index] ?? 0) + (weights[index] ?? 0);
  }
}

// Walks one sentence's words as sentenceFeatures() walks its tokens and adds its features.
function addSentence(
  model: LinearModel,
  pack: CompiledPack,
  index: FeatureIndex,
  folded: string,
  excluded: ReadonlySet<string>,
  sums: FeatureSums,
): void {
  const words = wordCaches.of(pack, model);
  let previous: WordInfo | null = null;
  for (const word of splitFoldedWords(pack.settings, folded)) {
    previous = addWord(wordInfo(model, pack, index, words, word), previous, excluded, sums);
  }
}

// Adds the features of one word, given the previous word of the bigram chain, and
// returns the chain's new previous word: null after punctuation or a name.
function addWord(info: WordInfo, previous: WordInfo | null, excluded: ReadonlySet<string>, sums: FeatureSums): WordInfo | null {
  if (info.isPunctuation || (excluded.size > 0 && !info.isNumber && excluded.has(info.text))) return null;
  if (!info.isFunction) sums.add(info.unigram);
  if (previous !== null) {
    const pairsWithNegation = (previous.isFunction && previous.isNegation) || (info.isFunction && info.isNegation);
    if ((!previous.isFunction && !info.isFunction) || pairsWithNegation) sums.add(previous.seconds?.get(info.term));
  }
  return info;
}

/** Words of one unit from the shared word scan, each with the model's facts, or null when the unit has no scan. */
export type ScannedUnit = readonly { readonly model: WordInfo }[] | null;

/**
 * Returns unitProbabilities(model, pack, units, excluded), reading the words of
 * `scans[i]` for unit i where the shared word scan gave them, and splitting the
 * unit itself where it did not. The scan's facts must come from this model.
 */
export function scannedProbabilities(
  model: LinearModel,
  pack: CompiledPack,
  units: readonly { folded: string }[],
  scans: readonly ScannedUnit[],
  excluded: ReadonlySet<string>,
): number[] | null {
  const features = featureIndexOf(model);
  const sums = new FeatureSums(model);
  units.forEach((unit, index) => {
    const scan = scans[index] ?? null;
    if (scan === null) {
      addSentence(model, pack, features, unit.folded, excluded, sums);
      return;
    }
    let previous: WordInfo | null = null;
    for (let at = 0; at < scan.length; at += 1) previous = addWord((scan[at] as { readonly model: WordInfo }).model, previous, excluded, sums);
  });
  return sums.hasFeature ? sums.sums.map(sigmoid) : null;
}

/** Returns canUnitsReachThreshold(model, pack, units, fired, excluded), reading the shared word scan as scannedProbabilities() does. */
export function canScannedUnitsReachThreshold(
  model: LinearModel,
  pack: CompiledPack,
  units: readonly { folded: string }[],
  scans: readonly ScannedUnit[],
  fired: ReadonlySet<Category>,
  excluded: ReadonlySet<string>,
): boolean {
  const open = model.categories.map((category) => !fired.has(category) && !isRuledOut(category, fired));
  if (!open.includes(true)) return false;
  const probabilities = scannedProbabilities(model, pack, units, scans, excluded);
  return open.some((isOpen, index) => isOpen && (probabilities?.[index] ?? 0) >= (model.thresholds[index] ?? model.threshold));
}

/**
 * Returns scoreFeatures(model, textFeatures(readModelText(pack, units, 'none',
 * excluded), 'none')) with the same numbers, or null when the units give no
 * feature at all.
 */
export function unitProbabilities(
  model: LinearModel,
  pack: CompiledPack,
  units: readonly { folded: string }[],
  excluded: ReadonlySet<string>,
): number[] | null {
  const index = featureIndexOf(model);
  const sums = new FeatureSums(model);
  for (const unit of units) addSentence(model, pack, index, unit.folded, excluded, sums);
  return sums.hasFeature ? sums.sums.map(sigmoid) : null;
}

/**
 * Returns what canReachThreshold(model, readModelText(pack, units, 'none',
 * excluded), fired) returns: whether the message probability of a category
 * not in `fired` nor ruled out reaches its threshold.
 */
export function canUnitsReachThreshold(
  model: LinearModel,
  pack: CompiledPack,
  units: readonly { folded: string }[],
  fired: ReadonlySet<Category>,
  excluded: ReadonlySet<string>,
): boolean {
  const open = model.categories.map((category) => !fired.has(category) && !isRuledOut(category, fired));
  if (!open.includes(true)) return false;
  // With no feature at all, canReachThreshold() takes every probability as 0.
  const probabilities = unitProbabilities(model, pack, units, excluded);
  return open.some((isOpen, index) => isOpen && (probabilities?.[index] ?? 0) >= (model.thresholds[index] ?? model.threshold));
}
