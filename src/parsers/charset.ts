// Charset decoding that treats a declared charset as a hint. Mail clients often label
// UTF-8 bytes as ISO-8859-1, write Windows-1252 bytes under a Latin-1 label, or declare
// names no decoder supports, so the bytes decide where the label is implausible.
import { isAscii as isAsciiNative, isUtf8 } from 'node:buffer';
import { requirePackage } from '../require-package.js';

const chardet = requirePackage('chardet') as typeof import('chardet');
const iconv = requirePackage('iconv-lite') as typeof import('iconv-lite');

export interface DecodedText {
  text: string;
  /** Charset the bytes were decoded with, as iconv-lite names it. */
  charset: string;
  /** U+FFFD characters the decoder produced for bytes invalid in that charset. */
  replacements: number;
  /** Bytes invalid in UTF-8 text that were read as Windows-1252, set only for such text. */
  strayBytes?: number;
}

/** Labels browsers decode as Windows-1252 because senders use them for Windows-1252 bytes. */
const WINDOWS_1252_LABELS = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso-ir-100',
  'latin1',
  'latin-1',
  'l1',
  'cp819',
  'ibm819',
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'windows-1252',
  'cp1252',
  'x-cp1252',
]);

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8']);

/** Aliases seen in mail that iconv-lite does not resolve, or resolves to a narrower charset. */
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  'ks_c_5601-1987': 'cp949',
  'iso-8859-8-i': 'iso-8859-8',
  'iso-8859-6-i': 'iso-8859-6',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'x-sjis': 'shift_jis',
  'x-mac-roman': 'macintosh',
};

/** Encodings written with 7-bit bytes only: ASCII bytes still need decoding, 8-bit ones mean a wrong label. */
const SEVEN_BIT_FAMILY = /^(utf-?7|iso-?2022|hz-gb)/;

/** Encodings whose bytes are not ASCII-compatible at all. */
const WIDE_FAMILY = /^(utf-?16|utf-?32|ucs-?2)/;

/**
 * Share of invalid bytes, relative to valid multi-byte sequences, above which bytes labelled
 * UTF-8 may be another charset rather than UTF-8 with a few stray bytes; detection decides.
 */
const MAX_STRAY_BYTE_RATIO = 0.25;

const ESCAPE = 0x1b;

/**
 * Charsets chardet reports for Latin-script text. Short French or English mail often scores
 * highest as one of these at random, so leak reads all of them as Windows-1252 instead.
 */
const LATIN_DETECTIONS = new Set([
  'ISO-8859-1',
  'ISO-8859-2',
  'ISO-8859-9',
  'ISO-8859-15',
  'windows-1250',
  'windows-1252',
  'windows-1254',
]);

/** Lowest chardet confidence (0-100) trusted for a non-Latin script. */
const MIN_DETECTION_CONFIDENCE = 30;

const REPLACEMENT = /\uFFFD/g;

/**
 * Decodes body or header bytes. Valid multi-byte UTF-8 wins over a single-byte label,
 * Latin-1 and US-ASCII labels decode as Windows-1252, and a missing or unknown label
 * falls back to detection.
 */
export function decodeBytes(bytes: Buffer, label: string | null): DecodedText {
  const charset = normalizeLabel(label);
  const isSevenBit = SEVEN_BIT_FAMILY.test(charset ?? '');
  const isWide = WIDE_FAMILY.test(charset ?? '');
  const isAsciiOnly = !isWide && isAscii(bytes);
  if (isAsciiOnly && !isSevenBit) {
    return { text: bytes.toString('latin1'), charset: 'us-ascii', replacements: 0 };
  }

  const bom = readBom(bytes);
  if (bom !== null) {
    return decodeWith(bytes, bom);
  }

  if (isSevenBit && isAsciiOnly && /^iso-?2022-?jp/.test(charset ?? '')) {
    return decodeIso2022Jp(bytes);
  }
  if (charset === null || !iconv.encodingExists(charset) || (isSevenBit && !isAsciiOnly)) {
    return decodeUnlabelled(bytes);
  }
  if (UTF8_LABELS.has(charset)) {
    return isUtf8(bytes) ? decodeWith(bytes, 'utf-8') : decodeBrokenUtf8(bytes);
  }
  if (!isWide && !isSevenBit && isUtf8(bytes)) {
    // Non-ASCII bytes that form valid UTF-8 are almost never Latin-1 or CJK text by chance.
    return decodeWith(bytes, 'utf-8');
  }
  if (WINDOWS_1252_LABELS.has(charset)) {
    return decodeWith(bytes, 'windows-1252');
  }
  return decodeWith(bytes, charset);
}

