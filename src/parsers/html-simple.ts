// A fast path for the plain HTML most mail carries: paragraphs, divs, line breaks, links,
// inline styling, layout tables, quotes and headings. It returns the text html-to-text
// returns with the options in mail-body.ts: no word wrap, links without their address,
// images, styles and scripts skipped, headings not uppercased, hidden text left out. For
// anything it does not read the way htmlparser2 and html-to-text do, it returns null, and the
// caller falls back to html-to-text. Lists, `<pre>`, a `<title>` without `<body>`, foreign
// content, CDATA sections, tags with unusual attribute syntax and entities outside a short table
// all fall back.
//
// It works in two passes. The first reads tags and text the way htmlparser2 builds its
// tree (implied closes, void elements, `</p>` and `</br>` without an opening tag), as a
// flat list of open, close and text events. The second replays html-to-text's block and
// inline text building on those events, from the `<body>` elements only when there are any.

import { MAX_HTML_DEPTH } from '../limits.js';
import { childVisibility, isTextHidden, mayHide, VISIBLE, type Visibility } from './html-visibility.js';

/** Maximum input length for the fast path. html-to-text cuts input at 16 MiB with a warning. */
const MAX_SIMPLE_CHARS = 1 << 22;

/** html-to-text's whitespace characters (see isTextSpace). Words are the runs of all other characters. */
const HAS_WORD = /[^ \t\r\n\f\u200b]/;

// A start tag whose attributes are all written plainly: the tag ends at the first `>`
// outside a quoted value, as htmlparser2's tokenizer ends it. Anything else falls back.
// Each attribute must start after a separator, so a run of separators is read one way only.
const START_TAG =
  /<([a-zA-Z][a-zA-Z0-9]*(?::[a-zA-Z][a-zA-Z0-9]*)?)(?=[ \t\n\f\r/>])(?:[ \t\n\f\r/]+[^ \t\n\f\r/>="'<]+(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:"[^"]*"|'[^']*'|[^ \t\n\f\r>"'=<`]+))?)*[ \t\n\f\r/]*>/y;
const END_TAG = /<\/([a-zA-Z][a-zA-Z0-9]*(?::[a-zA-Z][a-zA-Z0-9]*)?)[ \t\n\f\r]*>/y;
// One attribute of a tag that START_TAG matched, read from a separator on.
const ATTRIBUTE =
  /[ \t\n\f\r/]+([^ \t\n\f\r/>="'<]+)(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:"([^"]*)"|'([^']*)'|([^ \t\n\f\r>"'=<`]+)))?/y;
const ENTITY = /&(?:([a-zA-Z][a-zA-Z0-9]*)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));/y;

/** Named entities the fast path decodes, each with a semicolon. Any other name falls back. */
const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
  ['rarr', '\u2192'],
  ['larr', '\u2190'],
  ['copy', '\u00a9'],
  ['reg', '\u00ae'],
  ['trade', '\u2122'],
  ['hellip', '\u2026'],
  ['mdash', '\u2014'],
  ['ndash', '\u2013'],
  ['lsquo', '\u2018'],
  ['rsquo', '\u2019'],
  ['ldquo', '\u201c'],
  ['rdquo', '\u201d'],
  ['bull', '\u2022'],
  ['middot', '\u00b7'],
  ['euro', '\u20ac'],
  ['pound', '\u00a3'],
  ['laquo', '\u00ab'],
  ['raquo', '\u00bb'],
]);

/** Block elements, with the line breaks html-to-text's default formatters put before and after them. */
const BLOCKS: ReadonlyMap<string, { leading: number; trailing: number }> = new Map([
  ['p', { leading: 2, trailing: 2 }],
  ['div', { leading: 1, trailing: 1 }],
  ['table', { leading: 2, trailing: 2 }],
  ['blockquote', { leading: 2, trailing: 2 }],
  ['h1', { leading: 3, trailing: 2 }],
  ['h2', { leading: 3, trailing: 2 }],
  ['h3', { leading: 3, trailing: 2 }],
  ['h4', { leading: 2, trailing: 2 }],
  ['h5', { leading: 2, trailing: 2 }],
  ['h6', { leading: 2, trailing: 2 }],
]);

