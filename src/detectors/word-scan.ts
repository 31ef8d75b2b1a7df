// One split of each folded unit, per pack, for the sentence trigger and the
// model's pre-check. Each word is looked up once in a per-pack table whose
// entry contains what both consumers read.
//
// With WordPunctTokenizer (both default packs), the trigger's words are the
// tokenizer's words that start with a letter, digit, dot or underscore, in
// the same order. The tokenizer keeps U+0178 in a letter run and the trigger
// does not, so a unit with that character keeps the consumers' own paths, as
// does a pack with another tokenizer. The language guess reads the text before
// the apostrophe expansion, for every pack at once, so it keeps its own pass.
import type { LinearModel } from './model.js';
import { modelWordInfo, type WordInfo } from './model-reach.js';
import { expandApostrophes } from './normalize.js';
import type { CompiledPack } from './rule-set.js';
import { isTriggerLetter, isTriggerNumberPart, triggerElements, triggerEnds, triggerMarks } from './trigger.js';
import { isDroppedSign, isLetterOrHyphen, isLineTerminator, isNumberPart, numberRunEnd, splitWordPunct } from './word-punct.js';

/** One distinct word of a pack's sentences, with what each consumer reads of it. */
export interface ScannedWord {
  readonly word: string;
  /** Element ids in the pack's sentence trigger, or null for a piece the trigger does not count as a word. */
  readonly triggerIds: readonly number[] | null;
  /** The trigger patterns this word can complete: those whose last required element is one of `triggerIds`. */
  readonly triggerEnds: readonly number[];
  /** The ids of `triggerIds` that matchGroupsOfScan() records (see triggerMarks). */
  readonly triggerMarks: readonly number[];
  /** The model pre-check's facts about the word. */
  readonly model: WordInfo;
}

/** Words of one unit in text order, or null when the unit keeps the consumers' own paths. */
export type UnitScan = readonly ScannedWord[] | null;

/** Distinct words kept per pack; past this many the table is cleared. */
const MAX_WORDS = 100_000;

const NO_ENDS: readonly number[] = [];

/** Tells whether the shared scan can read a pack's sentences: it reproduces WordPunctTokenizer only. */
export function canScanPack(pack: CompiledPack): boolean {
  return pack.settings.split === splitWordPunct;
}

function scannedWord(pack: CompiledPack, model: LinearModel, word: string): ScannedWord {
  const first = word.charCodeAt(0);
  const counts = isTriggerLetter(first) || isTriggerNumberPart(first);
  const trigger = pack.sentenceTrigger;
  const triggerIds = counts ? triggerElements(trigger, pack.settings, pack.typos, word) : null;
  return {
    word,
    triggerIds,
    triggerEnds: triggerIds === null || triggerIds.length === 0 ? NO_ENDS : triggerEnds(trigger, triggerIds),
    triggerMarks: triggerIds === null || triggerIds.length === 0 ? NO_ENDS : triggerMarks(trigger, triggerIds),
    model: modelWordInfo(model, pack, word),
  };
}

// FNV-1a over UTF-16 code units, folded one unit at a time while a piece is read.
const HASH_SEED = 0x811c9dc5 | 0;
const mix = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);

/**
 * Table of the scanned words of one pack and model, searched by a piece's hash and code units,
 * so a word seen before is found without cutting it out of the text (open addressing, linear probing).
 */
class WordTable {
  /** Per slot, 1 + the index of its entry, or 0 when the slot is free. */
  private slots = new Int32Array(1024);
  private hashes: number[] = [];
  private entries: ScannedWord[] = [];

  constructor(
    readonly pack: CompiledPack,
    readonly model: LinearModel,
  ) {}

