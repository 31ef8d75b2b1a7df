// Text body extraction. Text parts are decoded here, because mailparser trusts charset
// labels (UTF-8 under a Latin-1 label becomes mojibake) and converts HTML to text only for
// a top-level HTML message. Attachment bodies are located but never copied or decoded.
import { requirePackage } from '../require-package.js';
import { MAX_HTML_DEPTH, MAX_LINE_CHARS, MAX_TEXT_CHARS } from '../limits.js';
import type { TextSource } from '../types.js';
import { decodeBytes } from './charset.js';
import { simpleHtmlToText } from './html-simple.js';
import { childVisibility, isTextHidden, VISIBLE, type Visibility } from './html-visibility.js';
import { walkMime, type AttachedPart, type MimeLeaf } from './mail-mime.js';

const { compile } = requirePackage('html-to-text') as typeof import('html-to-text');
type FormatCallback = import('html-to-text').FormatCallback;

/**
 * Raw bytes read per text part: room for MAX_TEXT_CHARS characters after base64 (4/3) and
 * multi-byte UTF-8 (up to 4 bytes each) have been undone.
 */
export const MAX_TEXT_PART_BYTES = MAX_TEXT_CHARS * 6;

export interface BodyText {
  text: string;
  textSource: TextSource;
  /** U+FFFD characters produced while decoding, for the problem list. */
  replacements: number;
  /** Bytes invalid in UTF-8 text that were read as Windows-1252, for the problem list. */
  strayBytes: number;
  /** Limits that cut the text, such as `MAX_TEXT_CHARS`. */
  cuts: string[];
  /** Multipart bodies read despite a missing or wrong boundary, described for the problem list. */
  repairs: string[];
  /** True when the message has no text but its HTML has words that are all hidden from the reader. */
  isAllTextHidden: boolean;
  /** Messages attached as message/rfc822 or message/global parts, located in the Buffer read. */
  attached: AttachedPart[];
}

interface TextPart {
  leaf: MimeLeaf;
  /** text/enriched or text/richtext (RFC 1896, RFC 1341), read as plain text without markup. */
  isEnriched: boolean;
  bytes: Buffer;
}

/**
 * Mark html-to-text writes where it stops below MAX_HTML_DEPTH. It is two Unicode
 * noncharacters, which mail text should not contain, so the cut is distinguished
 * from a real "..." and counted.
 */
const DEPTH_CUT_MARK = '\ufdd0\ufdd1';

const HTML_OPTIONS = {
  wordwrap: false as const,
  limits: { maxDepth: MAX_HTML_DEPTH, ellipsis: DEPTH_CUT_MARK },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
  ],
};

/**
 * Extracts the best text of a message: its inline text/plain parts when they have
 * non-blank content, else its inline text/html parts converted to text.
 */
export function extractBodyText(raw: Buffer): BodyText {
  const tree = walkMime(raw);
  const plain: TextPart[] = [];
  const html: TextPart[] = [];
  const cuts = new Set<string>();
  if (tree.isDepthCut) {
    cuts.add('MAX_MIME_DEPTH');
  }

  for (const leaf of tree.leaves) {
    const part = selectPart(raw, leaf, cuts);
    if (part !== null) {
      (leaf.contentType === 'text/html' ? html : plain).push(part);
    }
  }

  const result = chooseText(plain, html, cuts);
  const text = limitText(result.text, cuts);
  return {
    ...result,
    text,
    cuts: [...cuts].sort(),
    repairs: tree.repairs,
    isAllTextHidden: result.isAllTextHidden ?? false,
    attached: tree.messages,
  };
}