/** Inline elements, which add no text of their own. */
const INLINE = new Set([
  'html', 'head', 'body', 'span', 'font', 'b', 'strong', 'i', 'em', 'u', 'a', 'tt', 'small', 'big',
  'center', 'td', 'tr', 'th', 'tbody', 'thead', 'tfoot', 'sup', 'sub', 's', 'strike', 'cite', 'code',
  'o:p',
]);

/** Void elements the fast path reads. `br` is a line break, `hr` a block of dashes, and `img` is skipped. */
const VOID = new Set(['br', 'hr', 'img', 'meta', 'link']);

/** html-to-text's rule for `hr` without word wrap: 40 dashes, 2 line breaks before and after. */
const HR_TEXT = '-'.repeat(40);
const HR_LINE_BREAKS = 2;

/**
 * Elements whose raw content, up to their end tag, is skipped. html-to-text skips style and
 * script. It reads `<title>` text inside a body or when there is no body, so those fall back.
 */
const RAW = new Set(['style', 'script', 'title']);

const P_ONLY = new Set(['p']);
/** The part of htmlparser2's implied-close table that touches the elements read here. */
const IMPLIED_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ['p', P_ONLY],
  ['div', P_ONLY],
  ['table', P_ONLY],
  ['blockquote', P_ONLY],
  ['h1', P_ONLY],
  ['h2', P_ONLY],
  ['h3', P_ONLY],
  ['h4', P_ONLY],
  ['h5', P_ONLY],
  ['h6', P_ONLY],
  ['hr', P_ONLY],
]);

const OPEN = 0;
const CLOSE = 1;
const TEXT = 2;

/** Flat event list of the tree htmlparser2 builds: per event, a kind and a tag name or text. */
interface Events {
  kinds: number[];
  values: string[];
  hasBody: boolean;
}

/**
 * Converts simple HTML to the text html-to-text returns with the options of mail-body.ts.
 * Text that html-visibility.ts finds hidden is left out, as mail-body.ts prunes it from the tree
 * html-to-text walks, unless `keepHidden` is set. Returns null when the HTML contains
 * anything this path does not read.
 */
export function simpleHtmlToText(html: string, keepHidden = false): string | null {
  if (html.length > MAX_SIMPLE_CHARS) return null;
  const events = readEvents(html, keepHidden);
  return events === null ? null : buildText(events);
}

/** Open elements with what each passes on to its content, as htmlparser2 keeps them. */
class OpenElements {
  readonly names: string[] = [];
  private readonly visibilities: Visibility[] = [];

  get length(): number {
    return this.names.length;
  }

  top(): string | undefined {
    return this.names[this.names.length - 1];
  }

  visibility(): Visibility {
    return this.visibilities[this.visibilities.length - 1] ?? VISIBLE;
  }

  push(name: string, visibility: Visibility): void {
    this.names.push(name);
    this.visibilities.push(visibility);
  }

  pop(): { name: string; visibility: Visibility } {
    return { name: this.names.pop() as string, visibility: this.visibilities.pop() as Visibility };
  }
}

