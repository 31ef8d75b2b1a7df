// Stopword-ratio language detection over the packs' own stopword lists, so a
// new language pack brings its detector with it.
import { foldText } from './normalize.js';
import type { CompiledPack } from './rule-set.js';

/** Stopword hits needed before one language is trusted. */
const MIN_STOPWORD_HITS = 3;

/** How many times more hits the best language needs than the runner-up. */
const MIN_LEAD_RATIO = 2;

export interface LanguageGuess {
  /** Detected language, or null when the text is too short or mixed. */
  language: string | null;
  /** Packs to run: the detected one, or every pack (most hits first) when unsure. */
  packs: CompiledPack[];
  /** Stopword hits per language, for explanations. */
  scores: Record<string, number>;
}

export function detectLanguage(text: string, packs: readonly CompiledPack[]): LanguageGuess {
  return detectFoldedLanguage([foldText(text)], packs);
}

const WORD = /[a-z]+/g;

/**
 * Guesses the language of texts that foldText() already folded. Only the
 * a-z words count, so folding the pieces of a text one by one gives the
 * same guess as folding it whole, as long as no word spans two pieces.
 */
export function detectFoldedLanguage(foldedTexts: readonly string[], packs: readonly CompiledPack[]): LanguageGuess {
  const hits = packs.map(() => 0);
  for (const folded of foldedTexts) {
    for (const word of folded.match(WORD) ?? []) {
      for (let index = 0; index < packs.length; index += 1) {
        if (packs[index]?.stopwords.has(word) === true) hits[index] = (hits[index] ?? 0) + 1;
      }
    }
  }
  const scored = packs.map((pack, index) => ({ pack, hits: hits[index] ?? 0 }));
  scored.sort((a, b) => b.hits - a.hits || a.pack.language.localeCompare(b.pack.language));
  const scores = Object.fromEntries(scored.map(({ pack, hits: count }) => [pack.language, count]));

  const best = scored[0];
  const runnerUp = scored[1];
  const isConfident =
    best !== undefined &&
    best.hits >= MIN_STOPWORD_HITS &&
    (runnerUp === undefined || best.hits >= MIN_LEAD_RATIO * runnerUp.hits);
  if (isConfident) return { language: best.pack.language, packs: [best.pack], scores };
  return { language: null, packs: scored.map(({ pack }) => pack), scores };
}