function selectPart(raw: Buffer, leaf: MimeLeaf, cuts: Set<string>): TextPart | null {
  const type = leaf.contentType;
  const isEnriched = type === 'text/enriched' || type === 'text/richtext';
  if (isAttachment(leaf) || (type !== 'text/plain' && type !== 'text/html' && !isEnriched)) {
    return null;
  }
  let end = leaf.bodyEnd;
  if (end - leaf.bodyStart > MAX_TEXT_PART_BYTES) {
    end = leaf.bodyStart + MAX_TEXT_PART_BYTES;
    cuts.add('MAX_TEXT_PART_BYTES');
  }
  return { leaf, isEnriched, bytes: raw.subarray(leaf.bodyStart, end) };
}

function isAttachment(leaf: MimeLeaf): boolean {
  if (leaf.disposition === 'attachment') {
    return true;
  }
  // Outlook attaches text files with only a name parameter and no disposition.
  return leaf.disposition !== 'inline' && leaf.hasFilename;
}

type ChosenText = Omit<BodyText, 'cuts' | 'repairs' | 'isAllTextHidden' | 'attached'> & { isAllTextHidden?: boolean };

function chooseText(plain: TextPart[], html: TextPart[], cuts: Set<string>): ChosenText {
  const plainText = decodeParts(plain);
  if (!isBlank(plainText.text)) {
    // An HTML part outside any multipart/alternative is more text after the plain parts (a
    // multipart/mixed in sequence), not another version of them.
    const sequenceHtml = html.filter((part) => !part.leaf.isAlternative);
    if (sequenceHtml.length > 0) {
      return readSequence(plain, sequenceHtml, cuts);
    }
    return { text: plainText.text, textSource: 'plain', replacements: plainText.replacements, strayBytes: plainText.strayBytes };
  }
  const htmlText = decodeParts(html);
  const converted = isBlank(htmlText.text) ? '' : htmlToText(htmlText.text, cuts);
  if (!isBlank(converted)) {
    return { text: converted, textSource: 'html', replacements: htmlText.replacements, strayBytes: htmlText.strayBytes };
  }
  const replacements = plainText.replacements + htmlText.replacements;
  // Converting again with hidden text kept costs one more pass, only for messages with no text.
  const isAllTextHidden = !isBlank(htmlText.text) && !isBlank(htmlToText(htmlText.text, undefined, true));
  return { text: '', textSource: 'none', replacements, strayBytes: plainText.strayBytes + htmlText.strayBytes, isAllTextHidden };
}

/** True when `text.trim()` would be empty: trim() and `\s` remove the same characters. This copies no text. */
function isBlank(text: string): boolean {
  return !/\S/.test(text);
}

/** Reads plain and HTML parts in document order, each HTML part converted to text. */
function readSequence(plain: TextPart[], html: TextPart[], cuts: Set<string>): ChosenText {
  const parts = [...plain, ...html].sort((a, b) => a.leaf.bodyStart - b.leaf.bodyStart);
  const texts: string[] = [];
  let replacements = 0;
  let strayBytes = 0;
  for (const part of parts) {
    const decoded = decodeParts([part]);
    replacements += decoded.replacements;
    strayBytes += decoded.strayBytes;
    const isHtml = part.leaf.contentType === 'text/html';
    texts.push(isHtml && !isBlank(decoded.text) ? htmlToText(decoded.text, cuts) : decoded.text);
  }
  return { text: texts.join('\n\n'), textSource: 'plain', replacements, strayBytes };
}

function decodeParts(parts: TextPart[]): { text: string; replacements: number; strayBytes: number } {
  const texts: string[] = [];
  let replacements = 0;
  let strayBytes = 0;
  for (const part of parts) {
    const bytes = decodeTransfer(part.bytes, part.leaf.encoding);
    const decoded = decodeBytes(bytes, part.leaf.charset);
    replacements += decoded.replacements;
    strayBytes += decoded.strayBytes ?? 0;
    let text = decoded.text.replace(/\r\n?/g, '\n');
    if (part.leaf.isFlowed) {
      text = unflow(text, part.leaf.isDelSp);
    }
    if (part.isEnriched) {
      text = stripEnriched(text);
    }
    texts.push(text);
  }
  return { text: texts.join('\n\n'), replacements, strayBytes };
}

