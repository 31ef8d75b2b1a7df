// A cheap first pass that tells whether any rule of a pack can match a message.
// Every word element a pattern requires must occur in the text, in order and
// within the pattern's reach, so one scan over the whole message rules out
// most mail before reply stripping, sentence splitting and context analysis
// run. The pass only rejects text that no pattern can match.
import type { CompiledPattern, PatternElement } from './patterns.js';
import { expandApostrophes } from './normalize.js';
import { stemWord, type TokenizerSettings } from './tokens.js';
import type { TypoIndex } from './typos.js';

/** Distinct words whose element lists are cached per pack before the cache is cleared. */
const MAX_CACHED_WORDS = 200_000;

const HAS_WORD_CHARACTER = /[a-z0-9]/;

// The word and number tokens of natural's WordPunctTokenizer (natural 6), as
// one native regex: punctuation tokens are left out, which only brings words
// closer together, so the pass can only accept more text, never less.
const WORD_TOKENS = /[A-Za-z\u00c0-\u00ff]+|[0-9._]+/g;

export interface TriggerSet {
  /** Element ids each pattern requires, in pattern order; a pattern without any can match any text. */
  required: number[][];
  /** Per pattern, the largest token step from one required element to the next (index 0 unused). */
  maxSteps: number[][];
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

function isRequired(element: PatternElement): boolean {
  return element.kind === 'surface' || (element.kind === 'word' && !element.optional);
}

/** Indexes the required word elements of every pattern, with the token distance allowed between them. */
export function buildTriggerSet(patterns: readonly CompiledPattern<unknown>[]): TriggerSet {
  const elementsByKey = new Map<string, number[]>();
  const required: number[][] = [];
  const maxSteps: number[][] = [];
  let nextId = 0;
  let hasUnconditional = false;
  for (const pattern of patterns) {
    const ids: number[] = [];
    const steps: number[] = [];
    let step = 0;
    for (const element of pattern.elements) {
      // Optional words and numbers take one token at most, a gap its maximum.
      step += element.kind === 'gap' ? element.max : 1;
      if (!isRequired(element)) continue;
      const id = nextId;
      nextId += 1;
      for (const key of elementKeys(element)) addKey(elementsByKey, key, id);
      ids.push(id);
      steps.push(step);
      step = 0;
    }
    if (ids.length === 0) hasUnconditional = true;
    required.push(ids);
    maxSteps.push(steps);
  }
  return { required, maxSteps, elementsByKey, wordCache: new Map(), hasUnconditional };
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

// True when the required elements occur in order, each within its largest
// step of the previous one: the same order and distance a match needs.
function hasSequence(positions: ReadonlyMap<number, number[]>, ids: readonly number[], steps: readonly number[], index: number, after: number): boolean {
  const id = ids[index];
  if (id === undefined) return true;
  const step = steps[index] ?? 0;
  for (const position of positions.get(id) ?? []) {
    if (index > 0 && position <= after) continue;
    if (index > 0 && position > after + step) break;
    if (hasSequence(positions, ids, steps, index + 1, position)) return true;
  }
  return false;
}

/**
 * Returns true when some pattern has its required words in `folded`, in
 * order and close enough to match, where `folded` is text after foldText()
 * and joinDigitGroups(). False means no rule of the pack can match the text.
 */
export function canMatch(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  folded: string,
): boolean {
  if (trigger.hasUnconditional) return true;
  const positions = new Map<number, number[]>();
  let position = 0;
  for (const match of expandApostrophes(folded, settings.apostrophes).matchAll(WORD_TOKENS)) {
    for (const id of elementsOfWord(trigger, settings, typos, match[0])) {
      const list = positions.get(id);
      if (list === undefined) positions.set(id, [position]);
      else list.push(position);
    }
    position += 1;
  }
  if (positions.size === 0) return false;
  return trigger.required.some(
    (ids, pattern) => ids.every((id) => positions.has(id)) && hasSequence(positions, ids, trigger.maxSteps[pattern] ?? [], 0, -1),
  );
}
