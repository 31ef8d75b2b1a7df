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
import { numberRunEnd } from './word-punct.js';

/** Distinct words whose element lists are cached per pack before the cache is cleared. */
const MAX_CACHED_WORDS = 200_000;

const HAS_WORD_CHARACTER = /[a-z0-9]/;

// The word and number tokens of natural's WordPunctTokenizer (natural 6), as
// one native regex: punctuation tokens are left out, which only brings words
// closer together, so the pass can only accept more text, never less.
// The dots after a number's last digit are a word apart, as splitWordPunct() reads them.
const WORD_TOKENS = /[A-Za-z\u00c0-\u00ff]+|[0-9._]*[0-9](?=\.+(?![0-9._]))|[0-9._]+/g;

export interface TriggerSet {
  /** Element ids each pattern requires, in pattern order; a pattern without any can match any text. */
  required: number[][];
  /** Per pattern, the largest token step from one required element to the next (index 0 unused). */
  maxSteps: number[][];
  /** Element ids per stem, and per surface word under a `=` prefix. */
  elementsByKey: Map<string, number[]>;
  /** Element ids per message word, filled as messages are scanned. */
  wordCache: Map<string, readonly number[]>;
  /** Patterns per last required element id: a pattern is tried when its last element occurs. */
  patternsByLast: number[][];
  /** Per pattern and required element, the largest token distance from that element to the pattern's last one. */
  reach: number[][];
  /**
   * Per element id, the stamp of the latest word that carried it, for matchGroups() and the
   * calls like it. A call's stamps start at `nextStamp`, so a call ignores those of earlier calls.
   */
  lastSeen: Float64Array;
  /** First stamp of the next call. */
  nextStamp: number;
  /** Element ids per token position of the current call, for the rare full sequence check. */
  idsAt: (readonly number[])[];
  /** Token positions per element id, reused by every canMatch() call: only the first `counts[id]` are current. */
  positions: number[][];
  /** Positions recorded per element id in the current call, set back to 0 after it. */
  counts: Int32Array;
  /** Element ids whose position list the current call filled. */
  seenIds: number[];
  hasUnconditional: boolean;
  /** Group bit of each pattern, for matchGroups(); 1 for every pattern unless given. */
  groups: number[];
  /** Union of the group bits of the patterns without required elements, which match any text. */
  unconditionalGroups: number;
  /** Element ids of the required number slots, which a number word or digit string fills; empty unless asked for. */
  numberIds: number[];
}

/** Choices of buildTriggerSet(). */
export interface TriggerOptions {
  /**
   * Requires the number slots too. Only for a pack whose tokenizer makes a token of each
   * word the trigger reads (splitWordPunct), so that a number token is always such a word.
   */
  numbers?: boolean;
}

/** Element key of a number slot: no stem or surface key starts with `#`. */
const NUMBER_KEY = '#number';

// Digit strings and decimals that readNumber() in tokens.ts reads as numbers.
const DIGITS = /^\d+$/;
const DECIMAL = /^\d+\.\d+$/;

function addKey(index: Map<string, number[]>, key: string, id: number): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [id]);
  else list.push(id);
}

function elementKeys(element: PatternElement): string[] {
  if (element.kind === 'word') return [...element.stems];
  if (element.kind === 'number') return [NUMBER_KEY];
  if (element.kind === 'surface') return [...element.words].map((word) => `=${word}`);
  return [];
}

function isRequired(element: PatternElement, numbers: boolean): boolean {
  return element.kind === 'surface' || (element.kind === 'word' && !element.optional) || (numbers && element.kind === 'number' && !element.optional);
}

/**
 * Indexes the required word elements of every pattern, with the token distance allowed between them.
 * `groups` gives each pattern a group bit (1 when absent), so that matchGroups() can tell
 * in one scan which groups of patterns can match a text.
 */