/** Undoes a Content-Transfer-Encoding; unknown encodings are read as 8bit. */
export function decodeTransfer(bytes: Buffer, encoding: string): Buffer {
  const name = encoding.toLowerCase().trim();
  if (name === 'base64') {
    // Buffer's base64 decoder skips line breaks and other characters outside the alphabet.
    return Buffer.from(bytes.toString('latin1'), 'base64');
  }
  if (name === 'quoted-printable') {
    return decodeQuotedPrintable(bytes);
  }
  return bytes;
}

/** Decodes quoted-printable leniently: a `=` not followed by two hex digits stays as is. */
export function decodeQuotedPrintable(bytes: Buffer): Buffer {
  const output = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    if (byte !== 0x3d) {
      output[length++] = byte;
      i += 1;
      continue;
    }
    const high = hexValue(bytes[i + 1]);
    const low = hexValue(bytes[i + 2]);
    if (high >= 0 && low >= 0) {
      output[length++] = high * 16 + low;
      i += 3;
      continue;
    }
    const softBreak = softBreakLength(bytes, i + 1);
    if (softBreak > 0) {
      i += 1 + softBreak;
      continue;
    }
    output[length++] = byte;
    i += 1;
  }
  return output.subarray(0, length);
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) {
    return -1;
  }
  if (byte >= 0x30 && byte <= 0x39) {
    return byte - 0x30;
  }
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Length of optional trailing blanks plus the line break after a soft-break `=`, else 0. */
function softBreakLength(bytes: Buffer, start: number): number {
  let i = start;
  while (bytes[i] === 0x20 || bytes[i] === 0x09) {
    i += 1;
  }
  if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
    return i + 2 - start;
  }
  if (bytes[i] === 0x0a) {
    return i + 1 - start;
  }
  return i >= bytes.length ? i - start : 0;
}

/** Joins format=flowed soft line breaks (RFC 3676) and removes space-stuffing. */
function unflow(text: string, isDelSp: boolean): string {
  const output: string[] = [];
  let paragraph = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.startsWith(' ') ? rawLine.slice(1) : rawLine;
    const isSoft = line.endsWith(' ') && line !== '-- ';
    if (isSoft) {
      paragraph += isDelSp ? line.slice(0, -1) : line;
      continue;
    }
    output.push(paragraph + line);
    paragraph = '';
  }
  if (paragraph !== '') {
    output.push(paragraph);
  }
  return output.join('\n');
}

/** Removes enriched-text commands; `<nl>` is a line break and `<<` a literal `<`. */
function stripEnriched(text: string): string {
  return text
    .replace(/<nl>/gi, '\n')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*>/g, '')
    .replace(/<</g, '<');
}

// html-to-text's convert() rebuilds its selector decision tree on every call,
// which cost more than the conversion of a typical message; compile() builds it once.
const convertHtml = compile({ ...HTML_OPTIONS, formatters: hiddenTextFormatters() });
const convertAllHtml = compile(HTML_OPTIONS);

/**
 * Converts HTML to text: tags removed, entities decoded, block elements as line breaks, and
 * text that html-visibility.ts finds hidden left out unless `keepHidden` is set. Elements
 * nested deeper than MAX_HTML_DEPTH are left out, and `cuts` gets that limit.
 */
export function htmlToText(html: string, cuts?: Set<string>, keepHidden = false): string {
  // Most mail HTML is simple enough for a fast path that returns html-to-text's text
  // without building its tree. Anything else goes to html-to-text itself.
  const fast = simpleHtmlToText(html, keepHidden);
  if (fast !== null) return fast;
  const text = keepHidden ? convertAllHtml(html) : convertHtml(html);
  if (!text.includes(DEPTH_CUT_MARK)) return text;
  cuts?.add('MAX_HTML_DEPTH');
  return text.replaceAll(DEPTH_CUT_MARK, '');
}

