// Limits and checks of an offer catalogue (`--catalog FILE`), kept apart from
// the rules it makes. A catalogue is a short list written by hand. An entry the
// rules cannot read (a script the tokenizer skips, pattern syntax, a duplicate)
// would match nothing or everything, and a huge file would exhaust memory. So
// each is rejected with an error that names the file, the entry and what to change.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LeakError } from '../errors.js';
import type { Catalog } from './catalog.js';
import { foldText } from './normalize.js';

/** Maximum number of plans. Each pair of plans makes patterns, so the work grows with the square. */
export const MAX_PLANS = 24;
/** Maximum number of add-ons. */
export const MAX_ADDONS = 300;
/** Maximum number of units. */
export const MAX_UNITS = 300;
/** Maximum number of names and forms (`en` and `fr`) of one entry. */
export const MAX_FORMS = 6;
/** Maximum length of a name or form, in characters. */
export const MAX_NAME_CHARS = 60;
/** Maximum number of words in a name or form. A longer one is a description, and a rule pattern has room for few words. */
export const MAX_NAME_WORDS = 6;
/** Maximum size of a catalogue file, in bytes. */
export const MAX_CATALOG_BYTES = 256 * 1024;

/**
 * Words that carry no name or unit of their own: a unit "per" or "the" would turn every
 * sentence with a number into a seat request. Each pack's stopwords count too.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  [
    'a', 'an', 'the', 'per', 'each', 'every', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'and', 'or', 'no', 'not', 'one', 'it', 'its',
    'un', 'une', 'le', 'la', 'les', 'l', 'de', 'des', 'du', 'd', 'par', 'pour', 'chaque', 'et', 'ou', 'en', 'au', 'aux', 'sur', 'avec',
  ],
);

/** Characters with a meaning in rule patterns; a catalogue name is plain words. */
export const PATTERN_SYNTAX = /[|?@{}*=]/;
/** Punctuation that ends a sentence or a clause in mail, so a name with it never matches as one phrase. */
const SENTENCE_MARKS = /[.!?;:]/;

/** Throws the error of an unusable catalogue, naming the file, the field or entry, and the problem. */
export function reject(file: string, where: string, detail: string): never {
  throw new LeakError('RULES_INVALID', `--catalog ${file}: ${where}: ${detail}. Fix the catalogue file or leave out --catalog.`);
}

/**
 * Reads at most MAX_CATALOG_BYTES of a regular file, so that a device (`/dev/zero`), a pipe
 * or a huge file is rejected before any of it is parsed.
 */
export function readCatalogBytes(file: string): Buffer {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new LeakError('INPUT_NOT_FOUND', `--catalog ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path.`);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) reject(file, 'file', 'is not a regular file (a folder, device or pipe); give the path of a YAML or JSON file');
    if (stats.size > MAX_CATALOG_BYTES) {
      reject(file, 'file', `is ${stats.size} bytes, more than the ${MAX_CATALOG_BYTES} a catalogue may have; list the plans, add-ons and units customers name, not a price list`);
    }
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const count = readSync(descriptor, buffer, read, buffer.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(descriptor);
  }
}

/** Decodes a catalogue as UTF-8 without its byte order mark. UTF-16 and other encodings are rejected. */
export function decodeCatalog(file: string, bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    reject(file, 'file', 'is UTF-16; save it as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    reject(file, 'file', `is not UTF-8 (byte ${bad} is not valid UTF-8, as in a Latin-1 or Windows-1252 file); save it as UTF-8`);
  }
}

/** Offset of the first byte that starts no valid UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] as number;
    let length = 0;
    if (byte < 0x80) length = 1;
    else if (byte >= 0xc2 && byte <= 0xdf) length = 2;
    else if (byte >= 0xe0 && byte <= 0xef) length = 3;
    else if (byte >= 0xf0 && byte <= 0xf4) length = 4;
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) {
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return index;
}

/** Returns the words of a name as the tokenizer reads them: folded, split at spaces, hyphens, apostrophes and between letters and digits. */
export function nameWords(form: string): string[] {
  return foldText(form)
    .split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
    .filter((word) => word !== '');
}

