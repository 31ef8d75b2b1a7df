// Splits new text into sentences, the unit a hit reports as its snippet.

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
function joinLines(text: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const lines = text.split(/\r?\n/);
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

// A sentence ends at . ! ? or … followed by a space; a dot inside a number or
// an abbreviation followed by a lower-case word does not end one.
const SENTENCE_BREAK = /[.!?\u2026](?= |$)/g;

function splitBlock(block: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  SENTENCE_BREAK.lastIndex = 0;
  for (let match = SENTENCE_BREAK.exec(block); match !== null; match = SENTENCE_BREAK.exec(block)) {
    const index = match.index;
    const following = block[index + 2] ?? '';
    if (match[0] === '.' && following !== '' && following === following.toLowerCase() && following !== following.toUpperCase()) continue;
    sentences.push(block.slice(start, index + 1).trim());
    start = index + 1;
  }
  sentences.push(block.slice(start).trim());
  return sentences.filter((sentence) => HAS_LETTER_OR_DIGIT.test(sentence));
}

/** Splits text into sentences with whitespace collapsed, in text order. */
export function splitSentences(text: string): string[] {
  return joinLines(text).flatMap(splitBlock).map(collapseWhitespace);
}
