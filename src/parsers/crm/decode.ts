// Text encoding of a CSV export: byte-order mark first, then strict UTF-8,
// then chardet's guess among legacy encodings, else Windows-1252, which is
// what Excel writes on "Save as CSV" in Western Europe.
import { requirePackage } from '../../require-package.js';

const chardet = requirePackage('chardet') as typeof import('chardet');
const iconv = requirePackage('iconv-lite') as typeof import('iconv-lite');

/** Lowest chardet confidence (0-100) for a single-byte guess other than Windows-1252. */
const SINGLE_BYTE_MIN_CONFIDENCE = 50;

/**
 * Lowest chardet confidence for a multi-byte legacy encoding (Shift_JIS, GB18030...).
 * Set high because Latin text with many accents can look like these at low confidence.
 */
const MULTI_BYTE_MIN_CONFIDENCE = 90;

const SINGLE_BYTE = new Set([
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-5',
  'iso-8859-7',
  'iso-8859-9',
  'iso-8859-15',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'koi8-r',
]);

const MULTI_BYTE = new Set(['shift_jis', 'euc-jp', 'gb18030', 'big5', 'euc-kr']);

export interface DecodedText {
  text: string;
  /** WHATWG-style encoding label, such as `utf-8` or `windows-1252`. */
  encoding: string;
  hasBom: boolean;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Fewest bytes from 0xC0 up before the Cyrillic check below is trusted. */
const CYRILLIC_MIN_HIGH_BYTES = 8;

/** Share of those bytes that must sit in runs of three or more for Windows-1251. */
const CYRILLIC_MIN_RUN_SHARE = 0.6;

/**
 * Detects Windows-1251 Cyrillic, which chardet 2 often reports as Latin-1.
 * Bytes from 0xC0 up are letters in both encodings, but Western text has them
 * one at a time inside ASCII words ("Crèche") while Cyrillic words are runs of them.
 */
function looksCyrillic(bytes: Uint8Array): boolean {
  let high = 0;
  let inRuns = 0;
  let run = 0;
  for (let index = 0; index <= bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte !== undefined && byte >= 0xc0) {
      high += 1;
      run += 1;
      continue;
    }
    if (run >= 3) inRuns += run;
    run = 0;
  }
  return high >= CYRILLIC_MIN_HIGH_BYTES && inRuns / high >= CYRILLIC_MIN_RUN_SHARE;
}

/** Picks a legacy encoding for bytes that are not valid UTF-8. */
export function guessLegacyEncoding(bytes: Uint8Array): string {
  if (looksCyrillic(bytes)) return 'windows-1251';
  for (const candidate of chardet.analyse(bytes)) {
    const name = candidate.name.toLowerCase();
    if (MULTI_BYTE.has(name) && candidate.confidence >= MULTI_BYTE_MIN_CONFIDENCE) return name;
    if (!SINGLE_BYTE.has(name)) continue;
    if (candidate.confidence < SINGLE_BYTE_MIN_CONFIDENCE) break;
    // Windows-1252 is a superset of Latin-1 for printable text, as in the WHATWG
    // Encoding Standard, so a Latin-1 guess decodes as Windows-1252.
    return name === 'iso-8859-1' ? 'windows-1252' : name;
  }
  return 'windows-1252';
}

/**
 * Decodes a CSV file's bytes. `forced` (an iconv-lite label) skips detection
 * but a byte-order mark is still removed.
 */
export function decodeCsvBytes(bytes: Uint8Array, forced?: string): DecodedText {
  const bom = bomEncoding(bytes);
  const body = bom === null ? bytes : bytes.subarray(bom.length);
  let encoding: string;
  if (forced !== undefined) encoding = forced.toLowerCase();
  else if (bom !== null) encoding = bom.encoding;
  else if (utf16WithoutBom(bytes) !== null) encoding = utf16WithoutBom(bytes) as string;
  else if (isValidUtf8(bytes)) encoding = 'utf-8';
  else encoding = guessLegacyEncoding(bytes);

  let text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding);
  // A forced encoding can leave a BOM of another encoding in the text.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding, hasBom: bom !== null };
}

/** Bytes sampled to recognise UTF-16 text written without a byte-order mark. */
const UTF16_PROBE_BYTES = 4096;

/**
 * Recognises UTF-16 without a BOM from its NUL pattern: CSV text is mostly
 * ASCII, which UTF-16 writes as one NUL byte per character, always on the same
 * side (odd offsets for little-endian, even offsets for big-endian).
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, UTF16_PROBE_BYTES) & ~1;
  if (length < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) evenNuls += 1;
    if (bytes[index + 1] === 0) oddNuls += 1;
  }
  const pairs = length / 2;
  if (oddNuls >= pairs * 0.9 && evenNuls === 0) return 'utf-16le';
  if (evenNuls >= pairs * 0.9 && oddNuls === 0) return 'utf-16be';
  return null;
}

/** True when iconv-lite can decode the given label. */
export function isKnownEncoding(label: string): boolean {
  return iconv.encodingExists(label);
}
