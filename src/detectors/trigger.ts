// A cheap first pass that tells whether any rule of a pack can match a message.
// Every word element a pattern requires must occur somewhere in the text, so a
// bag of words over the whole message rules out most mail before reply
// stripping, sentence splitting and context analysis run. The pass only
// rejects messages that cannot produce a hit, so it never changes a result.
import type { CompiledPattern, PatternElement } from './patterns.js';
import { splitFoldedWords, stemWord, type TokenizerSettings } from './tokens.js';
import type { TypoIndex } from './typos.js';

/** Distinct words whose element lists are cached per pack before the cache is cleared. */
const MAX_CACHED_WORDS = 200_000;

const HAS_WORD_CHARACTER = /[a-z0-9]/;

export interface TriggerSet {
  /** Element ids each pattern requires; a pattern without any can match any text. */
  required: number[][];
  /** Element ids per stem, and per surface word under a `=` prefix. */
  elementsByKey: Map<string, number[]>;
  /** Element ids per message word, filled as messages are scanned. */
  wordCache: Map<string, readonly number[]>;
  hasUnconditional: boolean;
}

function addKey(index: Map<string, number[]>, key: string, id: number): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [id]);
  else list.push(id);
}

function elementKeys(element: PatternElement): string[] {
  if (element.kind === 'word') return [...element.stems];
  if (element.kind === 'surface') return [...element.words].map((word) => `=${word}`);
  return [];
}

/** Indexes the required word elements of every pattern. */
export function buildTriggerSet(patterns: readonly CompiledPattern<unknown>[]): TriggerSet {
  const elementsByKey = new Map<string, number[]>();
  const required: number[][] = [];
  let nextId = 0;
  let hasUnconditional = false;
  for (const pattern of patterns) {
    const ids: number[] = [];
    for (const element of pattern.elements) {
      const isRequired = element.kind === 'surface' || (element.kind === 'word' && !element.optional);
      if (!isRequired) continue;
      const id = nextId;
      nextId += 1;
      for (const key of elementKeys(element)) addKey(elementsByKey, key, id);
      ids.push(id);
    }
    if (ids.length === 0) hasUnconditional = true;
    required.push(ids);
  }
  return { required, elementsByKey, wordCache: new Map(), hasUnconditional };
}

// Mirrors tokenize(): a word matches an element through its stem, its surface
// form, or the stem of the rule word it is one typo away from.
function elementsOfWord(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  word: string,
): readonly number[] {
  const cached = trigger.wordCache.get(word);
  if (cached !== undefined) return cached;

  let ids: number[] = [];
  if (HAS_WORD_CHARACTER.test(word)) {
    const stem = stemWord(settings, word);
    ids = [...(trigger.elementsByKey.get(stem) ?? []), ...(trigger.elementsByKey.get(`=${word}`) ?? [])];
    const isNumber = /^\d+$/.test(word) || settings.numbers.has(word);
    const typoOf = isNumber ? null : typos.correct(word, stem);
    if (typoOf !== null) ids.push(...(trigger.elementsByKey.get(stemWord(settings, typoOf)) ?? []));
  }
  if (trigger.wordCache.size >= MAX_CACHED_WORDS) trigger.wordCache.clear();
  trigger.wordCache.set(word, ids);
  return ids;
}

/**
 * Returns true when some pattern has all its required words in `folded`, the
 * text after foldText() and joinDigitGroups(). False means no rule can match.
 */
export function canMatch(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  folded: string,
): boolean {
  if (trigger.hasUnconditional) return true;
  const present = new Set<number>();
  const seen = new Set<string>();
  for (const word of splitFoldedWords(settings, folded)) {
    if (seen.has(word)) continue;
    seen.add(word);
    for (const id of elementsOfWord(trigger, settings, typos, word)) present.add(id);
  }
  if (present.size === 0) return false;
  return trigger.required.some((ids) => ids.every((id) => present.has(id)));
}
