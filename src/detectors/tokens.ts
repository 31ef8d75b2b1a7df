// Tokenizing and stemming with natural, configured by name from a rule pack, so
// that a new language needs only a pack file. Only the named modules load,
// because the package index loads all of natural (about 80 MB RSS, measured).
import { createRequire } from 'node:module';
import { expandApostrophes, foldText, joinDigitGroups, type ApostropheRules } from './normalize.js';
import type { TypoIndex } from './typos.js';
import { pushNumberRun, splitWordPunct } from './word-punct.js';

export interface Tokenizer {
  tokenize(text: string): string[];
}

export interface Stemmer {
  stem(word: string): string;
}

/** One token of normalised text. */
export interface Token {
  /** Folded surface form: lower case, accents removed, apostrophes expanded. */
  text: string;
  stem: string;
  /** Stem of the rule word this token is one typo away from, else null. */
  typoStem: string | null;
  typoOf: string | null;
  /** Value of a digit string or a number word, else null. */
  number: number | null;
  isPunctuation: boolean;
}

/** The per-language pieces tokenization needs, taken from a compiled pack. */
export interface TokenizerSettings {
  tokenizer: Tokenizer;
  stemmer: Stemmer;
  apostrophes: ApostropheRules;
  numbers: ReadonlyMap<string, number>;
  stemCache: Map<string, string>;
  /** A hand-written pass that gives the tokenizer's words, when there is one for it. */
  split?: (text: string) => string[];
  /** Tokens read without typo lookups, by folded word: shared, never changed. */
  tokenCache?: Map<string, Token>;
}

/**
 * Hand-written passes that give the words of a natural tokenizer, by class
 * name: splitFoldedWords() uses one instead of the tokenizer and its filter.
 */
export const FAST_SPLITTERS: Readonly<Record<string, (text: string) => string[]>> = { WordPunctTokenizer: splitWordPunct };

const HAS_WORD_CHARACTER = /[a-z0-9]/;
const DIGITS = /^\d+$/;

/** A natural module path and the export name in it, null when the module itself is the export. */
interface NaturalPart {
  module: string;
  name: string | null;
}

const TOKENIZERS = 'natural/lib/natural/tokenizers/';
const STEMMERS = 'natural/lib/natural/stemmers/';

/** Tokenizer classes a pack may name, with the natural module that defines each. */
const TOKENIZER_PARTS: Readonly<Record<string, NaturalPart>> = {
  WordPunctTokenizer: { module: `${TOKENIZERS}regexp_tokenizer.js`, name: 'WordPunctTokenizer' },
  WordTokenizer: { module: `${TOKENIZERS}regexp_tokenizer.js`, name: 'WordTokenizer' },
  TreebankWordTokenizer: { module: `${TOKENIZERS}treebank_word_tokenizer.js`, name: null },
  AggressiveTokenizer: { module: `${TOKENIZERS}aggressive_tokenizer.js`, name: null },
  AggressiveTokenizerFr: { module: `${TOKENIZERS}aggressive_tokenizer_fr.js`, name: null },
  AggressiveTokenizerDe: { module: `${TOKENIZERS}aggressive_tokenizer_de.js`, name: null },
  AggressiveTokenizerEs: { module: `${TOKENIZERS}aggressive_tokenizer_es.js`, name: null },
  AggressiveTokenizerIt: { module: `${TOKENIZERS}aggressive_tokenizer_it.js`, name: null },
  AggressiveTokenizerNl: { module: `${TOKENIZERS}aggressive_tokenizer_nl.js`, name: null },
  AggressiveTokenizerPt: { module: `${TOKENIZERS}aggressive_tokenizer_pt.js`, name: null },
};

/** Stemmers a pack may name, with the natural module that exports each. */
const STEMMER_PARTS: Readonly<Record<string, NaturalPart>> = {
  PorterStemmer: { module: `${STEMMERS}porter_stemmer.js`, name: null },
  PorterStemmerFr: { module: `${STEMMERS}porter_stemmer_fr.js`, name: null },
  PorterStemmerDe: { module: `${STEMMERS}porter_stemmer_de.js`, name: null },
  PorterStemmerEs: { module: `${STEMMERS}porter_stemmer_es.js`, name: null },
  PorterStemmerIt: { module: `${STEMMERS}porter_stemmer_it.js`, name: null },
  PorterStemmerNl: { module: `${STEMMERS}porter_stemmer_nl.js`, name: null },
  PorterStemmerPt: { module: `${STEMMERS}porter_stemmer_pt.js`, name: null },
  LancasterStemmer: { module: `${STEMMERS}lancaster_stemmer.js`, name: null },
};

// natural ships CommonJS modules without per-module types, so they load
// through require and their shape is checked before use.
const requireNatural = createRequire(import.meta.url);

function loadPart(table: Readonly<Record<string, NaturalPart>>, name: string): unknown {
  const part = Object.hasOwn(table, name) ? table[name] : undefined;
  if (part === undefined) return null;
  const exported: unknown = requireNatural(part.module);
  if (part.name === null) return exported;
  return typeof exported === 'object' && exported !== null ? (exported as Record<string, unknown>)[part.name] : null;
}

/** Names of the natural tokenizers and stemmers a pack may use, for error messages. */
export const KNOWN_TOKENIZERS = Object.keys(TOKENIZER_PARTS).sort();
export const KNOWN_STEMMERS = Object.keys(STEMMER_PARTS).sort();

