// Text normalisation shared by rule compilation and message scanning, so that a
// rule phrase and a message sentence reach the tokenizer in the same form.

/** Any character outside ASCII. */
export const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032\u00b4`]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
// Whitespace that collapsing changes: runs of two or more, and single characters other than a space.
// Replacing only these gives what replacing every run of `\s` gives, with no match at each word.
const UNCOLLAPSED_SPACES = /\s{2,}|[^\S ]/g;
// NFD does not split the French ligatures, so they are spelled out: « Œnologie » folds
// to "oenologie" and « mise en œuvre » to "mise en oeuvre", as customers also type them.
const LIGATURES = /[\u0152\u0153\u00c6\u00e6]/g;
const LIGATURE_LETTERS: Readonly<Record<string, string>> = { '\u0152': 'OE', '\u0153': 'oe', '\u00c6': 'AE', '\u00e6': 'ae' };

// Digit groups of three joined by a space, no-break space, comma or dot, as in
// "12 500", "1,500" or "1.500". The lookbehind keeps "2027, 100" apart.
const GROUPED_NUMBER = /(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d]|[.,]\d)/g;

// A word with an apostrophe inside it: "d'ajouter", "don't", "we're". The
// lookbehind starts matches at word starts only, which keeps the scan linear.
const APOSTROPHE_WORD = /(?<![a-z])([a-z]+)'([a-z]+)/g;

/** Contraction and elision tables of one rule pack, keys without apostrophes. */
export interface ApostropheRules {
  /** Whole words, such as `won't` → `will not`. */
  words: ReadonlyMap<string, string>;
  /** Endings after the apostrophe, such as `n't` → `not` or `re` → `are`. */
  suffixes: ReadonlyMap<string, string>;
  /** Elided words before the apostrophe, such as `l` → `le`. */
  elisions: ReadonlyMap<string, string>;
}

/**
 * Folds text for matching: Unicode NFC, lower case, accents removed, typographic
 * apostrophes and dashes made ASCII, whitespace collapsed.
 */
export function foldText(text: string): string {
  return foldTextPart(text, NON_ASCII.test(text));
}

// `hasNonAscii` describes the whole text, because a backtick becomes an
// apostrophe only in text with some non-ASCII character.
function foldTextPart(text: string, hasNonAscii: boolean): string {
  // ASCII text has nothing to normalise, fold or replace but case and spaces.
  const folded = hasNonAscii ? foldCharacters(text) : text;
  const lower = folded.toLowerCase();
  return isCollapsed(lower) ? lower : lower.replace(UNCOLLAPSED_SPACES, ' ').trim();
}

// Uncollapsed text: a space at either end, two spaces in a row, or other `\s` whitespace.
// On the benchmark mailbox's lines this regex took about half the time of a loop over code units.
const NOT_COLLAPSED = /^ | $| {2}|[^\S ]/;

/**
 * Tells whether text has single spaces between words and no other whitespace,
 * none at either end: what replacing each run of `\s` with one space and
 * trimming gives. Most sentences already are, and the replace would only copy them.
 */
export function isCollapsed(text: string): boolean {
  return !NOT_COLLAPSED.test(text);
}

/** Normalises, folds accents and ligatures and replaces apostrophes and dashes, before case and spaces. */
function foldUnicode(text: string): string {
  return text
    .normalize('NFC')
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(LIGATURES, (ligature) => LIGATURE_LETTERS[ligature] ?? ligature)
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFC');
}

// Characters whose foldUnicode() result does not depend on their neighbours:
// precomposed letters of Latin-1 and Latin Extended-A, and the punctuation of
// business mail (quotes, dashes, ellipsis, bullets, the euro sign). None is a
// combining mark or composes with the character before it. A text made of
// ASCII and these is folded one character at a time from a table, which gives
// foldUnicode()'s result without its three normalisations.
const TABLE_RANGES: readonly [number, number][] = [
  [0x60, 0x60],
  [0x80, 0x17f],
  [0x2bc, 0x2bc],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x202f, 0x202f],
  [0x20ac, 0x20ac],
  [0x2212, 0x2212],
];

const FOLDED_CHARACTERS = new Map<string, string>();
for (const [first, last] of TABLE_RANGES) {
  for (let code = first; code <= last; code += 1) {
    const character = String.fromCharCode(code);
    FOLDED_CHARACTERS.set(character, foldUnicode(character));
  }
}

