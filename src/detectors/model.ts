// An optional learned model next to the rules: one-vs-rest logistic regression
// over stemmed unigrams and bigrams of the customer's new text, one model per
// language. It adds a category that no rule fired in a message when the
// message scores past the model's threshold, with the best-scoring sentence as
// evidence. The rules stay the main detector, because the model only adds hits.
// It can set aside sentences by the rules' context cues (ContextMode), but by
// default it reads every sentence, so the bigrams carry negation and tense.
import { readFileSync } from 'node:fs';
import { compareText } from '../compare.js';
import { CATEGORIES, type Category, type SignalHit } from '../types.js';
import { analyseSentence } from './context.js';
import type { CompiledPack } from './rule-set.js';
import { tokenizeFolded, type Token } from './tokens.js';

/** Feature that replaces every number, so "23 staff" and "40 staff" give the same features. */
export const NUMBER_FEATURE = '#num';

/** Confidence of a model hit at its threshold and at probability 1, below the weight of most rules. */
const MIN_CONFIDENCE = 0.5;
const MAX_CONFIDENCE = 0.7;

/** Number of terms a model hit's reason names. */
const REASON_TERMS = 3;

/**
 * Tells whether a feature names a word a reader understands: a unigram (never a
 * stopword), or a bigram with at least one word that is no stopword. Numbers
 * and pairs of function words ("to the") are left out of a hit's reason.
 */
export function isReadableTerm(pack: Pick<CompiledPack, 'stopwords'>, surface: string): boolean {
  return surface.split(' ').some((word) => !pack.stopwords.has(word) && !REASON_FILLER.has(word) && !/^[\d.,]+$/.test(word));
}

/**
 * Function words the packs do not list as stopwords (they can matter to a
 * rule), but that explain nothing in a model hit's reason. Folded forms, both
 * languages.
 */
const REASON_FILLER = new Set([
  'a', 'in', 'on', 'who', 'its', 'them', 'he', 'she', 'his', 'her', 'their', 'than', 'then', 'into', 'up', 'out', 'no', 'yes', 'am', 'im', 'ive', 'did', 'does', 'had', 'm', 's', 't', 'd', 'll', 've', 're',
  'en', 'ai', 'as', 'me', 'lui', 'on', 'y', 'ca', 'ici', 'l', 'c', 'j', 'qu', 'n', 'te', 'moi', 'toi', 'eux', 'ont', 'ete', 'etre', 'fait', 'dont', 'ou',
]);

/** A model data file as `npm run train` writes it. */
export interface ModelFile {
  language: string;
  categories: Category[];
  bias: number[];
  /** Weight per category, in `categories` order, for each feature. */
  weights: Record<string, number[]>;
  threshold: number;
  /**
   * Threshold per category, in `categories` order, chosen by cross-validation.
   * When absent, `threshold` holds for every category.
   */
  thresholds?: number[];
  /**
   * Probability the evidence sentence must reach on its own. A long message
   * whose many weak terms add up, with no sentence that states it, is not found.
   */
  sentenceThreshold?: number;
  /** Description of the training threads, kept in the file for the record. */
  trainedOn: string;
}

export interface LinearModel {
  language: string;
  categories: readonly Category[];
  bias: Float64Array;
  weights: ReadonlyMap<string, Float64Array>;
  threshold: number;
  /** Threshold per category, in `categories` order. */
  thresholds: Float64Array;
  sentenceThreshold: number;
}

/** One sentence of new text as the model reads it. */
export interface ModelSentence {
  sentence: string;
  features: string[];
  /** Surface words of each feature, for the reason. */
  surface: Map<string, string>;
  /** Reason the rules' context cues set this sentence aside, else null. */
  blocked: 'negated' | 'past' | 'vendor-offer' | 'question-from-vendor' | null;
}

export interface ModelText {
  language: string;
  sentences: ModelSentence[];
  /** A supplier selling to the owner: the message carries no signal. */
  supplierOffer: boolean;
}

export function toLinearModel(file: ModelFile): LinearModel {
  const weights = new Map<string, Float64Array>();
  for (const [feature, values] of Object.entries(file.weights)) weights.set(feature, Float64Array.from(values));
  const thresholds = Float64Array.from(file.categories.map((_, index) => file.thresholds?.[index] ?? file.threshold));
  return {
    language: file.language,
    categories: file.categories,
    bias: Float64Array.from(file.bias),
    weights,
    threshold: file.threshold,
    thresholds,
    sentenceThreshold: file.sentenceThreshold ?? 0,
  };
}