export function buildTriggerSet(
  patterns: readonly CompiledPattern<unknown>[],
  groups: readonly number[] = [],
  options: TriggerOptions = {},
): TriggerSet {
  const numbers = options.numbers === true;
  const elementsByKey = new Map<string, number[]>();
  const required: number[][] = [];
  const maxSteps: number[][] = [];
  const idByShape = new Map<string, number>();
  let nextId = 0;
  let hasUnconditional = false;
  let unconditionalGroups = 0;
  const patternGroups = patterns.map((_, index) => groups[index] ?? 1);
  for (const [patternIndex, pattern] of patterns.entries()) {
    const ids: number[] = [];
    const steps: number[] = [];
    let step = 0;
    for (const element of pattern.elements) {
      // Optional words and numbers take one token at most, a gap its maximum.
      step += element.kind === 'gap' ? element.max : 1;
      if (!isRequired(element, numbers)) continue;
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
    if (ids.length === 0) {
      hasUnconditional = true;
      unconditionalGroups |= patternGroups[patternIndex] ?? 1;
    }
    required.push(ids);
    maxSteps.push(steps);
  }
  const positions = Array.from({ length: nextId }, (): number[] => []);
  const patternsByLast = Array.from({ length: nextId }, (): number[] => []);
  required.forEach((ids, pattern) => {
    const last = ids[ids.length - 1];
    if (last !== undefined) patternsByLast[last]?.push(pattern);
  });
  const counts = new Int32Array(nextId);
  const reach = maxSteps.map((steps) => {
    const distances = steps.map(() => 0);
    for (let index = steps.length - 2; index >= 0; index -= 1) distances[index] = (distances[index + 1] ?? 0) + (steps[index + 1] ?? 0);
    return distances;
  });
  return {
    required,
    maxSteps,
    elementsByKey,
    wordCache: new Map(),
    patternsByLast,
    reach,
    lastSeen: new Float64Array(nextId).fill(-1),
    nextStamp: 0,
    idsAt: [],
    positions,
    counts,
    seenIds: [],
    hasUnconditional,
    groups: patternGroups,
    unconditionalGroups,
    numberIds: elementsByKey.get(NUMBER_KEY) ?? [],
  };
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
  const ids = triggerElements(trigger, settings, typos, word);
  if (trigger.wordCache.size >= MAX_CACHED_WORDS) trigger.wordCache.clear();
  trigger.wordCache.set(word, ids);
  return ids;
}

/** Returns the element ids of one word of triggerWords(), uncached, because the shared word scan caches them itself. */
export function triggerElements(trigger: TriggerSet, settings: TokenizerSettings, typos: TypoIndex, word: string): number[] {
  if (!HAS_WORD_CHARACTER.test(word)) return trigger.numberIds.length > 0 && settings.numbers.has(word) ? [...trigger.numberIds] : [];
  const stem = stemWord(settings, word);
  const ids = [...(trigger.elementsByKey.get(stem) ?? []), ...(trigger.elementsByKey.get(`=${word}`) ?? [])];
  const isNumber = DIGITS.test(word) || settings.numbers.has(word);
  const typoOf = isNumber ? null : typos.correct(word, stem);
  if (typoOf !== null) ids.push(...(trigger.elementsByKey.get(stemWord(settings, typoOf)) ?? []));
  if (trigger.numberIds.length > 0 && (isNumber || DECIMAL.test(word))) ids.push(...trigger.numberIds);
  return ids;
}

// True when the required elements occur in order, each within its largest
// step of the previous one: the same order and distance a match needs.
function hasSequence(trigger: TriggerSet, ids: readonly number[], steps: readonly number[], index: number, after: number): boolean {
  const id = ids[index];
  if (id === undefined) return true;
  const step = steps[index] ?? 0;
  const list = trigger.positions[id] ?? [];
  const count = trigger.counts[id] ?? 0;
  for (let at = 0; at < count; at += 1) {
    const position = list[at] ?? 0;
    if (index > 0 && position <= after) continue;
    if (index > 0 && position > after + step) break;
    if (hasSequence(trigger, ids, steps, index + 1, position)) return true;
  }
  return false;
}

/** Returns the words of `folded` that canMatchWords() reads, after the pack's apostrophe expansion. */
export function triggerWords(settings: TokenizerSettings, folded: string): readonly string[] {
  return expandApostrophes(folded, settings.apostrophes).match(WORD_TOKENS) ?? [];
}

// The two classes of WORD_TOKENS, by UTF-16 code unit. They share no code unit,
// so a scan that takes the longest run of the class at hand reads the same words
// as the regex.
export function isTriggerLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xff);
}

