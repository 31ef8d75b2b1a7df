// An optional learned model next to the rules: one-vs-rest logistic regression
// over stemmed unigrams and bigrams of the customer's new text, one model per
// language. It adds a category that no rule fired in a message when the
// message scores past the model's threshold, with the best-scoring sentence as
// evidence. The rules stay the main detector, because the model only adds hits.
// It can set aside sentences by the rules' context cues (ContextMode), but by
// default it reads every sentence, so the bigrams carry negation and tense.
import { readFileSync } from 'node:fs';
import { compareText } from '../compare.js';
import { LeakError } from '../errors.js';
import { CATEGORIES, type Category, type SignalHit } from '../types.js';
import { analyseSentence } from './context.js';
import type { CompiledPack } from './rule-set.js';
import { foldText } from './normalize.js';
import { tokenizeFolded, type Token } from './tokens.js';

/** Feature that replaces every number, so "23 staff" and "40 staff" give the same features. */
export const NUMBER_FEATURE = '#num';

/** Confidence of a model hit at its threshold and at probability 1, below the weight of most rules. */
const MIN_CONFIDENCE = 0.5;
const MAX_CONFIDENCE = 0.7;

/** Number of terms a model hit's reason names. */
const REASON_TERMS = 3;

/**
 * Tells whether a feature names a word a reader understands: at least one of
 * its words is no stopword, function word or number. A hit's reason names
 * these first.
 */
export function isReadableTerm(pack: Pick<CompiledPack, 'stopwords'>, surface: string): boolean {
  return surface.split(' ').some((word) => !isFunctionWord(pack, word) && !REASON_FILLER.has(word) && !/^[\d.,]+$/.test(word));
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
  /**
   * Share of its category's threshold the evidence sentence's own probability
   * must reach, so the sentence shown carries the request. 0 when absent.
   */
  sentenceShare?: number;
  /**
   * Veto floor per category, in `categories` order: a rule's finding of a category
   * in a message is dropped when the model's probability for it there is below the
   * floor. When absent (older or custom files), or 0, nothing is vetoed.
   */
  vetoFloors?: number[];
  /**
   * Rule confidence from which a finding is out of the veto's reach: a category is vetoed in a
   * message only when its rules' highest confidence there is below this bound. When absent, every
   * finding of a category with a floor can be vetoed.
   */
  vetoBelow?: number;
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
  sentenceShare: number;
  /** Veto floor per category, in `categories` order; 0 vetoes nothing. */
  vetoFloors: Float64Array;
  /** Rule confidence from which the veto spares a finding, or Infinity when the file has none. */
  vetoBelow: number;
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
    sentenceShare: file.sentenceShare ?? 0,
    vetoFloors: Float64Array.from(file.categories.map((_, index) => file.vetoFloors?.[index] ?? 0)),
    vetoBelow: file.vetoBelow ?? Infinity,
  };
}

/** Returns the model's veto floor for a category: 0, which vetoes nothing, when it has none. */
export function vetoFloorOf(model: LinearModel, category: Category): number {
  const index = model.categories.indexOf(category);
  return index === -1 ? 0 : (model.vetoFloors[index] ?? 0);
}

export function readModelFile(file: string): LinearModel {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ModelFile;
  checkVetoFloors(file, parsed);
  checkVetoBelow(file, parsed);
  return toLinearModel(parsed);
}

/**
 * Checks a model file's `vetoBelow`: absent, or a number above 0 and at most 1. A bound of 0
 * or less would spare every finding, as a file without floors already does.
 */
export function checkVetoBelow(file: string, model: ModelFile): void {
  const bound: unknown = model.vetoBelow;
  if (bound === undefined) return;
  if (typeof bound !== 'number' || !Number.isFinite(bound) || bound <= 0 || bound > 1) {
    throw new LeakError('RULES_INVALID', `${file}: field "vetoBelow" must be a number above 0 and at most 1, got ${describeValue(bound)}. Fix the model file or run npm run train again.`);
  }
}

