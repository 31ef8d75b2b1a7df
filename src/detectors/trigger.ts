// A cheap first pass that decides whether any rule of a pack can match a text.
// Every word element a pattern requires must occur in the text, in order and
// within the pattern's reach, so one scan over a whole message rules out most
// mail before reply stripping and sentence splitting run, and one scan per
// sentence rules out most sentences before tokenizing and context analysis.
// The pass only rejects text that no pattern can match.
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
  /** Patterns per first required element id: a pattern is tried only when its first element occurs. */
  patternsByFirst: Map<number, number[]>;
  /** Token positions per element id, reused by every canMatch() call and emptied after it. */
  positions: number[][];
  /** Element ids whose position list the current call filled. */
  seenIds: number[];
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
  const patternsByFirst = new Map<number, number[]>();
  const idByShape = new Map<string, number>();
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
      // Elements with the same words share one id, because common words such as
      // "de" or "to" start dozens of patterns and would otherwise record a
      // position per pattern for every occurrence.
      const keys = elementKeys(element).sort();
      const shape = keys.join('|');
      let id = idByShape.get(shape);
      if (id === undefined) {
        id = nextId;
        nextId += 1;
        idByShape.set(shape, id);
        for (const key of keys) addKey(elementsByKey, key, id);
      }
      ids.push(id);
      steps.push(step);
      step = 0;
    }
    const first = ids[0];
    if (first === undefined) hasUnconditional = true;
    else patternsByFirst.set(first, [...(patternsByFirst.get(first) ?? []), required.length]);
    required.push(ids);
    maxSteps.push(steps);
  }
  const positions = Array.from({ length: nextId }, (): number[] => []);
  return { required, maxSteps, elementsByKey, wordCache: new Map(), patternsByFirst, positions, seenIds: [], hasUnconditional };
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
function hasSequence(positions: readonly number[][], ids: readonly number[], steps: readonly number[], index: number, after: number): boolean {
  const id = ids[index];
  if (id === undefined) return true;
  const step = steps[index] ?? 0;
  for (const position of positions[id] ?? []) {
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
  // The position lists belong to the trigger set and are emptied before
  // returning: a new Map per sentence was a visible share of the profile.
  const { positions, seenIds } = trigger;
  try {
    const text = expandApostrophes(folded, settings.apostrophes);
    WORD_TOKENS.lastIndex = 0;
    let position = 0;
    for (let match = WORD_TOKENS.exec(text); match !== null; match = WORD_TOKENS.exec(text)) {
      for (const id of elementsOfWord(trigger, settings, typos, match[0])) {
        const list = positions[id];
        if (list === undefined) continue;
        if (list.length === 0) seenIds.push(id);
        list.push(position);
      }
      position += 1;
    }
    return seenIds.some((id) =>
      (trigger.patternsByFirst.get(id) ?? []).some((pattern) => {
        const ids = trigger.required[pattern] ?? [];
        return ids.every((other) => (positions[other]?.length ?? 0) > 0) && hasSequence(positions, ids, trigger.maxSteps[pattern] ?? [], 0, -1);
      }),
    );
  } finally {
    for (const id of seenIds) (positions[id] ?? []).length = 0;
    seenIds.length = 0;
  }
}