export function readModelFile(file: string): LinearModel {
  return toLinearModel(JSON.parse(readFileSync(file, 'utf8')) as ModelFile);
}

/**
 * Unique features of one sentence: stems of the words that are no stopwords,
 * every number as NUMBER_FEATURE, and bigrams of adjacent words (stopwords
 * included, so "not renew" is a feature). Punctuation ends a bigram chain.
 */
export function sentenceFeatures(pack: CompiledPack, tokens: readonly Token[]): { features: string[]; surface: Map<string, string> } {
  const surface = new Map<string, string>();
  let previous: { term: string; text: string } | null = null;
  for (const token of tokens) {
    if (token.isPunctuation) {
      previous = null;
      continue;
    }
    const term = token.number === null ? token.stem : NUMBER_FEATURE;
    if (token.number !== null || !pack.stopwords.has(token.text)) {
      if (!surface.has(term)) surface.set(term, token.text);
    }
    if (previous !== null) {
      const bigram = `${previous.term} ${term}`;
      if (!surface.has(bigram)) surface.set(bigram, `${previous.text} ${token.text}`);
    }
    previous = { term, text: token.text };
  }
  return { features: [...surface.keys()], surface };
}

function blockOf(pack: CompiledPack, tokens: Token[]): ModelSentence['blocked'] {
  const context = analyseSentence(pack, tokens);
  const ignored = context.spans.filter((span) => span.kind === 'negationIgnore');
  const isIgnored = (start: number, end: number) => ignored.some((span) => span.start <= start && span.end >= end);
  for (const span of context.spans) {
    if (span.kind === 'vendorVoice') return 'vendor-offer';
    if (span.kind === 'vendorQuestion' && context.isQuestion) return 'question-from-vendor';
  }
  for (const span of context.spans) {
    if ((span.kind === 'negation' || span.kind === 'negationAfter') && !isIgnored(span.start, span.end)) return 'negated';
    if (span.kind === 'past' || span.kind === 'pastAnywhere') return 'past';
  }
  return null;
}

/**
 * Reads the folded units of a message's new text for the model of one pack.
 * The context cues are looked for only when `mode` reads them.
 */
export function readModelText(
  pack: CompiledPack,
  units: readonly { sentence: string; folded: string }[],
  mode: ContextMode = DEFAULT_CONTEXT_MODE,
): ModelText {
  let supplierOffer = false;
  const sentences = units.map((unit) => {
    const tokens = tokenizeFolded(pack.settings, unit.folded, null);
    if (mode !== 'none' && !supplierOffer && pack.supplierPatterns.scan(tokens).length > 0) supplierOffer = true;
    const { features, surface } = sentenceFeatures(pack, tokens);
    return { sentence: unit.sentence, features, surface, blocked: mode === 'none' ? null : blockOf(pack, tokens) };
  });
  return { language: pack.language, sentences, supplierOffer };
}

/**
 * Context cues that set a sentence aside for the model: all of the rules'
 * (negation, past, vendor voice), only the vendor's voice and supplier offers,
 * or none. In `evidence` mode the model reads every sentence, but a category
 * whose best sentence the rules' cues would set aside is not found. `offer`
 * mode is `evidence` with the vendor's cues alone: a category is not found in
 * a supplier's offer, or when its best sentence is in the vendor's voice.
 */
export type ContextMode = 'all' | 'vendor' | 'evidence' | 'offer' | 'none';

// Leave-one-set-out cross-validation over the tuning sets found `none` best:
// the rules' cues are tuned to judge a match within its clause, and applied to
// whole sentences they set aside more requests than wrong guesses. The bigrams
// ("not renew", "already signed") carry most of that context for the model.
export const DEFAULT_CONTEXT_MODE: ContextMode = 'offer';

function isVendorBlock(blocked: ModelSentence['blocked']): boolean {
  return blocked === 'vendor-offer' || blocked === 'question-from-vendor';
}

function isSetAside(sentence: ModelSentence, mode: ContextMode): boolean {
  if (sentence.blocked === null || mode === 'none' || mode === 'evidence' || mode === 'offer') return false;
  return mode === 'all' || isVendorBlock(sentence.blocked);
}