const toRangeClass = (ranges: readonly [number, number][]): string =>
  ranges.map(([first, last]) => `\\u${first.toString(16).padStart(4, '0')}-\\u${last.toString(16).padStart(4, '0')}`).join('');
/** A non-ASCII character outside the table. */
const UNTABLED = new RegExp(`[^\\u0000-\\u007f${toRangeClass(TABLE_RANGES)}]`);

/** Folded form of each character of the table, by code: undefined outside the table. */
const FOLDED_BY_CODE: (string | undefined)[] = [];
for (const [character, folded] of FOLDED_CHARACTERS) FOLDED_BY_CODE[character.charCodeAt(0)] = folded;

function foldCharacters(text: string): string {
  if (UNTABLED.test(text)) return foldUnicode(text);
  // One pass that copies the runs between tabled characters: the same result
  // as replacing each tabled character through FOLDED_CHARACTERS, without a
  // callback per character.
  let folded = '';
  let copied = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80 && code !== 0x60) continue;
    const replacement = FOLDED_BY_CODE[code];
    if (replacement === undefined) continue;
    folded += text.slice(copied, index) + replacement;
    copied = index + 1;
  }
  return copied === 0 ? text : folded + text.slice(copied);
}

/** Raw characters folded at a time by FoldedChunks. */
export const FOLD_CHUNK_CHARS = 2_000;

/**
 * Folds a long text lazily, a chunk at a time, for a pass that usually stops
 * in the first lines. Chunks end at a line break between two ASCII letters, so
 * no step of foldText(), joinDigitGroups() or expandApostrophes() reads across
 * a cut: the chunks joined with spaces are joinDigitGroups(foldText(text)).
 */
export class FoldedChunks {
  private readonly chunks: string[] = [];
  private readonly hasNonAscii: boolean;
  private start = 0;

  constructor(
    private readonly text: string,
    private readonly chunkChars = FOLD_CHUNK_CHARS,
  ) {
    this.hasNonAscii = NON_ASCII.test(text);
  }

  /** Returns the folded chunk at `index`, or undefined past the last one. */
  at(index: number): string | undefined {
    while (this.chunks.length <= index && this.start < this.text.length) {
      const end = this.findCut(this.start + this.chunkChars);
      this.chunks.push(joinDigitGroups(foldTextPart(this.text.slice(this.start, end), this.hasNonAscii)));
      this.start = end + 1;
    }
    return this.chunks[index];
  }

  private findCut(from: number): number {
    const { text } = this;
    for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) {
      if (isAsciiLetter(text.charCodeAt(at - 1)) && isAsciiLetter(text.charCodeAt(at + 1))) return at;
    }
    return text.length;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

// A French decimal comma before a thousands or millions suffix: « 2,5 k », « 1,2m ».
// It is written as a dot, so that the count is one token ("2.5") as in English.
const DECIMAL_COMMA_BEFORE_SUFFIX = /(?<![\d.,])(\d+),(\d{1,2})(?= ?[km](?![\p{L}\p{N}]))/gu;

/**
 * Joins grouped digits ("12 500" → "12500") so that a number is one token, and
 * writes a decimal comma before a k or m suffix as a dot (« 2,5 k » → "2.5 k").
 */
export function joinDigitGroups(text: string): string {
  return text
    .replace(GROUPED_NUMBER, (match) => match.replace(/[ \u00a0\u202f.,]/g, ''))
    .replace(DECIMAL_COMMA_BEFORE_SUFFIX, '$1.$2');
}

/** Expands contractions and elisions with the pack's tables; unknown forms are kept. */
export function expandApostrophes(folded: string, rules: ApostropheRules): string {
  if (!folded.includes("'")) return folded;
  return folded.replace(APOSTROPHE_WORD, (match: string, head: string, tail: string) => {
    const whole = rules.words.get(`${head}'${tail}`);
    if (whole !== undefined) return whole;

    const elided = rules.elisions.get(head);
    if (elided !== undefined) return `${elided} ${tail}`;

    // "n't" belongs to the head in English ("don" + "'t"), so it is tried first.
    const negation = rules.suffixes.get("n't");
    if (tail === 't' && head.endsWith('n') && negation !== undefined) {
      return `${head.slice(0, -1)} ${negation}`;
    }
    const suffix = rules.suffixes.get(tail);
    if (suffix !== undefined) return suffix === '' ? head : `${head} ${suffix}`;
    return match;
  });
}