/**
 * Checks a model file's `vetoFloors`: absent, or one number from 0 to below 1 per category.
 * A floor of 1 or more would drop every rule finding of its category, and a string or a
 * short list would be read item by item with the gaps taken as 0.
 */
export function checkVetoFloors(file: string, model: ModelFile): void {
  const floors: unknown = model.vetoFloors;
  if (floors === undefined) return;
  const categories: unknown = model.categories;
  const count = Array.isArray(categories) ? categories.length : 0;
  const expected = `a list of ${count} numbers from 0 to below 1, one per category in "categories" order`;
  const fail = (detail: string): never => {
    throw new LeakError('RULES_INVALID', `${file}: field "vetoFloors" must be ${expected}, ${detail}. Fix the model file or run npm run train again.`);
  };
  if (!Array.isArray(floors)) fail(`got ${describeValue(floors)}`);
  const list = floors as unknown[];
  if (list.length !== count) fail(`got ${list.length} item(s)`);
  list.forEach((floor, position) => {
    if (typeof floor !== 'number' || !Number.isFinite(floor) || floor < 0 || floor >= 1) {
      fail(`but item ${position + 1} is ${describeValue(floor)}`);
    }
  });
}

/** Returns a value as an error message shows it: a number as written, a string marked as one, else JSON text. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * Function words of both languages, folded, beyond the packs' stopwords:
 * pronouns, auxiliaries, articles and prepositions. A feature made only of
 * these ("je lui", "lui ai", "we will") shows who speaks and in which tense,
 * not what is asked, and the model learned them from the few writers of the
 * eval threads. A function word does not end a bigram chain, but it forms no
 * bigram unless it is a negation, so "will cancel" gives only "cancel".
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  // English
  'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'we', 'us', 'our', 'ours', 'you', 'your', 'yours', 'he', 'him', 'his', 'she', 'her', 'hers',
  'they', 'them', 'their', 'theirs', 'it', 'its', 'itself', 'myself', 'ourselves', 'yourself', 'themselves', 'who', 'whom', 'whose',
  'which', 'what', 'that', 'this', 'these', 'those', 'there', 'here', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might',
  'must', 'have', 'has', 'had', 'having', 'do', 'does', 'did', 'doing', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  'to', 'of', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'onto', 'up', 'out', 'off', 'over', 'as', 'than', 'then', 'so',
  'and', 'or', 'but', 'if', 'im', 'ive', 'id', 'ill', 'weve', 'youre', 'theyre', 'its', 'm', 's', 't', 'd', 'll', 've', 're',
  'just', 'also', 'too', 'very', 'yes', 'ok', 'okay', 'hi', 'hello', 'dear', 'thanks', 'thank', 'please', 'regards',
  // French
  'je', 'j', 'tu', 'il', 'elle', 'on', 'nous', 'vous', 'ils', 'elles', 'me', 'm', 'te', 't', 'se', 's', 'lui', 'leur', 'leurs', 'y', 'en',
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'du', 'de', 'd', 'au', 'aux', 'ai', 'as', 'a', 'avons', 'avez', 'ont', 'avait', 'avais',
  'aurait', 'aurions', 'est', 'es', 'sont', 'suis', 'sommes', 'etes', 'ete', 'etre', 'avoir', 'etait', 'etaient', 'serait', 'serais',
  'serions', 'seriez', 'sera', 'serons', 'serez', 'seront', 'soit', 'ce', 'c', 'ca', 'cet', 'cette', 'ces', 'ceci', 'cela', 'qu', 'que',
  'qui', 'quoi', 'dont', 'ou', 'et', 'mais', 'donc', 'ni', 'car', 'ne', 'n', 'pas', 'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'son', 'sa',
  'ses', 'notre', 'nos', 'votre', 'vos', 'moi', 'toi', 'eux', 'sur', 'dans', 'par', 'pour', 'avec', 'chez', 'vers', 'si', 'bonjour',
  'merci', 'cordialement', 'bien', 'tres', 'aussi', 'deja', 'ici',
]);

/** Tells whether a folded word is a stopword of the pack or a function word. */
function isFunctionWord(pack: Pick<CompiledPack, 'stopwords'>, word: string): boolean {
  return pack.stopwords.has(word) || FUNCTION_WORDS.has(word);
}

