// A single pass that splits text into the words splitFoldedWords() keeps from
// natural's WordPunctTokenizer, without its regex split and filtering. That
// tokenizer splits on /([A-Za-zÀ-ÿ-]+|[0-9._]+|.|!|\?|'|"|:|;|,|-)/i and drops
// the pieces '' and ' '. Read as a scan, this gives, left to right: a run of
// letters and hyphens, else a run of digits, dots and underscores, else any
// one UTF-16 code unit but a line terminator. A run of line terminators is
// the gap between two matches and is kept as one piece.

/**
 * Tells whether a code unit is in [A-Za-zÀ-ÿ-] under the `i` flag: the
 * case-insensitive match adds Ÿ (U+0178), the upper case of ÿ.
 */
export function isLetterOrHyphen(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x2d;
  return (code >= 0xc0 && code <= 0xff) || code === 0x178;
}

export function isNumberPart(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x5f;
}

/** Tells whether a code unit is a line terminator, which `.` does not match. */
export function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

const CURRENCY_ONLY = /^\p{Sc}+$/u;

/** Tells whether the one-unit piece at `code` is dropped as a currency sign. Of ASCII only "$" is one, and a lone surrogate is none. */
export function isDroppedSign(code: number, piece: string): boolean {
  return code === 0x24 || (code >= 0x80 && CURRENCY_ONLY.test(piece));
}

/**
 * Splits text as splitFoldedWords() does with WordPunctTokenizer: a piece
 * made only of currency signs is dropped (it would split "to £8m" between
 * "to" and the amount), and a piece with a hyphen becomes its non-empty parts.
 */
export function splitWordPunct(text: string): string[] {
  const words: string[] = [];
  const length = text.length;
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    let end = at + 1;
    if (isLetterOrHyphen(code)) {
      let hasHyphen = code === 0x2d;
      while (end < length) {
        const next = text.charCodeAt(end);
        if (!isLetterOrHyphen(next)) break;
        if (next === 0x2d) hasHyphen = true;
        end += 1;
      }
      // A run without a hyphen is one word, and needs no second walk.
      if (hasHyphen) pushHyphenated(words, text, at, end);
      else words.push(text.slice(at, end));
    } else if (isNumberPart(code)) {
      while (end < length && isNumberPart(text.charCodeAt(end))) end += 1;
      words.push(text.slice(at, end));
    } else if (isLineTerminator(code)) {
      while (end < length && isLineTerminator(text.charCodeAt(end))) end += 1;
      words.push(text.slice(at, end));
    } else if (code !== 0x20) {
      const piece = text[at] as string;
      if (isDroppedSign(code, piece)) {
        at = end;
        continue;
      }
      words.push(piece);
    }
    at = end;
  }
  return words;
}

// A run of one hyphen is the word "-"; a longer run keeps its parts between hyphens.
function pushHyphenated(words: string[], text: string, start: number, end: number): void {
  if (end - start === 1) {
    words.push(text[start] as string);
    return;
  }
  let partStart = start;
  for (let at = start; at <= end; at += 1) {
    if (at === end || text.charCodeAt(at) === 0x2d) {
      if (at > partStart) words.push(text.slice(partStart, at));
      partStart = at + 1;
    }
  }
}