function readEvents(html: string, keepHidden: boolean): Events | null {
  const kinds: number[] = [];
  const values: string[] = [];
  const stack = new OpenElements();
  let hasBody = false;
  let hasTitle = false;
  let text = '';
  const flushText = (): void => {
    if (text !== '') {
      kinds.push(TEXT);
      values.push(text);
      text = '';
    }
  };
  // A removed element adds no event, as html-to-text never walks it.
  const close = (name: string, visibility: Visibility): void => {
    flushText();
    if (visibility.isRemoved) return;
    kinds.push(CLOSE);
    values.push(name);
  };
  const open = (name: string, visibility: Visibility): void => {
    flushText();
    if (visibility.isRemoved) return;
    kinds.push(OPEN);
    values.push(name);
  };
  const closeTop = (): void => {
    const { name, visibility } = stack.pop();
    close(name, visibility);
  };

  let at = 0;
  const length = html.length;
  while (at < length) {
    const lt = html.indexOf('<', at);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > at) {
      const decoded = decodeText(html, at, textEnd);
      if (decoded === null) return null;
      if (keepHidden || !isTextHidden(stack.visibility())) text += decoded;
    }
    if (lt === -1) break;
    const next = html.charCodeAt(lt + 1);
    if (isAsciiLetter(next)) {
      // htmlparser2 drops a tag left open at the end.
      if (html.indexOf('>', lt) === -1) return null;
      START_TAG.lastIndex = lt;
      const match = START_TAG.exec(html);
      if (match === null) return null;
      const name = (match[1] as string).toLowerCase();
      at = START_TAG.lastIndex;
      const implied = IMPLIED_CLOSE.get(name);
      if (implied !== undefined) {
        while (stack.length > 0 && implied.has(stack.top() as string)) closeTop();
      }
      const visibility = keepHidden ? VISIBLE : elementVisibility(stack, name, match[0]);
      if (visibility === null) return null;
      if (VOID.has(name)) {
        open(name, visibility);
        close(name, visibility);
      } else if (RAW.has(name)) {
        const end = rawEnd(html, at, name);
        if (end === -1) return null;
        // A title inside a body would be text, so only a title before any body is skipped.
        if (name === 'title') {
          if (hasBody) return null;
          hasTitle = true;
        }
        open(name, visibility);
        close(name, visibility);
        at = end;
      } else if (BLOCKS.has(name) || INLINE.has(name)) {
        if (name === 'body') hasBody = true;
        // html-to-text leaves out what lies deeper than its depth limit. Deep nesting goes
        // to it well before that depth, so the two never need to agree on where it counts from.
        if (stack.length >= MAX_HTML_DEPTH / 2) return null;
        stack.push(name, visibility);
        open(name, visibility);
      } else {
        return null;
      }
    } else if (next === 0x2f && isAsciiLetter(html.charCodeAt(lt + 2))) {
      END_TAG.lastIndex = lt;
      const match = END_TAG.exec(html);
      if (match === null) return null;
      const name = (match[1] as string).toLowerCase();
      at = END_TAG.lastIndex;
      if (VOID.has(name)) {
        if (name === 'br') {
          open(name, stack.visibility());
          close(name, stack.visibility());
        }
      } else if (BLOCKS.has(name) || INLINE.has(name) || RAW.has(name)) {
        const position = stack.names.lastIndexOf(name);
        if (position !== -1) {
          while (stack.length > position) closeTop();
        } else if (name === 'p') {
          open(name, stack.visibility());
          close(name, stack.visibility());
        }
      } else {
        return null;
      }
    } else if (next === 0x21 || next === 0x3f) {
      // A comment, doctype or processing instruction adds no text, but it ends the text node before it.
      const end = markupDeclarationEnd(html, lt);
      if (end === -1) return null;
      flushText();
      at = end;
    } else if (next === 0x2f || lt + 1 >= length) {
      // `</` before a non-letter, or a final `<`.
      return null;
    } else {
      if (keepHidden || !isTextHidden(stack.visibility())) text += '<';
      at = lt + 1;
    }
  }
  if (hasTitle && !hasBody) return null;
  while (stack.length > 0) closeTop();
  flushText();
  return { kinds, values, hasBody };
}

/**
 * Returns the visibility inside a new element, or null, to fall back, when an attribute that
 * can hide text has an entity this path does not decode. html-to-text reads each outermost
 * body on its own, so such a body starts from VISIBLE.
 */
function elementVisibility(stack: OpenElements, name: string, tagSource: string): Visibility | null {
  const isOuterBody = name === 'body' && !stack.names.includes('body');
  const parent = isOuterBody ? VISIBLE : stack.visibility();
  if (!mayHide(tagSource)) return parent;
  const attributes = readAttributes(tagSource);
  return attributes === null ? null : childVisibility(parent, name, (attribute) => attributes.get(attribute));
}

/**
 * Reads the attributes of a start tag that START_TAG matched, names in lower case and values
 * decoded, the first of two equal names kept, as htmlparser2 reads them. Returns null for a
 * value with an entity outside the table.
 */
function readAttributes(tagSource: string): Map<string, string> | null {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = tagSource.search(/[ \t\n\f\r/]/);
  if (ATTRIBUTE.lastIndex === -1) return attributes;
  for (let match = ATTRIBUTE.exec(tagSource); match !== null; match = ATTRIBUTE.exec(tagSource)) {
    const name = (match[1] as string).toLowerCase();
    const raw = match[2] ?? match[3] ?? match[4] ?? '';
    const value = decodeText(raw, 0, raw.length);
    if (value === null) return null;
    if (!attributes.has(name)) attributes.set(name, value);
  }
  return attributes;
}