/** Features of the sentences the context cues leave, as one set: what the model scores. */
export function textFeatures(text: ModelText, mode: ContextMode = DEFAULT_CONTEXT_MODE): Set<string> {
  const features = new Set<string>();
  if (text.supplierOffer && (mode === 'all' || mode === 'vendor')) return features;
  for (const sentence of text.sentences) {
    if (!isSetAside(sentence, mode)) for (const feature of sentence.features) features.add(feature);
  }
  return features;
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/** Probability per category, in the model's category order. */
export function scoreFeatures(model: LinearModel, features: Iterable<string>): number[] {
  const sums = Array.from(model.bias);
  for (const feature of features) {
    const weights = model.weights.get(feature);
    if (weights === undefined) continue;
    for (let index = 0; index < sums.length; index += 1) sums[index] = (sums[index] ?? 0) + (weights[index] ?? 0);
  }
  return sums.map(sigmoid);
}

/** Text a probability is computed on: the whole new text of a message, or its best sentence alone. */
export type ModelScope = 'message' | 'sentence';

export const DEFAULT_SCOPE: ModelScope = 'message';

/** Probability the evidence sentence must reach on its own, as `npm run train` writes it by default. */
export const DEFAULT_SENTENCE_THRESHOLD = 0;

/** A category the model finds in a text, with its evidence sentence. */
export interface ModelFinding {
  category: Category;
  probability: number;
  /** Probability of the evidence sentence on its own. */
  sentenceProbability: number;
  sentence: ModelSentence;
  terms: string[];
}

/** What decides whether a category is found, beyond the model's weights. */
export interface FindOptions {
  /** Threshold per category in the model's order, or one for all; the model's own when absent. */
  thresholds?: ArrayLike<number> | number;
  mode?: ContextMode;
  scope?: ModelScope;
  /** Probability the evidence sentence must reach on its own; the model's own when absent. */
  sentenceThreshold?: number;
  /** Words left out of a hit's reason. */
  stopwords?: ReadonlySet<string>;
}

/**
 * Finds the categories whose probability reaches their threshold, each with the
 * unblocked sentence whose features add the most to it. A category with no
 * sentence adding to it, or whose sentence alone stays below the sentence
 * threshold, is not found.
 */
export function findCategories(model: LinearModel, text: ModelText, options: FindOptions = {}): ModelFinding[] {
  const mode = options.mode ?? DEFAULT_CONTEXT_MODE;
  const scope = options.scope ?? DEFAULT_SCOPE;
  const sentenceThreshold = options.sentenceThreshold ?? model.sentenceThreshold;
  const thresholdOf = (index: number): number => {
    const given = options.thresholds;
    if (given === undefined) return model.thresholds[index] ?? model.threshold;
    return typeof given === 'number' ? given : (given[index] ?? model.threshold);
  };
  const features = textFeatures(text, mode);
  if (features.size === 0) return [];
  const probabilities = scoreFeatures(model, features);
  const findings: ModelFinding[] = [];
  model.categories.forEach((category, index) => {
    const threshold = thresholdOf(index);
    if (scope === 'message' && (probabilities[index] ?? 0) < threshold) return;
    let best: { sentence: ModelSentence; sum: number } | null = null;
    for (const sentence of text.sentences) {
      if (isSetAside(sentence, mode)) continue;
      let sum = 0;
      for (const feature of sentence.features) sum += model.weights.get(feature)?.[index] ?? 0;
      if (sum > 0 && (best === null || sum > best.sum)) best = { sentence, sum };
    }
    if (best === null) return;
    const sentenceProbability = sigmoid((model.bias[index] ?? 0) + best.sum);
    const probability = scope === 'message' ? (probabilities[index] ?? 0) : sentenceProbability;
    if (probability < threshold || sentenceProbability < sentenceThreshold) return;
    if (mode === 'evidence' && (best.sentence.blocked !== null || text.supplierOffer)) return;
    if (mode === 'offer' && (isVendorBlock(best.sentence.blocked) || text.supplierOffer)) return;
    const sentence = best.sentence;
    const stopwords = options.stopwords;
    const terms = sentence.features
      .map((feature) => ({ feature, weight: model.weights.get(feature)?.[index] ?? 0, surface: sentence.surface.get(feature) ?? feature }))
      .filter((term) => term.weight > 0 && (stopwords === undefined || isReadableTerm({ stopwords }, term.surface)))
      .sort((a, b) => b.weight - a.weight || compareText(a.feature, b.feature))
      .slice(0, REASON_TERMS)
      .map((term) => term.surface);
    findings.push({ category, probability, sentenceProbability, sentence, terms });
  });
  return findings;
}

/** Maps a probability past the threshold to a confidence between MIN_CONFIDENCE and MAX_CONFIDENCE. */
export function modelConfidence(probability: number, threshold: number): number {
  const span = threshold >= 1 ? 0 : (probability - threshold) / (1 - threshold);
  return Math.round((MIN_CONFIDENCE + (MAX_CONFIDENCE - MIN_CONFIDENCE) * Math.max(0, Math.min(1, span))) * 100) / 100;
}

export function toModelHit(finding: ModelFinding, language: string, threshold: number, snippet: (sentence: string) => string): SignalHit {
  return {
    ruleId: `model-${finding.category}`,
    category: finding.category,
    language,
    phrase: `model: ${finding.terms.map((term) => `"${term}"`).join(' ')}`,
    snippet: snippet(finding.sentence.sentence),
    quantity: null,
    confidence: modelConfidence(finding.probability, threshold),
  };
}

export interface TrainingDoc {
  features: string[];
  labels: readonly Category[];
}

export interface TrainOptions {
  /** L2 penalty on the mean log loss. */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Documents a feature must occur in to be kept. */
  minDocs: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { l2: 0.01, iterations: 300, learningRate: 0.2, minDocs: 2 };

/**
 * Trains one-vs-rest logistic regression with full-batch AdaGrad: no random
 * order, so the same documents always give the same weights.
 */
export function trainModel(language: string, docs: readonly TrainingDoc[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS, trainedOn = ''): ModelFile {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const feature of new Set(doc.features)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vocabulary = [...counts.entries()].filter(([, count]) => count >= options.minDocs).map(([feature]) => feature).sort();
  const indexOf = new Map(vocabulary.map((feature, index) => [feature, index]));
  const rows = docs.map((doc) => Int32Array.from([...new Set(doc.features)].flatMap((feature) => indexOf.get(feature) ?? [])));
  const size = vocabulary.length;

  // One logistic regression per category, fitted by full-batch gradient descent with
  // AdaGrad steps and an L2 penalty.
  const bias: number[] = [];
  const weightsByCategory: Float64Array[] = [];
  for (const category of CATEGORIES) {
    const targets = docs.map((doc) => (doc.labels.includes(category) ? 1 : 0));
    const weights = new Float64Array(size);
    const squares = new Float64Array(size);
    let b = 0;
    let bSquares = 0;

    for (let iteration = 0; iteration < options.iterations; iteration += 1) {
      const gradient = new Float64Array(size);
      let bGradient = 0;
      rows.forEach((row, docIndex) => {
        let sum = b;
        for (const feature of row) sum += weights[feature] ?? 0;
        const error = (sigmoid(sum) - (targets[docIndex] ?? 0)) / rows.length;
        bGradient += error;
        for (const feature of row) gradient[feature] = (gradient[feature] ?? 0) + error;
      });

      for (let feature = 0; feature < size; feature += 1) {
        const step = (gradient[feature] ?? 0) + options.l2 * (weights[feature] ?? 0);
        squares[feature] = (squares[feature] ?? 0) + step * step;
        weights[feature] = (weights[feature] ?? 0) - (options.learningRate * step) / (Math.sqrt(squares[feature] ?? 0) + 1e-8);
      }
      bSquares += bGradient * bGradient;
      b -= (options.learningRate * bGradient) / (Math.sqrt(bSquares) + 1e-8);
    }
    bias.push(round(b));
    weightsByCategory.push(weights);
  }

  // Weights that round to zero are left out of the file.
  const weights: Record<string, number[]> = {};
  vocabulary.forEach((feature, index) => {
    const values = weightsByCategory.map((categoryWeights) => round(categoryWeights[index] ?? 0));
    if (values.some((value) => Math.abs(value) >= 0.001)) weights[feature] = values;
  });
  return { language, categories: [...CATEGORIES], bias, weights, threshold: 0.5, trainedOn };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