/**
 * Folded words of people's names to leave out of the features: the display
 * names and address local parts of a message's or a thread's participants.
 * Words of one letter are kept out of the set: they are initials, and
 * FUNCTION_WORDS lists the one-letter words that matter.
 */
export function participantWords(addresses: Iterable<{ name: string; address: string }>): Set<string> {
  const words = new Set<string>();
  for (const { name, address } of addresses) {
    const local = address.split('@')[0] ?? '';
    for (const part of [name, local]) {
      for (const word of foldText(part).split(/[^a-z]+/)) if (word.length > 1) words.add(word);
    }
  }
  return words;
}

/**
 * Unique features of one sentence: stems of the words that are neither
 * stopwords nor function words, every number as NUMBER_FEATURE, and bigrams of
 * two such adjacent words or of a negation and its neighbour ("not renew",
 * "pas resilier"). A pair with another function word ("we will", "la fin",
 * "decided to") gives no bigram. Punctuation and a word of
 * `excluded` (participants' names) end a bigram chain, and such a word is no
 * feature.
 */
export function sentenceFeatures(
  pack: CompiledPack,
  tokens: readonly Token[],
  excluded: ReadonlySet<string> = NO_WORDS,
): { features: string[]; surface: Map<string, string> } {
  const surface = new Map<string, string>();
  // The previous word of the chain, kept in three variables rather than an
  // object per token: `previousTerm` is null when the chain is broken.
  let previousTerm: string | null = null;
  let previousText = '';
  let previousIsFunction = false;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    if (token.isPunctuation || (token.number === null && excluded.has(token.text))) {
      previousTerm = null;
      continue;
    }
    const term = token.number === null ? token.stem : NUMBER_FEATURE;
    const isFunction = token.number === null && isFunctionWord(pack, token.text);
    if (!isFunction && !surface.has(term)) surface.set(term, token.text);
    if (previousTerm !== null) {
      const pairsWithNegation = (previousIsFunction && NEGATIONS.has(previousText)) || (isFunction && NEGATIONS.has(token.text));
      if ((!previousIsFunction && !isFunction) || pairsWithNegation) {
        const bigram = `${previousTerm} ${term}`;
        if (!surface.has(bigram)) surface.set(bigram, `${previousText} ${token.text}`);
      }
    }
    previousTerm = term;
    previousText = token.text;
    previousIsFunction = isFunction;
  }
  return { features: [...surface.keys()], surface };
}

const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * Negation words, folded: a bigram with one of them, when it is a function
 * word, is kept, so "not renew" and "pas resilier" stay features.
 */