export function isTriggerNumberPart(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x5f;
}

/**
 * Does what matchGroups() does on the words of triggerWords(settings, folded),
 * reading the words one at a time: no word list is built, and the words after
 * the point where every requested group is found are not cut out.
 */
export function matchGroupsInText(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  folded: string,
  requested: number,
): number {
  let found = trigger.unconditionalGroups;
  const text = expandApostrophes(folded, settings.apostrophes);
  const length = text.length;
  const start = trigger.nextStamp;
  let position = 0;
  try {
    let at = 0;
    while (at < length && (found & requested) !== requested) {
      const code = text.charCodeAt(at);
      let end = at + 1;
      if (isTriggerLetter(code)) {
        while (end < length && isTriggerLetter(text.charCodeAt(end))) end += 1;
      } else if (isTriggerNumberPart(code)) {
        while (end < length && isTriggerNumberPart(text.charCodeAt(end))) end += 1;
        end = numberRunEnd(text, at, end);
      } else {
        at = end;
        continue;
      }
      found |= addWordGroups(trigger, elementsOfWord(trigger, settings, typos, text.slice(at, end)), null, start, position, found);
      position += 1;
      at = end;
    }
    return found & requested;
  } finally {
    trigger.nextStamp = start + position + 1;
  }
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
  return canMatchChunks(trigger, settings, typos, (index) => (index === 0 ? folded : undefined));
}

/**
 * Runs canMatch() on a text given as folded chunks, `chunkAt(0)` onwards until
 * it returns undefined. Words do not span chunks, and token positions run on
 * from one chunk to the next. Chunks after the first candidate are not read.
 */
export function canMatchChunks(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  chunkAt: (index: number) => string | undefined,
): boolean {
  if (trigger.hasUnconditional) return true;
  let position = 0;
  try {
    for (let index = 0, chunk = chunkAt(0); chunk !== undefined; index += 1, chunk = chunkAt(index)) {
      const text = expandApostrophes(chunk, settings.apostrophes);
      // Words are read one at a time, so the scan stops at the first candidate.
      WORD_TOKENS.lastIndex = 0;
      for (let match = WORD_TOKENS.exec(text); match !== null; match = WORD_TOKENS.exec(text)) {
        if (recordWord(trigger, settings, typos, match[0], position)) return true;
        position += 1;
      }
    }
    return false;
  } finally {
    clearPositions(trigger);
  }
}

/** Runs canMatch() on words from triggerWords(), so that two trigger sets can share one split. */
export function canMatchWords(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  words: readonly string[],
): boolean {
  if (trigger.hasUnconditional) return true;
  try {
    for (let position = 0; position < words.length; position += 1) {
      if (recordWord(trigger, settings, typos, words[position] ?? '', position)) return true;
    }
    return false;
  } finally {
    clearPositions(trigger);
  }
}

/**
 * Returns the union of the group bits of the patterns that have their required
 * words in `words` (from triggerWords()), in order and close enough to match.
 * One scan serves every group, so its cost does not grow with the number of
 * groups or patterns. It stops early once every bit of `requested` is found.
 */
export function matchGroups(
  trigger: TriggerSet,
  settings: TokenizerSettings,
  typos: TypoIndex,
  words: readonly string[],
  requested: number,
): number {
  let found = trigger.unconditionalGroups;
  const start = trigger.nextStamp;
  let position = 0;
  try {
    for (; position < words.length && (found & requested) !== requested; position += 1) {
      found |= addWordGroups(trigger, elementsOfWord(trigger, settings, typos, words[position] ?? ''), null, start, position, found);
    }
    return found & requested;
  } finally {
    trigger.nextStamp = start + position + 1;
  }
}