/** Maps a declared charset to the name leak decodes it with, or null when none was given. */
export function normalizeLabel(label: string | null): string | null {
  if (label === null) {
    return null;
  }
  const cleaned = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (cleaned === '') {
    return null;
  }
  return LABEL_ALIASES[cleaned] ?? cleaned;
}

export function isAscii(bytes: Buffer): boolean {
  return isAsciiNative(bytes);
}

function readBom(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return 'utf-8';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return 'utf-16le';
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return 'utf-16be';
  }
  return null;
}

function decodeWith(bytes: Buffer, charset: string): DecodedText {
  const text = decodeDirectly(bytes, charset) ?? iconv.decode(bytes, charset);
  return { text, charset, replacements: countReplacements(text, bytes) };
}

/** Characters U+0080-U+009F: bytes 0x80-0x9F read as Latin-1, the only ones Windows-1252 reads otherwise. */
const C1_RANGE = /[\x80-\x9f]/;

/**
 * Decodes with Buffer's own decoder when it gives iconv-lite's text exactly, else returns null.
 * That is valid UTF-8 without a BOM (iconv-lite strips a BOM), and Windows-1252 without bytes
 * 0x80-0x9F (the other bytes are their Latin-1 code points). In one CPU profile of the 200 MB
 * benchmark mailbox, iconv-lite's decoders took about 1% of the time.
 */
function decodeDirectly(bytes: Buffer, charset: string): string | null {
  if (charset === 'utf-8') {
    return readBom(bytes) === null && isUtf8(bytes) ? bytes.toString('utf8') : null;
  }
  if (charset === 'windows-1252') {
    const text = bytes.toString('latin1');
    return C1_RANGE.test(text) ? null : text;
  }
  return null;
}

function decodeUnlabelled(bytes: Buffer): DecodedText {
  if (isUtf8(bytes)) {
    return decodeWith(bytes, 'utf-8');
  }
  const detected = detectCharset(bytes);
  return decodeWith(bytes, detected);
}

/** Picks a decoder for bytes that are not UTF-8, preferring Windows-1252 for Latin text. */
function detectCharset(bytes: Buffer): string {
  const [best] = chardet.analyse(bytes);
  if (best === undefined || best.confidence < MIN_DETECTION_CONFIDENCE) {
    return 'windows-1252';
  }
  if (LATIN_DETECTIONS.has(best.name) || best.name === 'UTF-8') {
    return 'windows-1252';
  }
  return iconv.encodingExists(best.name) ? best.name.toLowerCase() : 'windows-1252';
}

/**
 * Decodes bytes labelled UTF-8 that are not valid UTF-8. Text with no valid multi-byte
 * sequence is really another charset. Otherwise only the stray bytes are wrong, so each
 * one is read as Windows-1252 while the valid sequences stay UTF-8, however many stray
 * bytes Latin text has: a reply typed in UTF-8 above a quote pasted in Latin-1 has both.
 */
