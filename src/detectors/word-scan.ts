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
import { modelWordInfo, PackWordTables, type WordInfo } from './model-reach.js';
import { expandApostrophes } from './normalize.js';
import type { CompiledPack } from './rule-set.js';
import { isTriggerLetter, isTriggerNumberPart, triggerElements, triggerEnds } from './trigger.js';
import { splitWordPunct } from './word-punct.js';

/** One distinct word of a pack's sentences, with what each consumer reads of it. */
export interface ScannedWord {
  readonly word: string;
  /** Element ids in the pack's sentence trigger, or null for a piece the trigger does not count as a word. */
  readonly triggerIds: readonly number[] | null;
  /** The trigger patterns this word can complete: those whose last required element is one of `triggerIds`. */
  readonly triggerEnds: readonly number[];
  /** The model pre-check's facts about the word. */
  readonly model: WordInfo;
}

/** Words of one unit in text order, or null when the unit keeps the consumers' own paths. */
export type UnitScan = readonly ScannedWord[] | null;

/** Distinct words kept per pack; past this many the table is cleared. */
const MAX_WORDS = 100_000;

const tables = new PackWordTables<ScannedWord>();

const NO_ENDS: readonly number[] = [];

/** Tells whether the shared scan can read a pack's sentences: it reproduces WordPunctTokenizer only. */
export function canScanPack(pack: CompiledPack): boolean {
  return pack.settings.split === splitWordPunct;
}

function lookUp(pack: CompiledPack, model: LinearModel, words: Map<string, ScannedWord>, word: string): ScannedWord {
  const cached = words.get(word);
  if (cached !== undefined) return cached;
  const first = word.charCodeAt(0);
  const counts = isTriggerLetter(first) || isTriggerNumberPart(first);
  const trigger = pack.sentenceTrigger;
  const triggerIds = counts ? triggerElements(trigger, pack.settings, pack.typos, word) : null;
  const entry: ScannedWord = {
    word,
    triggerIds,
    triggerEnds: triggerIds === null || triggerIds.length === 0 ? NO_ENDS : triggerEnds(trigger, triggerIds),
    model: modelWordInfo(model, pack, word),
  };
  if (words.size >= MAX_WORDS) words.clear();
  words.set(word, entry);
  return entry;
}

/**
 * Splits one folded unit (after foldText() and joinDigitGroups()) once for a
 * pack and its model, or returns null when the unit or the pack keeps the
 * consumers' own paths.
 */
export function scanUnit(pack: CompiledPack, model: LinearModel, folded: string): UnitScan {
  if (!canScanPack(pack)) return null;
  const text = expandApostrophes(folded, pack.settings.apostrophes);
  if (text.includes('\u0178')) return null;
  const words = tables.of(pack, model);
  const pieces = splitWordPunct(text);
  const scanned = new Array<ScannedWord>(pieces.length);
  for (let index = 0; index < pieces.length; index += 1) scanned[index] = lookUp(pack, model, words, pieces[index] as string);
  return scanned;
}

/** Scans every unit of a message for a pack and its model. */
export function scanUnits(pack: CompiledPack, model: LinearModel, foldedUnits: readonly string[]): UnitScan[] {
  return foldedUnits.map((folded) => scanUnit(pack, model, folded));
}
