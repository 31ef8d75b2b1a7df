// Tokenizing and stemming with natural, configured by name from a rule pack, so
// that a new language needs only a pack file.
import natural from 'natural';
import { expandApostrophes, foldText, joinDigitGroups, type ApostropheRules } from './normalize.js';
import type { TypoIndex } from './typos.js';

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
}

const HAS_WORD_CHARACTER = /[a-z0-9]/;
const DIGITS = /^\d+$/;

// natural exports its tokenizers and stemmers as properties of one object.
const naturalExports = natural as unknown as Record<string, unknown>;

/** Creates the natural tokenizer named in a pack, or returns null when natural has none. */
export function createTokenizer(name: string): Tokenizer | null {
  const candidate = naturalExports[name];
  if (typeof candidate !== 'function') return null;
  const instance: unknown = new (candidate as new () => unknown)();
  const tokenize = (instance as { tokenize?: unknown }).tokenize;
  return typeof tokenize === 'function' ? (instance as Tokenizer) : null;
}

/** Returns the natural stemmer named in a pack, or null when natural has none. */
export function findStemmer(name: string): Stemmer | null {
  const candidate = naturalExports[name];
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

/** Folds, expands and tokenizes text; hyphenated words become separate tokens. */
export function splitWords(settings: TokenizerSettings, text: string): string[] {
  return splitFoldedWords(settings, joinDigitGroups(foldText(text)));
}

/** Expands and tokenizes text that foldText() and joinDigitGroups() already normalised. */
export function splitFoldedWords(settings: TokenizerSettings, folded: string): string[] {
  const normalized = expandApostrophes(folded, settings.apostrophes);
  const words: string[] = [];
  for (const raw of settings.tokenizer.tokenize(normalized)) {
    if (raw.length > 1 && raw.includes('-')) {
      for (const part of raw.split('-')) if (part !== '') words.push(part);
    } else {
      words.push(raw);
    }
  }
  return words;
}

function readNumber(settings: TokenizerSettings, word: string): number | null {
  if (DIGITS.test(word)) return Number.parseInt(word, 10);
  return settings.numbers.get(word) ?? null;
}

/** Tokenizes text into stemmed tokens; typo lookups run only when an index is given. */
export function tokenize(settings: TokenizerSettings, text: string, typos: TypoIndex | null): Token[] {
  return splitWords(settings, text).map((word) => {
    const isPunctuation = !HAS_WORD_CHARACTER.test(word);
    const stem = isPunctuation ? word : stemWord(settings, word);
    const number = isPunctuation ? null : readNumber(settings, word);
    const typoOf = typos === null || number !== null || isPunctuation ? null : typos.correct(word, stem);
    const typoStem = typoOf === null ? null : stemWord(settings, typoOf);
    return { text: word, stem, typoStem, typoOf, number, isPunctuation };
  });
}