/** Creates the natural tokenizer named in a pack, or returns null when the name is not in the table. */
export function createTokenizer(name: string): Tokenizer | null {
  const candidate = loadPart(TOKENIZER_PARTS, name);
  if (typeof candidate !== 'function') return null;
  const instance: unknown = new (candidate as new () => unknown)();
  const tokenize = (instance as { tokenize?: unknown }).tokenize;
  return typeof tokenize === 'function' ? (instance as Tokenizer) : null;
}

/** Returns the natural stemmer named in a pack, or null when the name is not in the table. */
export function findStemmer(name: string): Stemmer | null {
  const candidate = loadPart(STEMMER_PARTS, name);
  if (typeof candidate !== 'object' || candidate === null) return null;
  return typeof (candidate as { stem?: unknown }).stem === 'function' ? (candidate as Stemmer) : null;
}

export function stemWord(settings: TokenizerSettings, word: string): string {
  const cached = settings.stemCache.get(word);
  if (cached !== undefined) return cached;
  const stem = DIGITS.test(word) ? word : settings.stemmer.stem(word);
  settings.stemCache.set(word, stem);
  return stem;
}

const CURRENCY_ONLY = /^\p{Sc}+$/u;

/** Folds, expands and tokenizes text; hyphenated words become separate tokens. */
export function splitWords(settings: TokenizerSettings, text: string): string[] {
  return splitFoldedWords(settings, joinDigitGroups(foldText(text)));
}

/** Expands and tokenizes text that foldText() and joinDigitGroups() already normalised. */
export function splitFoldedWords(settings: TokenizerSettings, folded: string): string[] {
  const normalized = expandApostrophes(folded, settings.apostrophes);
  if (settings.split !== undefined) return settings.split(normalized);
  const words: string[] = [];
  for (const raw of settings.tokenizer.tokenize(normalized)) {
    // A currency sign is no word and would split "to £8m" between "to" and the amount.
    if (CURRENCY_ONLY.test(raw)) continue;
    if (raw.length > 1 && raw.includes('-')) {
      for (const part of raw.split('-')) if (part !== '') words.push(part);
    } else if (raw.length > 1 && raw.endsWith('.')) {
      pushNumberRun(words, raw);
    } else {
      words.push(raw);
    }
  }
  return words;
}

// "3.5" in "take the facility to 3.5m" is one token of WordPunctTokenizer, so an
// amount with a decimal point fills a number slot too.
const DECIMAL = /^\d+\.\d+$/;

function readNumber(settings: TokenizerSettings, word: string): number | null {
  if (DIGITS.test(word)) return Number.parseInt(word, 10);
  if (DECIMAL.test(word)) return Number.parseFloat(word);
  return settings.numbers.get(word) ?? null;
}

/** Tokenizes text into stemmed tokens; typo lookups run only when an index is given. */
export function tokenize(settings: TokenizerSettings, text: string, typos: TypoIndex | null): Token[] {
  return tokenizeFolded(settings, joinDigitGroups(foldText(text)), typos);
}

/** Tokenizes text that foldText() and joinDigitGroups() already normalised, as tokenize() does. */
export function tokenizeFolded(settings: TokenizerSettings, folded: string, typos: TypoIndex | null): Token[] {
  const words = splitFoldedWords(settings, folded);
  const tokens: Token[] = new Array<Token>(words.length);
  for (let index = 0; index < words.length; index += 1) {
    const plain = plainToken(settings, words[index] as string);
    const { text, stem, number, isPunctuation } = plain;
    const typoOf = typos === null || number !== null || isPunctuation ? null : typos.correct(text, stem);
    tokens[index] = typoOf === null ? plain : { text, stem, typoStem: stemWord(settings, typoOf), typoOf, number, isPunctuation };
  }
  return tokens;
}

/**
 * Maximum number of distinct words the token cache contains. Mail brings new words (names,
 * ids, codes) without end, so past this many a word's token is made afresh.
 */
const TOKEN_CACHE_SIZE = 100_000;

// The token of a word without typo lookups depends on the word alone, and
// most words recur, so one shared token per word saves the allocation.
/** Returns the token of one word of splitFoldedWords() without typo lookups, as tokenizeFolded() makes it. */
export function plainToken(settings: TokenizerSettings, word: string): Token {
  const cache = (settings.tokenCache ??= new Map<string, Token>());
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const isPunctuation = !HAS_WORD_CHARACTER.test(word);
  const stem = isPunctuation ? word : stemWord(settings, word);
  const number = isPunctuation ? null : readNumber(settings, word);
  const token: Token = { text: word, stem, typoStem: null, typoOf: null, number, isPunctuation };
  if (cache.size < TOKEN_CACHE_SIZE) cache.set(word, token);
  return token;
}

/**
 * Multipliers of a word after a count: "2.5k users" is 2,500 users and "1.2m"
 * 1,200,000. Rules match the suffix as a word of its own ("{qty} k|m"), so the
 * token stays and only the count read from the pair changes.
 */
const MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['k', 1_000],
  ['m', 1_000_000],
  ['million', 1_000_000],
  ['millions', 1_000_000],
]);

/** Returns the count of the number token at `position`, times the magnitude word after it if any. */
export function countAt(tokens: readonly Token[], position: number): number | null {
  const number = tokens[position]?.number ?? null;
  if (number === null) return null;
  const multiplier = MAGNITUDES.get(tokens[position + 1]?.text ?? '');
  return multiplier === undefined ? number : Math.round(number * multiplier);
}
