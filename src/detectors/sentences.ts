// Splits new text into sentences, the unit a hit reports as its snippet.
import { isCollapsed } from './normalize.js';

/** Maximum snippet length kept in a hit, in characters. */
export const MAX_SNIPPET_CHARS = 300;

/** Lines at least this long are taken as wrapped and joined with the next line. */
const WRAPPED_LINE_CHARS = 50;

const LIST_ITEM = /^\s*(?:[-*\u2022\u2013]|\d+[.)])\s+/;
const SENTENCE_END = /[.!?\u2026]$/;
const CONTINUATION = /^\s*[\p{Ll}\p{N}]/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const REPLY_PREFIX = /^\s*(?:(?:re|fw|fwd|tr|aw|wg|sv|vs|rv|r)\s*(?:\[\d+\])?\s*[:\uff1a]\s*)+/i;

export function collapseWhitespace(text: string): string {
  if (isCollapsed(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts a snippet to MAX_SNIPPET_CHARS at a word boundary. */
export function toSnippet(sentence: string): string {
  const collapsed = collapseWhitespace(sentence);
  if (collapsed.length <= MAX_SNIPPET_CHARS) return collapsed;
  const cut = collapsed.slice(0, MAX_SNIPPET_CHARS - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > MAX_SNIPPET_CHARS / 2 ? cut.slice(0, lastSpace) : cut}\u2026`;
}

/** Removes Re:/Fwd:/TR:/AW: prefixes, however many and in any of these languages. */
export function stripSubjectPrefixes(subject: string): string {
  return subject.replace(REPLY_PREFIX, '').trim();
}

// Short lines (greetings, names) and list items stand alone. Long lines, and
// lines followed by a lower-case or digit continuation, are usually a
// paragraph wrapped by the mail client and are joined.
function joinLines(lines: readonly string[]): string[] {
  const blocks: string[] = [];
  let current = '';
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || LIST_ITEM.test(line)) {
      if (current !== '') blocks.push(current);
      current = trimmed;
      return;
    }
    current = current === '' ? trimmed : `${current} ${trimmed}`;
    if (SENTENCE_END.test(trimmed) || (trimmed.length < WRAPPED_LINE_CHARS && !CONTINUATION.test(lines[index + 1] ?? ''))) {
      blocks.push(current);
      current = '';
    }
  });
  if (current !== '') blocks.push(current);
  return blocks.filter((block) => block !== '');
}

// Words whose dot does not end a sentence when a lower-case word follows:
// "approx. 85 users", "cf. the contract". A single letter ("p. 4") or a
// dotted form ("e.g.") counts as an abbreviation too, a number ("to 9.") not.
const ABBREVIATIONS = new Set([
  'approx', 'etc', 'incl', 'excl', 'vs', 'cf', 'env', 'resp', 'ca', 'no', 'nr', 'nos', 'pp',
  'dept', 'mr', 'mrs', 'ms', 'dr', 'st', 'mme', 'mlle', 'ref', 'tel', 'fig', 'min', 'max', 'av',
  'bd', 'ste', 'cie', 'co', 'inc', 'ltd', 'jr', 'sr',
]);

function isAbbreviationBefore(block: string, dot: number): boolean {
  const word = /[\p{L}.]+$/u.exec(block.slice(0, dot))?.[0] ?? '';
  if (word === '') return false;
  if (word.length === 1 || word.includes('.')) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

// A name's middle initial: "Marc J. Durand", "John Q. Public". The capital
// before the dot follows a capitalised word, and another one comes next.
const NAME_THEN_INITIAL = /(?:^|\s)\p{Lu}[\p{L}'-]*\p{L},? \p{Lu}$/u;

// Words that start a sentence more often than they are a surname ("Plan B. We need…").
const SENTENCE_STARTERS = new Set([
  'we', 'i', 'our', 'can', 'could', 'would', 'please', 'thanks', 'thank', 'the', 'this', 'it', 'is',
  'do', 'let', 'nous', 'je', 'notre', 'pouvez', 'pourriez', 'merci', 'le', 'la', 'les', 'est', 'il',
]);

/** Characters read on each side of a dot when testing for a middle initial, so the cost per dot is bounded. */
const INITIAL_CONTEXT_CHARS = 64;

function isMiddleInitial(block: string, dot: number): boolean {
  // Each test below needs a capital right before the dot, and most dots follow a
  // lower-case word, so an ASCII character other than A-Z there settles it without cutting text.
  const previous = block.charCodeAt(dot - 1);
  if (Number.isNaN(previous) || (previous < 0x80 && (previous < 0x41 || previous > 0x5a))) return false;
  const before = block.slice(Math.max(0, dot - INITIAL_CONTEXT_CHARS), dot);
  const after = block.slice(dot + 1, dot + 1 + INITIAL_CONTEXT_CHARS);
  // A run of initials: "J. Q. Smith".
  if (/(?:^|\s)\p{Lu}$/u.test(before) && /^ \p{Lu}\./u.test(after)) return true;
  if (!NAME_THEN_INITIAL.test(before) && !/(?:^|\s)\p{Lu}\. \p{Lu}$/u.test(before)) return false;
  const next = /^ (\p{Lu}[\p{L}'-]*\p{L})/u.exec(after)?.[1];
  return next !== undefined && !SENTENCE_STARTERS.has(next.toLowerCase());
}

// A sentence ends at . ! ? or … followed by a space. A dot inside a number does
// not end one, nor does an abbreviation's dot before a lower-case word, but a
// lower-case start after a full word does ("last week. is there any way…").
const SENTENCE_BREAK = /[.!?\u2026](?= |$)/g;

// Appends the sentences of a block that contain a letter or a digit, with whitespace collapsed.
// SENTENCE_BREAK matches one character, so test() and lastIndex find it without a match array.
function splitBlockInto(block: string, sentences: string[]): void {
  let start = 0;
  SENTENCE_BREAK.lastIndex = 0;
  while (SENTENCE_BREAK.test(block)) {
    const index = SENTENCE_BREAK.lastIndex - 1;
    const isDot = block.charCodeAt(index) === 0x2e;
    if (isDot && isLowerCaseAt(block, index + 2) && isAbbreviationBefore(block, index)) continue;
    if (isDot && isMiddleInitial(block, index)) continue;
    pushSentence(sentences, block.slice(start, index + 1).trim());
    start = index + 1;
  }
  pushSentence(sentences, block.slice(start).trim());
}

function pushSentence(sentences: string[], sentence: string): void {
  if (HAS_LETTER_OR_DIGIT.test(sentence)) sentences.push(collapseWhitespace(sentence));
}

/** Tells whether the code unit at `index` is a lower-case letter: toLowerCase() keeps it and toUpperCase() changes it. */
function isLowerCaseAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (Number.isNaN(code)) return false;
  if (code < 0x80) return code >= 0x61 && code <= 0x7a;
  const character = text.charAt(index);
  return character === character.toLowerCase() && character !== character.toUpperCase();
}

const STARTS_UPPER_OR_DIGIT = /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u;
const TITLE_CASE_WORD = /^[^\p{L}]*\p{Lu}\p{Ll}/u;
const HAS_LETTER = /\p{L}/u;

/**
 * Tells whether a sentence is a run of labels, such as a web page's menu or
 * buttons turned into text ("RFP Services", "Send Email View Contract"). Every
 * word of a label run starts with a capital or a digit. One word at least must
 * be in title case, so a sentence written in capitals still counts, and so does
 * a question.
 */
export function isLabelRun(sentence: string): boolean {
  if (sentence.endsWith('?')) return false;
  // Most sentences fail at their first or second word, so the pieces between
  // spaces are cut one at a time and the test stops at the first failing word.
  let count = 0;
  let hasTitleCase = false;
  for (let start = 0; start <= sentence.length; ) {
    const space = sentence.indexOf(' ', start);
    const end = space < 0 ? sentence.length : space;
    const word = sentence.slice(start, end);
    start = end + 1;
    if (!HAS_LETTER.test(word)) continue;
    if (!STARTS_UPPER_OR_DIGIT.test(word)) return false;
    count += 1;
    if (!hasTitleCase && TITLE_CASE_WORD.test(word)) hasTitleCase = true;
  }
  return count >= 2 && hasTitleCase;
}

/** Splits text into sentences with whitespace collapsed, in text order. */
export function splitSentences(text: string): string[] {
  return splitLineSentences(text.split(/\r?\n/));
}

/** Splits text already cut into lines (as extractNewLines() returns them) into sentences, as splitSentences() does. */
export function splitLineSentences(lines: readonly string[]): string[] {
  const sentences: string[] = [];
  for (const block of joinLines(lines)) splitBlockInto(block, sentences);
  return sentences;
}
