// A single pass that splits text into the words splitFoldedWords() keeps from
// natural's WordPunctTokenizer, without its regex split and filtering. That
// tokenizer splits on /([A-Za-zÀ-ÿ-]+|[0-9._]+|.|!|\?|'|"|:|;|,|-)/i and drops
// the pieces '' and ' '. Read as a scan, this gives, left to right: a run of
// letters and hyphens, else a run of digits, dots and underscores, else any
// one UTF-16 code unit but a line terminator. A run of line terminators is
// the gap between two matches and is kept as one piece. One change on top:
// the dots after a number's last digit are a piece apart (numberRunEnd()), and
// splitFoldedWords() makes the same change on natural's words.

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
      end = numberRunEnd(text, at, end);
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

// In "from 5 to 7." the number run takes the sentence's dot, and "7." has no value.
// So the dots after a number's last digit become a piece of their own, while a dot
// between digits ("3.5") stays in the number.
const NUMBER_THEN_DOTS = /^([0-9._]*[0-9])(\.+)$/;

/**
 * Returns where the first word of the number run `text.slice(start, end)` ends: after its
 * last digit when only dots follow that digit, else at `end`.
 */
export function numberRunEnd(text: string, start: number, end: number): number {
  let cut = end;
  while (cut > start && text.charCodeAt(cut - 1) === 0x2e) cut -= 1;
  if (cut === end || cut === start) return end;
  const last = text.charCodeAt(cut - 1);
  return last >= 0x30 && last <= 0x39 ? cut : end;
}

/** Pushes a run of digits, dots and underscores as splitWordPunct() reads it: the dots after its last digit apart. */
export function pushNumberRun(words: string[], run: string): void {
  const parts = run.length > 1 && run.endsWith('.') ? NUMBER_THEN_DOTS.exec(run) : null;
  if (parts === null) words.push(run);
  else words.push(parts[1] as string, parts[2] as string);
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