function decodeBrokenUtf8(bytes: Buffer): DecodedText {
  const { multiByte, stray } = countUtf8Sequences(bytes);
  if (multiByte === 0) {
    return decodeWith(bytes, detectCharset(bytes));
  }
  if (stray > multiByte * MAX_STRAY_BYTE_RATIO) {
    // Many stray bytes: a multi-byte charset such as Shift_JIS under a UTF-8 label, unless
    // detection finds Latin text, whose stray bytes are Windows-1252 between UTF-8 sequences.
    const detected = detectCharset(bytes);
    if (detected !== 'windows-1252') {
      return decodeWith(bytes, detected);
    }
  }

  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    pieces.push(bytes.toString('utf8', start, i), iconv.decode(bytes.subarray(i, i + 1), 'windows-1252'));
    i += 1;
    start = i;
  }
  pieces.push(bytes.toString('utf8', start));
  const text = pieces.join('');
  return { text, charset: 'utf-8', replacements: countReplacements(text, bytes), strayBytes: stray };
}

function countUtf8Sequences(bytes: Buffer): { multiByte: number; stray: number } {
  let multiByte = 0;
  let stray = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      stray += 1;
      i += 1;
      continue;
    }
    multiByte += length > 1 ? 1 : 0;
    i += length;
  }
  return { multiByte, stray };
}

/**
 * Decodes ISO-2022-JP, which iconv-lite 0.7 lacks: JIS X 0208 runs are shifted into
 * EUC-JP byte ranges (each byte + 0x80) and half-width katakana get the EUC-JP 0x8E prefix.
 */
function decodeIso2022Jp(bytes: Buffer): DecodedText {
  const euc: number[] = [];
  let mode: 'ascii' | 'jis' | 'kana' = 'ascii';
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i] ?? 0;
    if (byte === ESCAPE) {
      const sequence = bytes.toString('latin1', i + 1, i + 3);
      if (sequence === '$B' || sequence === '$@') {
        mode = 'jis';
      } else if (sequence === '(I') {
        mode = 'kana';
      } else if (sequence === '(B' || sequence === '(J') {
        mode = 'ascii';
      } else {
        euc.push(byte);
        continue;
      }
      i += 2;
      continue;
    }
    if (mode === 'ascii' || byte < 0x21 || byte > 0x7e) {
      euc.push(byte);
    } else if (mode === 'kana') {
      euc.push(0x8e, byte + 0x80);
    } else {
      euc.push(byte + 0x80);
    }
  }
  const text = iconv.decode(Buffer.from(euc), 'euc-jp');
  return { text, charset: 'iso-2022-jp', replacements: countReplacements(text, bytes) };
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const first = bytes[i] ?? 0;
  if (first < 0x80) {
    return 1;
  }
  let length: number;
  let min: number;
  let max: number;
  if (first >= 0xc2 && first <= 0xdf) {
    [length, min, max] = [2, 0x80, 0xbf];
  } else if (first >= 0xe0 && first <= 0xef) {
    [length, min, max] = [3, first === 0xe0 ? 0xa0 : 0x80, first === 0xed ? 0x9f : 0xbf];
  } else if (first >= 0xf0 && first <= 0xf4) {
    [length, min, max] = [4, first === 0xf0 ? 0x90 : 0x80, first === 0xf4 ? 0x8f : 0xbf];
  } else {
    return 0;
  }
  for (let k = 1; k < length; k += 1) {
    const byte = bytes[i + k];
    const low = k === 1 ? min : 0x80;
    const high = k === 1 ? max : 0xbf;
    if (byte === undefined || byte < low || byte > high) {
      return 0;
    }
  }
  return length;
}

/** Counts U+FFFD added by decoding, not the ones the sender wrote as UTF-8 EF BF BD. */
function countReplacements(text: string, bytes: Buffer): number {
  const produced = text.match(REPLACEMENT)?.length ?? 0;
  if (produced === 0) {
    return 0;
  }
  let written = 0;
  let at = bytes.indexOf('\uFFFD', 0, 'utf8');
  while (at >= 0) {
    written += 1;
    at = bytes.indexOf('\uFFFD', at + 3, 'utf8');
  }
  return Math.max(0, produced - written);
}