/** Checks one name or form and returns why the rules cannot use it, or null. */
function formProblem(form: string): string | null {
  if (form.length > MAX_NAME_CHARS) return `is longer than ${MAX_NAME_CHARS} characters; give the short name customers write`;
  if (PATTERN_SYNTAX.test(form)) return 'contains one of | ? @ { } * =, which have a meaning in rule patterns; give the name in plain words';
  const folded = foldText(form);
  // Accents fold away ("é" reads as "e"); other scripts stay unread.
  const unread = [...form.normalize('NFC')].filter((character) => /[\p{L}\p{N}]/u.test(character) && !/[a-z0-9]/.test(foldText(character)));
  if (unread.length > 0) {
    return `contains "${unread.slice(0, 3).join('')}", letters the tokenizer does not read (only Latin letters and digits are matched); write the name in Latin letters as customers type it, or leave the entry out`;
  }
  const words = nameWords(form);
  if (words.length === 0) return 'contains no word (only symbols or dashes); give the name customers write';
  if (words.every((word) => /^[0-9]+$/.test(word))) return 'is only a number, which the tokenizer reads as a quantity; give the name customers write';
  if (words.length > MAX_NAME_WORDS) return `has ${words.length} words, more than ${MAX_NAME_WORDS}; give the short name customers write`;
  if (SENTENCE_MARKS.test(folded.replace(/[.!?;:]+$/, ''))) {
    return 'contains a dot or another sentence mark between words, which splits it in mail so it would never match; give the name without it';
  }
  return null;
}

type Field = 'plans' | 'addons' | 'units';

function* formsWithPlace(catalog: Catalog, field: Field): Generator<{ where: string; form: string; entry: number }> {
  const list = catalog[field];
  for (let index = 0; index < list.length; index += 1) {
    const entry = list[index] as Catalog['plans'][number];
    yield { where: `${field}[${index}]`, form: entry.name, entry: index };
    for (const [language, forms] of Object.entries(entry.forms)) {
      for (let position = 0; position < forms.length; position += 1) {
        yield { where: `${field}[${index}].${language}[${position}]`, form: forms[position] as string, entry: index };
      }
    }
  }
}

/** Checks sizes, names and duplicates of a parsed catalogue, and throws on the first problem found. */
export function checkCatalog(catalog: Catalog): void {
  const { file } = catalog;
  if (catalog.plans.length + catalog.addons.length + catalog.units.length === 0) {
    reject(file, 'file', 'lists no plan, add-on or unit; list at least one under plans, addons or units');
  }
  const limits: [Field, number][] = [
    ['plans', MAX_PLANS],
    ['addons', MAX_ADDONS],
    ['units', MAX_UNITS],
  ];
  for (const [field, limit] of limits) {
    if (catalog[field].length > limit) reject(file, field, `lists ${catalog[field].length} entries, more than the ${limit} a catalogue may have; keep the ones customers name in mail`);
    catalog[field].forEach((entry, index) => {
      const count = 1 + Object.values(entry.forms).flat().length;
      if (count > MAX_FORMS) reject(file, `${field}[${index}]`, `has ${count} names and forms, more than ${MAX_FORMS}; keep the ones customers write`);
    });
  }
  // Plans and add-ons share one namespace: a name in both would be an upgrade and a move at once.
  const seen = new Map<string, string>();
  for (const field of ['plans', 'addons', 'units'] as const) {
    if (field === 'units') seen.clear();
    for (const { where, form, entry } of formsWithPlace(catalog, field)) {
      const problem = formProblem(form);
      if (problem !== null) reject(file, where, `"${form}" ${problem}`);
      const words = nameWords(form);
      // A unit is matched by its head noun, the last word in English and the first in French.
      if (field === 'units' && [words[0], words.at(-1)].some((word) => word !== undefined && /^[0-9]+$/.test(word))) {
        reject(file, where, `"${form}" starts or ends with a number, which the tokenizer reads as a quantity; give the noun customers write, such as "seat" or "vehicle"`);
      }
      const key = words.join(' ');
      const owner = `${field}[${entry}]`;
      const earlier = seen.get(key);
      if (earlier !== undefined && earlier !== owner) {
        reject(file, where, `"${form}" is also ${earlier}; give each ${field === 'units' ? 'unit' : 'plan and add-on'} its own name, or merge the two entries`);
      }
      seen.set(key, owner);
    }
  }
}

/**
 * Checks the words of one language against a pack's stopwords: a unit or name made only of
 * function words ("the", "per") would match nearly every sentence.
 */
export function checkFunctionWords(catalog: Catalog, language: string, stopwords: readonly string[]): void {
  const common = new Set([...FUNCTION_WORDS, ...stopwords.map((word) => foldText(word))]);
  for (const field of ['plans', 'addons', 'units'] as const) {
    catalog[field].forEach((entry, index) => {
      for (const form of [entry.name, ...(entry.forms[language] ?? [])]) {
        const words = nameWords(form);
        if (words.length > 0 && words.every((word) => common.has(word))) {
          reject(catalog.file, `${field}[${index}]`, `"${form}" is only a function word ("${words.join(' ')}"), which would match nearly any sentence; give the noun customers write, such as "seat" or "licence"`);
        }
      }
    });
  }
}