/**
 * Returns the end of a comment, doctype or other `<!` declaration, or `<?` instruction.
 * A comment ends at the first `-->`, which may share its opening dashes as in htmlparser2.
 * The others end at the first `>`. Returns -1, to fall back, for one left open or for `<![`.
 */
function markupDeclarationEnd(html: string, lt: number): number {
  if (html.startsWith('<!--', lt)) {
    const close = html.indexOf('-->', lt + 2);
    return close === -1 ? -1 : close + 3;
  }
  const after = html.charCodeAt(lt + 2);
  if (html.charCodeAt(lt + 1) === 0x21 && !isAsciiLetter(after)) return -1;
  const close = html.indexOf('>', lt + 2);
  return close === -1 ? -1 : close + 1;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** Returns the index after the end tag of a style, script or title element, or -1 to fall back. */
function rawEnd(html: string, from: number, name: string): number {
  const closing = new RegExp(`</${name}`, 'gi');
  closing.lastIndex = from;
  const match = closing.exec(html);
  if (match === null) return -1;
  let at = closing.lastIndex;
  while (at < html.length && isHtmlSpace(html.charCodeAt(at))) at += 1;
  return html.charCodeAt(at) === 0x3e ? at + 1 : -1;
}

function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** Decodes the entities of the text between two tags. Returns null for an entity outside the table. */
function decodeText(html: string, start: number, end: number): string | null {
  let amp = ampersandBefore(html, start, end);
  if (amp === -1) return html.slice(start, end);
  let output = '';
  let at = start;
  while (amp !== -1 && amp < end) {
    output += html.slice(at, amp);
    const next = html.charCodeAt(amp + 1);
    if (!isAsciiLetter(next) && next !== 0x23) {
      // An ampersand before anything but a letter or `#` stays as it is.
      output += '&';
      at = amp + 1;
    } else {
      ENTITY.lastIndex = amp;
      const match = ENTITY.exec(html);
      if (match === null || ENTITY.lastIndex > end) return null;
      const value = entityValue(match);
      if (value === null) return null;
      output += value;
      at = ENTITY.lastIndex;
    }
    amp = ampersandBefore(html, at, end);
  }
  return output + html.slice(at, end);
}

/**
 * Finds the first `&` from `from` up to `end`, or -1. The search stops at the text
 * node's end, so a long document without `&` costs time linear in its length.
 */
function ampersandBefore(html: string, from: number, end: number): number {
  for (let at = from; at < end; at += 1) {
    if (html.charCodeAt(at) === 0x26) return at;
  }
  return -1;
}

function entityValue(match: RegExpExecArray): string | null {
  if (match[1] !== undefined) return NAMED_ENTITIES.get(match[1]) ?? null;
  const code = match[2] !== undefined ? Number.parseInt(match[2], 10) : Number.parseInt(match[3] as string, 16);
  // htmlparser2 passes these code points through unchanged. It replaces NUL, C1 controls,
  // surrogates and out-of-range numbers, so those fall back.
  const isPlain =
    code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0x10ffff);
  return isPlain ? String.fromCodePoint(code) : null;
}

/** Block under construction, like html-to-text's BlockStackItem with its InlineTextBuilder. */
interface Block {
  leading: number;
  isQuote: boolean;
  rawText: string;
  /** Finished lines of the inline builder, each with its words joined by spaces. */
  lines: string[];
  /** Words of the current line, joined by spaces. Words are never empty, so '' means no words. */
  line: string;
  stashedSpace: boolean;
  stashedLineBreaks: number;
}

function newBlock(leading: number, isQuote: boolean): Block {
  return { leading, isQuote, rawText: '', lines: [], line: '', stashedSpace: false, stashedLineBreaks: 0 };
}