/** A word of the shared word scan, as matchGroupsOfScan() reads it. */
export interface TriggerWord {
  /** The word's element ids, or null for a piece that is no word of triggerWords() and takes no position. */
  readonly triggerIds: readonly number[] | null;
  /** The patterns whose last required element is one of `triggerIds`, from triggerEnds(). */
  readonly triggerEnds: readonly number[];
  /** triggerMarks() of `triggerIds`; `triggerIds` itself when absent. */
  readonly triggerMarks?: readonly number[];
}

/** Returns what matchGroupsInText() returns, from words the shared word scan already looked up. */
export function matchGroupsOfScan(trigger: TriggerSet, words: readonly TriggerWord[], requested: number): number {
  let found = trigger.unconditionalGroups;
  const start = trigger.nextStamp;
  const { lastSeen, idsAt } = trigger;
  let position = 0;
  try {
    for (let index = 0; index < words.length && (found & requested) !== requested; index += 1) {
      const word = words[index] as TriggerWord;
      const ids = word.triggerIds;
      if (ids === null) continue;
      // As addWordGroups(), recording only the ids that a later word's pattern tries read.
      const ends = word.triggerEnds;
      if (ends.length > 0) found |= groupsEndingAt(trigger, ends, start, position, found);
      const marks = word.triggerMarks ?? ids;
      const stamp = start + position;
      for (let at = 0; at < marks.length; at += 1) lastSeen[marks[at] ?? 0] = stamp;
      idsAt[position] = marks;
      position += 1;
    }
    return found & requested;
  } finally {
    trigger.nextStamp = start + position + 1;
  }
}

const earlierElements = new WeakMap<TriggerSet, Uint8Array>();

/**
 * Returns the ids of `ids` that come before the last required element of some
 * pattern. Pattern tries read the stamps and positions of those ids only, so a word
 * need not record the others. Most words carry several ids that only end patterns.
 */
export function triggerMarks(trigger: TriggerSet, ids: readonly number[]): readonly number[] {
  let isEarlier = earlierElements.get(trigger);
  if (isEarlier === undefined) {
    isEarlier = new Uint8Array(trigger.lastSeen.length);
    for (const required of trigger.required) for (let index = 0; index < required.length - 1; index += 1) isEarlier[required[index] ?? 0] = 1;
    earlierElements.set(trigger, isEarlier);
  }
  const flags = isEarlier;
  return ids.every((id) => flags[id] === 1) ? ids : ids.filter((id) => flags[id] === 1);
}

const NONE: readonly number[] = [];

/**
 * Returns the patterns whose last required element is one of `ids`, each once:
 * the only patterns that a word with these element ids can complete.
 */
export function triggerEnds(trigger: TriggerSet, ids: readonly number[]): number[] {
  const ends: number[] = [];
  for (const id of ids) {
    for (const pattern of trigger.patternsByLast[id] ?? NONE) if (!ends.includes(pattern)) ends.push(pattern);
  }
  return ends;
}

// Tries the patterns that can end at the word at `position`, then records the word's
// elements, and returns the groups completed beyond `found`. `ends` is from triggerEnds(),
// or null to read each id's list. Required elements take distinct positions, so the word
// is recorded after the tries. Every sequence ends at its last element, so trying the
// patterns that end at each word finds every sequence.
function addWordGroups(
  trigger: TriggerSet,
  ids: readonly number[],
  ends: readonly number[] | null,
  start: number,
  position: number,
  found: number,
): number {
  let ended = found;
  if (ends !== null) ended |= groupsEndingAt(trigger, ends, start, position, ended);
  else for (let index = 0; index < ids.length; index += 1) ended |= groupsEndingAt(trigger, trigger.patternsByLast[ids[index] ?? 0] ?? NONE, start, position, ended);
  const { lastSeen } = trigger;
  const stamp = start + position;
  for (let index = 0; index < ids.length; index += 1) lastSeen[ids[index] ?? 0] = stamp;
  trigger.idsAt[position] = ids;
  return ended;
}

