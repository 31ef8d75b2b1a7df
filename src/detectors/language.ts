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

/**
 * Trie of the a-z stopwords of a list of packs, so the guess reads each letter
 * of a text once and builds no word string. Node 0 is the root, and
 * `children[node * 26 + letter]` is a child node or 0.
 */
interface StopwordTrie {
  children: Int32Array;
  /** Indexes of the packs whose stopwords end at each node, or undefined. */
  packsAt: (number[] | undefined)[];
}

const LETTER_A = 0x61;
const LETTERS = 26;

const tries = new WeakMap<readonly CompiledPack[], StopwordTrie>();

function isAsciiLowerWord(word: string): boolean {
  if (word === '') return false;
  for (let at = 0; at < word.length; at += 1) {
    const letter = word.charCodeAt(at) - LETTER_A;
    if (letter < 0 || letter >= LETTERS) return false;
  }
  return true;
}

// Only words made of a to z can equal a word of the text, which is a run of a to z.
function buildTrie(packs: readonly CompiledPack[]): StopwordTrie {
  let children = new Int32Array(LETTERS * 64);
  const packsAt: (number[] | undefined)[] = [undefined];
  packs.forEach((pack, packIndex) => {
    for (const word of pack.stopwords) {
      if (!isAsciiLowerWord(word)) continue;
      let node = 0;
      for (let at = 0; at < word.length; at += 1) {
        const slot = node * LETTERS + word.charCodeAt(at) - LETTER_A;
        let child = children[slot] ?? 0;
        if (child === 0) {
          child = packsAt.length;
          packsAt.push(undefined);
          if ((child + 1) * LETTERS > children.length) {
            const grown = new Int32Array(children.length * 2);
            grown.set(children);
            children = grown;
          }
          children[slot] = child;
        }
        node = child;
      }
      const list = (packsAt[node] ??= []);
      if (!list.includes(packIndex)) list.push(packIndex);
    }
  });
  return { children, packsAt };
}

function trieOf(packs: readonly CompiledPack[]): StopwordTrie {
  let trie = tries.get(packs);
  if (trie === undefined) {
    trie = buildTrie(packs);
    tries.set(packs, trie);
  }
  return trie;
}

/** Adds to `hits[i]` the words of `folded` (runs of a to z) that pack i lists as stopwords. */
function countStopwords(trie: StopwordTrie, folded: string, hits: number[]): void {
  const { children, packsAt } = trie;
  const length = folded.length;
  let at = 0;
  while (at < length) {
    let letter = folded.charCodeAt(at) - LETTER_A;
    if (letter < 0 || letter >= LETTERS) {
      at += 1;
      continue;
    }
    // A word: follow the trie while it has the letters, then skip the rest of the run.
    let node = 0;
    while (true) {
      node = node < 0 ? -1 : (children[node * LETTERS + letter] ?? 0) || -1;
      at += 1;
      if (at >= length) break;
      letter = folded.charCodeAt(at) - LETTER_A;
      if (letter < 0 || letter >= LETTERS) break;
    }
    const list = node > 0 ? packsAt[node] : undefined;
    if (list !== undefined) for (const index of list) hits[index] = (hits[index] ?? 0) + 1;
  }
}

/**
 * Guesses the language of texts that foldText() already folded. Only the
 * a-z words count, so folding the pieces of a text one by one gives the
 * same guess as folding it whole, as long as no word spans two pieces.
 */
export function detectFoldedLanguage(foldedTexts: readonly string[], packs: readonly CompiledPack[]): LanguageGuess {
  const hits = packs.map(() => 0);
  const trie = trieOf(packs);
  for (const folded of foldedTexts) countStopwords(trie, folded, hits);
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