function buildText(events: Events): string {
  const { kinds, values, hasBody } = events;
  const blocks: Block[] = [newBlock(1, false)];
  let bodyDepth = 0;
  for (let index = 0; index < kinds.length; index += 1) {
    const kind = kinds[index];
    const value = values[index] as string;
    if (hasBody && value === 'body' && kind !== TEXT) {
      bodyDepth += kind === OPEN ? 1 : -1;
      continue;
    }
    if (hasBody && bodyDepth === 0) continue;
    const top = blocks[blocks.length - 1] as Block;
    if (kind === TEXT) {
      addInline(top, value);
    } else if (value === 'br') {
      if (kind === OPEN) startNewLine(top, 1);
    } else if (value === 'hr') {
      if (kind === OPEN) {
        const rule = newBlock(HR_LINE_BREAKS, false);
        addInline(rule, HR_TEXT);
        closeBlock(rule, top, HR_LINE_BREAKS);
      }
    } else {
      const shape = BLOCKS.get(value);
      if (shape === undefined) continue;
      if (kind === OPEN) {
        blocks.push(newBlock(shape.leading, value === 'blockquote'));
      } else {
        blocks.pop();
        closeBlock(top, blocks[blocks.length - 1] as Block, shape.trailing);
      }
    }
  }
  return getText(blocks[0] as Block);
}

function isEmpty(block: Block): boolean {
  return block.lines.length === 0 && block.line === '';
}

function getText(block: Block): string {
  if (isEmpty(block)) return block.rawText;
  const inline = block.lines.length === 0 ? block.line : `${block.lines.join('\n')}\n${block.line}`;
  return block.rawText + inline;
}

function startNewLine(block: Block, count: number): void {
  block.lines.push(block.line);
  for (let index = 1; index < count; index += 1) block.lines.push('');
  block.line = '';
}

function addInline(block: Block, text: string): void {
  if (text.length === 0 || (block.stashedLineBreaks !== 0 && !HAS_WORD.test(text))) return;
  if (block.stashedLineBreaks !== 0) startNewLine(block, block.stashedLineBreaks);
  const hadSpace = block.stashedSpace;
  const words = joinWords(text);
  const anyWord = words !== '';
  if (anyWord) {
    if (block.line === '') block.line = words;
    else if (hadSpace || isTextSpace(text.charCodeAt(0))) block.line += ' ' + words;
    else block.line += words;
  }
  block.stashedSpace = (hadSpace && !anyWord) || isTextSpace(text.charCodeAt(text.length - 1));
  block.stashedLineBreaks = 0;
}

/** Tells whether a code unit is one of html-to-text's whitespace characters. */
function isTextSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c || code === 0x200b;
}

/**
 * Returns the words of `text` joined by single spaces, or '' when it has none. Text
 * between two words that is already one space is kept as it is, so a line of
 * plain prose is cut once instead of once per word.
 */
function joinWords(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isTextSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isTextSpace(text.charCodeAt(end - 1))) end -= 1;
  if (start === end) return '';
  let joined = '';
  let pieceStart = start;
  for (let at = start; at < end; at += 1) {
    const code = text.charCodeAt(at);
    if (!isTextSpace(code)) continue;
    // The text ends with a word, so every run of spaces here ends before `end`.
    let runEnd = at + 1;
    while (isTextSpace(text.charCodeAt(runEnd))) runEnd += 1;
    if (code !== 0x20 || runEnd !== at + 1) {
      joined += text.slice(pieceStart, at) + ' ';
      pieceStart = runEnd;
    }
    at = runEnd - 1;
  }
  return joined + text.slice(pieceStart, end);
}

function closeBlock(block: Block, parent: Block, trailing: number): void {
  let text = getText(block);
  if (block.isQuote) text = quoteLines(text);
  addText(parent, text, block.leading, Math.max(block.stashedLineBreaks, trailing));
}

/** Applies html-to-text's blockquote transform: outer line breaks trimmed, each line prefixed. */
function quoteLines(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x0a) start += 1;
  while (end > start && text.charCodeAt(end - 1) === 0x0a) end -= 1;
  return text
    .slice(start, end)
    .split('\n')
    .map((line) => '> ' + line)
    .join('\n');
}

function addText(block: Block, text: string, leading: number, trailing: number): void {
  const parentText = getText(block);
  const lineBreaks = Math.max(block.stashedLineBreaks, leading);
  block.lines = [];
  block.line = '';
  if (parentText !== '') {
    block.rawText = parentText + '\n'.repeat(lineBreaks) + text;
  } else {
    block.rawText = text;
    block.leading = lineBreaks;
  }
  block.stashedLineBreaks = trailing;
}