function groupsEndingAt(trigger: TriggerSet, patterns: readonly number[], start: number, position: number, found: number): number {
  const { groups } = trigger;
  let ended = 0;
  for (let index = 0; index < patterns.length; index += 1) {
    const pattern = patterns[index] ?? 0;
    const group = groups[pattern] ?? 1;
    if (((found | ended) & group) === group) continue;
    if (completesAt(trigger, pattern, start, position)) ended |= group;
  }
  return ended;
}

// True when the pattern's required elements occur in order and within reach, the last one
// at `position`. The latest earlier occurrence of each element must lie within its reach of
// `position`, and most tries stop at that test. It is exact for two elements, so only a
// longer pattern has its positions searched.
function completesAt(trigger: TriggerSet, pattern: number, start: number, position: number): boolean {
  const ids = trigger.required[pattern] ?? NONE;
  const reach = trigger.reach[pattern] ?? NONE;
  const { lastSeen } = trigger;
  const stamp = start + position;
  for (let index = ids.length - 2; index >= 0; index -= 1) {
    const seen = lastSeen[ids[index] ?? 0] ?? -1;
    if (seen < start || seen < stamp - (reach[index] ?? 0)) return false;
  }
  return ids.length <= 2 || sequenceEndsAt(trigger.idsAt, ids, trigger.maxSteps[pattern] ?? NONE, ids.length - 1, position);
}

// True when required elements 0 to `index` - 1 occur in order, each within its
// step of the next, before element `index` at `position`.
function sequenceEndsAt(idsAt: readonly (readonly number[])[], ids: readonly number[], steps: readonly number[], index: number, position: number): boolean {
  if (index === 0) return true;
  const id = ids[index - 1] ?? -1;
  const first = Math.max(0, position - (steps[index] ?? 0));
  for (let at = position - 1; at >= first; at -= 1) {
    if ((idsAt[at] ?? NONE).includes(id) && sequenceEndsAt(idsAt, ids, steps, index - 1, at)) return true;
  }
  return false;
}

// Records the elements of the word at `position` and returns true when one of
// them completes a candidate sequence.
function recordWord(trigger: TriggerSet, settings: TokenizerSettings, typos: TypoIndex, word: string, position: number): boolean {
  const { positions, counts, seenIds } = trigger;
  const ids = elementsOfWord(trigger, settings, typos, word);
  for (let index = 0; index < ids.length; index += 1) {
    const id = ids[index] ?? 0;
    const list = positions[id];
    const count = counts[id] ?? 0;
    if (list === undefined) continue;
    if (count === 0) seenIds.push(id);
    list[count] = position;
    counts[id] = count + 1;
    if (endsCandidate(trigger, id)) return true;
  }
  return false;
}

// The position lists belong to the trigger set and only their counts are reset
// after each call: a new Map, or emptied arrays, per sentence cost a visible
// share of the profile.
function clearPositions(trigger: TriggerSet): void {
  const { counts, seenIds } = trigger;
  for (let index = 0; index < seenIds.length; index += 1) counts[seenIds[index] ?? 0] = 0;
  seenIds.length = 0;
}

// Returns true when a pattern ending with element `id`, which occurs at the
// latest position read, has its required elements in order and within reach.
// Every sequence has a last element, so this finds a sequence as soon as the
// text contains it, and a long message is read only up to its first candidate.
function endsCandidate(trigger: TriggerSet, id: number): boolean {
  const { counts } = trigger;
  const patterns = trigger.patternsByLast[id] ?? [];
  for (let index = 0; index < patterns.length; index += 1) {
    const pattern = patterns[index] ?? 0;
    const ids = trigger.required[pattern] ?? [];
    if (hasEveryElement(counts, ids) && hasSequence(trigger, ids, trigger.maxSteps[pattern] ?? [], 0, -1)) {
      return true;
    }
  }
  return false;
}

function hasEveryElement(counts: Int32Array, ids: readonly number[]): boolean {
  for (let index = 0; index < ids.length; index += 1) {
    if ((counts[ids[index] ?? 0] ?? 0) === 0) return false;
  }
  return true;
}