export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'dont', 'didnt', 'wont', 'cant', 'nor', 'ne', 'n', 'pas', 'plus', 'jamais', 'aucun', 'aucune', 'ni', 'sans', 'without']);

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
  excluded: ReadonlySet<string> = NO_WORDS,
): ModelText {
  let supplierOffer = false;
  const sentences = units.map((unit) => {
    const tokens = tokenizeFolded(pack.settings, unit.folded, null);
    if (mode !== 'none' && !supplierOffer && pack.supplierPatterns.scan(tokens).length > 0) supplierOffer = true;
    const { features, surface } = sentenceFeatures(pack, tokens, excluded);
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
 * `negation` mode is `offer` that also drops a category whose best sentence
 * the rules read as negated.
 */
export type ContextMode = 'all' | 'vendor' | 'evidence' | 'negation' | 'offer' | 'none';

// Leave-one-set-out cross-validation over the tuning sets found `none` best:
// the rules' cues are tuned to judge a match within its clause, and applied to
// whole sentences they set aside more requests than wrong guesses. The bigrams
// ("not renew", "already signed") carry most of that context for the model.
export const DEFAULT_CONTEXT_MODE: ContextMode = 'offer';

function isVendorBlock(blocked: ModelSentence['blocked']): boolean {
  return blocked === 'vendor-offer' || blocked === 'question-from-vendor';
}

function isSetAside(sentence: ModelSentence, mode: ContextMode): boolean {
  if (sentence.blocked === null || mode === 'none' || mode === 'evidence' || mode === 'negation' || mode === 'offer') return false;
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

/** Share of the threshold the evidence sentence must reach, as `npm run train` writes it by default. */
export const DEFAULT_SENTENCE_SHARE = 0;

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
  /** Share of the category's threshold the evidence sentence must reach; the model's own when absent. */
  sentenceShare?: number;
  /** Words left out of a hit's reason. */
  stopwords?: ReadonlySet<string>;
}

/**
 * Why a category whose message probability reaches its threshold is still not
 * found: no sentence adds to it, its evidence sentence alone is too weak, the
 * rules' context cues set that sentence aside (negation, past, vendor voice),
 * or the message is a supplier's offer.
 */
export type DropReason = 'no-sentence' | 'weak-sentence' | 'context' | 'vendor-voice' | 'supplier-offer';

/** The model's judgement of one category in a text. */
export interface CategoryJudgement {
  category: Category;
  /** Probability of the whole text (or of the best sentence, with scope `sentence`). */
  probability: number;
  threshold: number;
  /** Best sentence for the category and its probability on its own, null when no sentence adds to it. */
  sentence: ModelSentence | null;
  sentenceProbability: number;
  /** Reason the category is not found though `probability` reaches `threshold`, else null. */
  dropped: DropReason | null;
  /** Terms for the reason, readable ones first. */
  terms: string[];
}

/**
 * Judges every category of the model in `text`: its probability, its best
 * sentence (the unblocked one whose features add the most to it) and, when the
 * probability reaches the threshold but the category is still not found, why.
 */
export function judgeCategories(model: LinearModel, text: ModelText, options: FindOptions = {}): CategoryJudgement[] {
  const mode = options.mode ?? DEFAULT_CONTEXT_MODE;
  const scope = options.scope ?? DEFAULT_SCOPE;
  const sentenceThreshold = options.sentenceThreshold ?? model.sentenceThreshold;
  const sentenceShare = options.sentenceShare ?? model.sentenceShare;
  const thresholdOf = (index: number): number => {
    const given = options.thresholds;
    if (given === undefined) return model.thresholds[index] ?? model.threshold;
    return typeof given === 'number' ? given : (given[index] ?? model.threshold);
  };
  const features = textFeatures(text, mode);
  const probabilities = features.size === 0 ? model.categories.map(() => 0) : scoreFeatures(model, features);
  return model.categories.map((category, index) => {
    const threshold = thresholdOf(index);
    let best: { sentence: ModelSentence; sum: number } | null = null;
    for (const sentence of text.sentences) {
      if (isSetAside(sentence, mode)) continue;
      let sum = 0;
      for (const feature of sentence.features) sum += model.weights.get(feature)?.[index] ?? 0;
      if (sum > 0 && (best === null || sum > best.sum)) best = { sentence, sum };
    }
    const sentenceProbability = best === null ? 0 : sigmoid((model.bias[index] ?? 0) + best.sum);
    const probability = scope === 'message' ? (probabilities[index] ?? 0) : sentenceProbability;
    const judgement: CategoryJudgement = { category, probability, threshold, sentence: best?.sentence ?? null, sentenceProbability, dropped: null, terms: [] };
    if (features.size === 0 || probability < threshold) return judgement;
    if (best === null) return { ...judgement, dropped: 'no-sentence' };
    const terms = reasonTerms(model, index, best.sentence, options.stopwords);
    if (sentenceProbability < Math.max(sentenceThreshold, sentenceShare * threshold)) return { ...judgement, terms, dropped: 'weak-sentence' };
    const readsEvidence = mode === 'evidence' || mode === 'negation' || mode === 'offer';
    if (readsEvidence && text.supplierOffer) return { ...judgement, terms, dropped: 'supplier-offer' };
    if (readsEvidence && isVendorBlock(best.sentence.blocked)) return { ...judgement, terms, dropped: 'vendor-voice' };
    if (mode === 'evidence' && best.sentence.blocked !== null) return { ...judgement, terms, dropped: 'context' };
    if (mode === 'negation' && best.sentence.blocked === 'negated') return { ...judgement, terms, dropped: 'context' };
    return { ...judgement, terms };
  });
}

/**
 * The features of `sentence` that add the most to a category, readable ones
 * (not a number, stopword or function word alone) first, as the words of the text.
 */
function reasonTerms(model: LinearModel, index: number, sentence: ModelSentence, stopwords: ReadonlySet<string> | undefined): string[] {
  return sentence.features
    .map((feature) => {
      const surface = sentence.surface.get(feature) ?? feature;
      return { feature, surface, weight: model.weights.get(feature)?.[index] ?? 0, readable: stopwords === undefined || isReadableTerm({ stopwords }, surface) };
    })
    .filter((term) => term.weight > 0)
    .sort((a, b) => Number(b.readable) - Number(a.readable) || b.weight - a.weight || compareText(a.feature, b.feature))
    .slice(0, REASON_TERMS)
    .map((term) => term.surface);
}

/**
 * Finds the categories whose probability reaches their threshold, each with the
 * unblocked sentence whose features add the most to it. A category with no
 * sentence adding to it, or whose sentence alone stays below the sentence
 * threshold or its share of the category's threshold, is not found.
 */
export function findCategories(model: LinearModel, text: ModelText, options: FindOptions = {}): ModelFinding[] {
  const findings: ModelFinding[] = [];
  for (const judgement of judgeCategories(model, text, options)) {
    if (judgement.probability < judgement.threshold || judgement.dropped !== null || judgement.sentence === null) continue;
    const { category, probability, sentenceProbability, sentence, terms } = judgement;
    findings.push({ category, probability, sentenceProbability, sentence, terms });
  }
  return findings;
}

/**
 * Switch for the churn guard of isRuledOut: a rule's churn risk in a message rules
 * out the model's upgrade and expansion there. The cross-validation can turn it off.
 */
export const CHURN_GUARD = true;

/**
 * Switch for the sibling guard of isRuledOut: a rule's expansion in a message rules
 * out the model's upgrade there, and a rule's upgrade the model's expansion.
 */
export const SIBLING_GUARD = false;

/**
 * Tells whether the rules' categories in a message rule out a model category:
 * a rule's expansion, upgrade or churn risk shows an existing customer, so the
 * message is no new business. With `churnGuard`, a rule's churn risk also rules
 * out upgrade and expansion: a message that cancels, leaves or cuts back is no
 * purchase the model may add on its words alone. A rule's own upgrade or
 * expansion beside the churn risk is kept.
 */
export function isRuledOut(category: Category, ruleCategories: ReadonlySet<Category>, churnGuard = CHURN_GUARD, siblingGuard = SIBLING_GUARD): boolean {
  if (category === 'new-business') return ruleCategories.has('expansion') || ruleCategories.has('upgrade') || ruleCategories.has('churn-risk');
  if (churnGuard && (category === 'upgrade' || category === 'expansion') && ruleCategories.has('churn-risk')) return true;
  if (siblingGuard && category === 'upgrade') return ruleCategories.has('expansion');
  if (siblingGuard && category === 'expansion') return ruleCategories.has('upgrade');
  return false;
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
  /** Multiplies the document's weight in the loss (1 when absent). */
  weight?: number;
  /** The training set (writer) the document comes from, for `minSets` and `balanceSets`. A document without one is a set of its own. */
  set?: string;
}

export interface TrainOptions {
  /** L2 penalty on the mean log loss. */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Documents a feature must occur in to be kept. */
  minDocs: number;
  /**
   * Weight of a document with no category in the loss, against 1 for the
   * others: ordinary mail is far more common in a mailbox than in the eval sets.
   */
  negativeWeight?: number;
  /** Weight in the loss of a document labelled with the category, per category (1 when absent). */
  positiveWeights?: Partial<Record<Category, number>>;
  /** Distinct training sets whose documents a feature must occur in to be kept (1 when absent). */
  minSets?: number;
  /** Gives every training set the same total weight in the loss, the documents' sum of weights unchanged. */
  balanceSets?: boolean;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { l2: 0.01, iterations: 300, learningRate: 0.2, minDocs: 2, negativeWeight: 4 };

/**
 * Trains one-vs-rest logistic regression with full-batch AdaGrad: no random
 * order, so the same documents always give the same weights.
 */
export function trainModel(language: string, docs: readonly TrainingDoc[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS, trainedOn = ''): ModelFile {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const feature of new Set(doc.features)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const setOf = (doc: TrainingDoc, index: number): string => doc.set ?? `#${index}`;
  const minSets = options.minSets ?? 1;
  const sets = new Map<string, Set<string>>();
  if (minSets > 1) {
    docs.forEach((doc, index) => {
      for (const feature of doc.features) {
        const seen = sets.get(feature) ?? new Set<string>();
        seen.add(setOf(doc, index));
        sets.set(feature, seen);
      }
    });
  }
  const vocabulary = [...counts.entries()]
    .filter(([feature, count]) => count >= options.minDocs && (minSets <= 1 || (sets.get(feature)?.size ?? 0) >= minSets))
    .map(([feature]) => feature)
    .sort();
  const indexOf = new Map(vocabulary.map((feature, index) => [feature, index]));
  const rows = docs.map((doc) => Int32Array.from([...new Set(doc.features)].flatMap((feature) => indexOf.get(feature) ?? [])));
  const size = vocabulary.length;
  const negativeWeight = options.negativeWeight ?? 1;
  // With balanceSets, a document weighs (documents / sets) / its set's size, so each set sums to the same.
  const setSizes = new Map<string, number>();
  if (options.balanceSets === true) docs.forEach((doc, index) => setSizes.set(setOf(doc, index), (setSizes.get(setOf(doc, index)) ?? 0) + 1));
  const balance = (doc: TrainingDoc, index: number): number =>
    options.balanceSets === true ? docs.length / setSizes.size / (setSizes.get(setOf(doc, index)) ?? 1) : 1;
  const docWeights = docs.map((doc, index) => (doc.labels.length === 0 ? negativeWeight : 1) * (doc.weight ?? 1) * balance(doc, index));
  const totalWeight = docWeights.reduce((total, weight) => total + weight, 0);

  // One logistic regression per category, fitted by full-batch gradient descent with
  // AdaGrad steps and an L2 penalty.
  const bias: number[] = [];
  const weightsByCategory: Float64Array[] = [];
  for (const category of CATEGORIES) {
    const targets = docs.map((doc) => (doc.labels.includes(category) ? 1 : 0));
    const positiveWeight = options.positiveWeights?.[category] ?? 1;
    const categoryWeights = positiveWeight === 1 ? docWeights : docWeights.map((weight, docIndex) => (targets[docIndex] === 1 ? weight * positiveWeight : weight));
    const categoryTotal = positiveWeight === 1 ? totalWeight : categoryWeights.reduce((total, weight) => total + weight, 0);
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
        const error = ((sigmoid(sum) - (targets[docIndex] ?? 0)) * (categoryWeights[docIndex] ?? 1)) / categoryTotal;
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