/** Converts HTML with html-to-text alone. htmlToText() must return the same text. */
export function htmlToTextByLibrary(html: string, keepHidden = false): string {
  return (keepHidden ? convertAllHtml(html) : convertHtml(html)).replaceAll(DEPTH_CUT_MARK, '');
}

/** Elements whose content was already pruned of hidden text, so their formatter calls the library's at once. */
const prunedElements = new WeakSet<object>();

/**
 * Returns html-to-text's formatters, each first pruning hidden text from the element it
 * formats. html-to-text formats each base element (a body, or else each top-level
 * element) before anything inside it, so that first call prunes the whole subtree.
 */
function hiddenTextFormatters(): Record<string, FormatCallback> {
  const formatters: Record<string, FormatCallback> = {};
  for (const [name, format] of Object.entries(libraryFormatters())) {
    formatters[name] = (elem, walk, builder, formatOptions) => {
      if (!prunedElements.has(elem) && pruneHiddenText(elem as DomElement)) return;
      format(elem, walk, builder, formatOptions);
    };
  }
  return formatters;
}

/**
 * Returns html-to-text's own formatters by name. The library does not export them, but
 * passes them to every formatter as `builder.options.formatters`, so a converter with one
 * formatter of its own reads them once.
 */
function libraryFormatters(): Record<string, FormatCallback> {
  let found: Record<string, FormatCallback> = {};
  const read = compile({
    selectors: [{ selector: 'leak-read-formatters', format: 'leakReadFormatters' }],
    formatters: {
      leakReadFormatters: (_elem, _walk, builder) => {
        found = { ...builder.options.formatters };
      },
    },
  });
  read('<leak-read-formatters></leak-read-formatters>');
  delete found.leakReadFormatters;
  return found;
}

/** The parts of a domhandler node that pruning reads. */
interface DomElement {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomElement[];
}

/**
 * Removes from a base element's subtree each element that html-visibility.ts finds removed and
 * each text node it finds hidden. Returns true when the base element itself is removed.
 */
function pruneHiddenText(base: DomElement): boolean {
  const baseVisibility = visibilityInside(VISIBLE, base);
  prunedElements.add(base);
  if (baseVisibility.isRemoved) return true;
  // A loop, not recursion, because html-to-text reads deeper nesting than the stack allows.
  const pending: [DomElement, Visibility][] = [[base, baseVisibility]];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const [element, visibility] = item;
    if (element.children === undefined) continue;
    element.children = element.children.filter((child) => {
      if (child.type === 'text') return !isTextHidden(visibility);
      if (child.children === undefined) return true;
      const inside = visibilityInside(visibility, child);
      if (inside.isRemoved) return false;
      prunedElements.add(child);
      pending.push([child, inside]);
      return true;
    });
  }
  return false;
}

function visibilityInside(parent: Visibility, element: DomElement): Visibility {
  const attributes = element.attribs ?? {};
  return childVisibility(parent, element.name ?? '', (name) => (Object.hasOwn(attributes, name) ? attributes[name] : undefined));
}

function limitText(text: string, cuts: Set<string>): string {
  let output = text.replace(/\u00a0/g, ' ');
  if (output.length > MAX_TEXT_CHARS) {
    output = output.slice(0, MAX_TEXT_CHARS);
    cuts.add('MAX_TEXT_CHARS');
  }
  if (output.length <= MAX_LINE_CHARS) {
    return output;
  }
  let isCut = false;
  const lines = output.split('\n').map((line) => {
    if (line.length <= MAX_LINE_CHARS) {
      return line;
    }
    isCut = true;
    return line.slice(0, MAX_LINE_CHARS);
  });
  if (isCut) {
    cuts.add('MAX_LINE_CHARS');
  }
  return lines.join('\n');
}