  /** Returns the entry of `text.slice(start, end)`, whose hash is `hash`, making it on first sight. */
  find(text: string, start: number, end: number, hash: number): ScannedWord {
    const { slots, entries, hashes } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[slot] ?? 0;
      if (stored === 0) break;
      const entry = entries[stored - 1] as ScannedWord;
      if (hashes[stored - 1] === hash && entry.word.length === length && sameUnits(entry.word, text, start)) return entry;
    }
    return this.add(scannedWord(this.pack, this.model, text.slice(start, end)), hash);
  }

  private add(entry: ScannedWord, hash: number): ScannedWord {
    if (this.entries.length >= MAX_WORDS) {
      this.slots.fill(0);
      this.hashes = [];
      this.entries = [];
    }
    if ((this.entries.length + 1) * 2 > this.slots.length) this.grow();
    this.entries.push(entry);
    this.hashes.push(hash);
    this.place(hash, this.entries.length);
    return entry;
  }

  private place(hash: number, stored: number): void {
    const { slots } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    while ((slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    slots[slot] = stored;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.hashes.forEach((hash, index) => this.place(hash, index + 1));
  }
}

function sameUnits(word: string, text: string, start: number): boolean {
  for (let index = 0; index < word.length; index += 1) {
    if (word.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  }
  return true;
}

/** One table per pack, for one model at a time: a pack read with another model starts empty. */
const tables = new WeakMap<CompiledPack, WordTable>();

function tableOf(pack: CompiledPack, model: LinearModel): WordTable {
  const table = tables.get(pack);
  if (table !== undefined && table.model === model) return table;
  const fresh = new WordTable(pack, model);
  tables.set(pack, fresh);
  return fresh;
}

/**
 * Splits one folded unit (after foldText() and joinDigitGroups()) once for a
 * pack and its model, or returns null when the unit or the pack keeps the
 * consumers' own paths. The pieces are those of splitWordPunct(), each looked
 * up where it lies in the text.
 */
export function scanUnit(pack: CompiledPack, model: LinearModel, folded: string): UnitScan {
  if (!canScanPack(pack)) return null;
  const text = expandApostrophes(folded, pack.settings.apostrophes);
  if (text.includes('\u0178')) return null;
  const table = tableOf(pack, model);
  const scanned: ScannedWord[] = [];
  const length = text.length;
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    let end = at + 1;
    let hash = mix(HASH_SEED, code);
    if (isLetterOrHyphen(code)) {
      let hasHyphen = code === 0x2d;
      while (end < length) {
        const next = text.charCodeAt(end);
        if (!isLetterOrHyphen(next)) break;
        if (next === 0x2d) hasHyphen = true;
        hash = mix(hash, next);
        end += 1;
      }
      if (hasHyphen) findHyphenated(table, scanned, text, at, end);
      else scanned.push(table.find(text, at, end, hash));
    } else if (isNumberPart(code)) {
      while (end < length) {
        const next = text.charCodeAt(end);
        if (!isNumberPart(next)) break;
        hash = mix(hash, next);
        end += 1;
      }
      // A number's closing dots are read as the next piece ("7." gives "7" and ".").
      const cut = numberRunEnd(text, at, end);
      if (cut !== end) {
        end = cut;
        hash = HASH_SEED;
        for (let index = at; index < end; index += 1) hash = mix(hash, text.charCodeAt(index));
      }
      scanned.push(table.find(text, at, end, hash));
    } else if (isLineTerminator(code)) {
      while (end < length) {
        const next = text.charCodeAt(end);
        if (!isLineTerminator(next)) break;
        hash = mix(hash, next);
        end += 1;
      }
      scanned.push(table.find(text, at, end, hash));
    } else if (code !== 0x20 && !isDroppedSign(code, text[at] as string)) {
      scanned.push(table.find(text, at, end, hash));
    }
    at = end;
  }
  return scanned;
}

// The pieces splitWordPunct() makes of a run of letters with a hyphen: a lone
// hyphen is the word "-", and a longer run gives its parts between hyphens.
function findHyphenated(table: WordTable, scanned: ScannedWord[], text: string, start: number, end: number): void {
  if (end - start === 1) {
    scanned.push(table.find(text, start, end, mix(HASH_SEED, 0x2d)));
    return;
  }
  let partStart = start;
  let hash = HASH_SEED;
  for (let at = start; at <= end; at += 1) {
    const code = at === end ? 0x2d : text.charCodeAt(at);
    if (code === 0x2d) {
      if (at > partStart) scanned.push(table.find(text, partStart, at, hash));
      partStart = at + 1;
      hash = HASH_SEED;
    } else {
      hash = mix(hash, code);
    }
  }
}

/** Scans every unit of a message for a pack and its model. */
export function scanUnits(pack: CompiledPack, model: LinearModel, foldedUnits: readonly string[]): UnitScan[] {
  return foldedUnits.map((folded) => scanUnit(pack, model, folded));
}
