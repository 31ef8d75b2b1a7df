// A short yes to the owner's own proposal ("Yes, and bigger this time" above
// a quoted "Shall we roll the programme into Q3?") is the customer taking the
// proposal up. Rules never count quoted history, and the proposal is a vendor
// question, so it is judged here, and only when the new text opens with an
// affirmation of the pack's `affirmation` list.
// TODO: a reply that quotes nothing is not read this way, because detection reads one
// message at a time and the owner's proposal then sits only in an earlier message.
import type { SignalHit } from '../types.js';
import { analyseSentence } from './context.js';
import { toUnit, type JudgedMatch, type TextUnit } from './detect.js';
import { foldText, joinDigitGroups } from './normalize.js';
import type { CompiledPack, PatternOwner } from './rule-set.js';
import { splitSentences, toSnippet } from './sentences.js';
import { splitFoldedWords, tokenize } from './tokens.js';

/** Body sentences of the new text searched for the affirmation: a greeting line may come first. */
const AFFIRMATION_WINDOW = 2;

/** Confidence factor of a proposal taken up by a yes: the customer did not write its words. */
export const ACCEPTED_FACTOR = 0.8;

/**
 * Returns the first new-text sentence that opens with an affirmation, unless it
 * also contains a negation or a clause break ("yes, but not this year"), or
 * another sentence of the reply is negated ("Yes, Tuesday works. We will not
 * add seats"), because the yes may reply to something else.
 */
export function findAffirmation(pack: CompiledPack, units: readonly TextUnit[]): TextUnit | null {
  const allBody = units.filter((unit) => unit.part === 'body');
  const openings = affirmationOpenings(pack);
  for (const unit of allBody.slice(0, AFFIRMATION_WINDOW)) {
    if (openings !== null && !openings.has(firstWord(pack, unit.sentence))) continue;
    const context = analyseSentence(pack, tokenize(pack.settings, unit.sentence, null));
    const opens = context.spans.some((span) => span.kind === 'affirmation' && span.start === 0);
    if (!opens) continue;
    if (hasHedge(context, true)) return null;
    const hasNegatedSentence = allBody.some(
      (other) => other !== unit && hasHedge(analyseSentence(pack, tokenize(pack.settings, other.sentence, null)), false),
    );
    return hasNegatedSentence ? null : unit;
  }
  return null;
}

const openingWords = new WeakMap<CompiledPack, ReadonlySet<string> | null>();

/**
 * Returns the words that can start an affirmation phrase of the pack, or null
 * when some phrase starts with an element other than a fixed word. Most mail
 * opens with no affirmation, so findAffirmation() skips the costly clause
 * analysis of a sentence whose first token is none of these words.
 */
export function affirmationOpenings(pack: CompiledPack): ReadonlySet<string> | null {
  const cached = openingWords.get(pack);
  if (cached !== undefined) return cached;
  let words: Set<string> | null = new Set<string>();
  for (const pattern of pack.contextPatterns.patterns) {
    const owner: PatternOwner = pattern.owner;
    if (owner.kind !== 'context' || owner.context !== 'affirmation') continue;
    const first = pattern.elements[0];
    if (first?.kind !== 'surface') {
      words = null;
      break;
    }
    for (const word of first.words) words.add(word);
  }
  openingWords.set(pack, words);
  return words;
}

/** Returns the text of the first token that tokenize() gives for `sentence`, or '' for none. */
function firstWord(pack: CompiledPack, sentence: string): string {
  return splitFoldedWords(pack.settings, joinDigitGroups(foldText(sentence)))[0] ?? '';
}

/** True when the sentence has a negation not cancelled by an ignore phrase, or, when asked, a clause break. */
function hasHedge(context: ReturnType<typeof analyseSentence>, withClauseBreaks: boolean): boolean {
  const isIgnored = (start: number, end: number) =>
    context.spans.some((ignore) => ignore.kind === 'negationIgnore' && ignore.start <= start && ignore.end >= end);
  return context.spans.some(
    (span) =>
      (span.kind === 'negation' || (withClauseBreaks && span.kind === 'clauseBreaks')) && !isIgnored(span.start, span.end),
  );
}

const QUOTE_MARKERS = /^[ \t]*(?:>[ \t]?)+/gm;

/** Sentences of the full text that reply stripping removed (quoted history, signatures), without `>` markers. */
export function quotedUnits(text: string, newText: string): TextUnit[] {
  const newSentences = new Set(splitSentences(newText));
  return splitSentences(text.replace(QUOTE_MARKERS, ''))
    .filter((sentence) => !newSentences.has(sentence))
    .map((sentence) => toUnit('body', sentence));
}

// The owner's proposal is a rule match stopped only because the vendor asked
// or offered it. A supplier-offer cue marks a pitch to the owner, not the
// owner's proposal, so it is left out.
function isProposal(judged: JudgedMatch): boolean {
  const { verdict } = judged;
  if (verdict.fired) return false;
  if (verdict.reason === 'question-from-vendor') return true;
  return verdict.reason === 'vendor-offer' && !verdict.cue.startsWith('supplier offer');
}

/** Turns the owner's quoted proposals into hits of the customer's affirmation, one per rule. */
export function proposalHits(affirmation: TextUnit, quoted: readonly JudgedMatch[]): SignalHit[] {
  const hits = new Map<string, SignalHit>();
  for (const judged of quoted) {
    if (!isProposal(judged) || hits.has(judged.rule.id)) continue;
    hits.set(judged.rule.id, {
      ruleId: judged.rule.id,
      category: judged.rule.category,
      language: judged.language,
      phrase: `yes to the quoted proposal "${toSnippet(judged.sentence)}" (${judged.match.pattern.source})`,
      snippet: toSnippet(affirmation.sentence),
      quantity: judged.quantity,
      confidence: Math.round(judged.confidence * ACCEPTED_FACTOR * 100) / 100,
    });
  }
  return [...hits.values()];
}
