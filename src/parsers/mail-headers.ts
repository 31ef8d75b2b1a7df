// Header parsing. Fields are split and unfolded here, then decoded with libmime and
// mailparser's parseAddressHeader, the decoders MailParser itself applies. Running the
// MailParser stream per header block cost 0.9-1.2 ms per message (2-core machine, the
// usrp-users mbox repeated 100 times), which held the whole stage near 20 MB/s.
import { isUtf8 } from 'node:buffer';
import { requirePackage } from '../require-package.js';
import type { AddressObject, EmailAddress } from 'mailparser';
import type { Address } from '../types.js';
import { decodeBytes, isAscii } from './charset.js';

const iconv = requirePackage('iconv-lite') as typeof import('iconv-lite');
const libmime = requirePackage('libmime') as (typeof import('libmime'))['default'];
const { parseAddressHeader } = requirePackage('mailparser') as typeof import('mailparser');

export interface ParsedHeaders {
  messageId: string | null;
  subject: string;
  /** Raw Date header value, unfolded, or null when absent. */
  date: string | null;
  from: Address | null;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  inReplyTo: string | null;
  references: string[];
  /** The requested fields by lower-cased name, unfolded and decoded; repeats joined with `, `. */
  fields: Map<string, string>;
}

interface RawField {
  name: string;
  /** Unfolded value, with raw 8-bit bytes decoded but encoded-words left in place. */
  value: string;
}

/**
 * Parses a header block (the bytes before the first blank line). Only the `wanted` field
 * names are decoded into `fields`, because long Received chains cost time and are unused.
 */
export function parseHeaderBlock(block: Buffer, wanted: ReadonlySet<string>): ParsedHeaders {
  const raw = splitFields(decodeHeaderText(block), (name) => READ_FIELDS.has(name) || wanted.has(name));
  const fields = collectFields(raw, wanted);
  const first = (name: string): string | null => raw.find((field) => field.name === name)?.value ?? null;
  const all = (name: string): string[] => raw.filter((field) => field.name === name).map((field) => field.value);

  return {
    messageId: readMessageId(first('message-id')),
    subject: decodeWords(first('subject') ?? '').trim(),
    date: first('date'),
    from: readAddresses(all('from'))[0] ?? null,
    replyTo: readAddresses(all('reply-to')),
    to: readAddresses(all('to')),
    cc: readAddresses(all('cc')),
    inReplyTo: readMessageIds(first('in-reply-to'))[0] ?? null,
    references: readMessageIds(all('references').join(' ')),
    fields,
  };
}

/** Decodes header bytes: UTF-8 when valid, else each line as UTF-8 or Windows-1252. */
export function decodeHeaderText(block: Buffer): string {
  if (isAscii(block)) {
    return block.toString('latin1');
  }
  if (isUtf8(block)) {
    return block.toString('utf8');
  }
  const lines: string[] = [];
  let start = 0;
  while (start < block.length) {
    const newline = block.indexOf(0x0a, start);
    const end = newline < 0 ? block.length : newline + 1;
    lines.push(decodeBytes(block.subarray(start, end), 'windows-1252').text);
    start = end;
  }
  return lines.join('');
}

/** Fields that parseHeaderBlock reads into ParsedHeaders, whatever `wanted` contains. */
const READ_FIELDS: ReadonlySet<string> = new Set(['message-id', 'subject', 'date', 'from', 'reply-to', 'to', 'cc', 'in-reply-to', 'references']);

/**
 * Splits the header text into unfolded fields and keeps those that `isKept` accepts.
 * The others, such as Received chains, are skipped with their continuation lines.
 */
function splitFields(text: string, isKept: (name: string) => boolean): RawField[] {
  const fields: RawField[] = [];
  // The field that the previous line belongs to, or null before the first field and while skipping one.
  let last: RawField | null = null;
  let isInField = false;
  for (const line of text.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && isInField) {
      // Unfold as MailParser does: the line break and the folding whitespace become one space.
      if (last !== null) last.value += ` ${line.trimStart()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      continue;
    }
    isInField = true;
    const name = line.slice(0, colon).trim().toLowerCase();
    last = isKept(name) ? { name, value: line.slice(colon + 1).trim() } : null;
    if (last !== null) fields.push(last);
  }
  return fields;
}

/** Whitespace that `replace(/\s+/g, ' ')` changes: two blanks in a row, or one that is not a space. */
const RUN_OF_BLANKS = /[^\S ]| {2}/;

function collectFields(raw: RawField[], wanted: ReadonlySet<string>): Map<string, string> {
  const fields = new Map<string, string>();
  for (const { name, value } of raw) {
    if (!wanted.has(name)) {
      continue;
    }
    const decoded = decodeWords(RUN_OF_BLANKS.test(value) ? value.replace(/\s+/g, ' ') : value).trim();
    const previous = fields.get(name);
    fields.set(name, previous === undefined ? decoded : `${previous}, ${decoded}`);
  }
  return fields;
}

/** An RFC 2047 encoded-word in UTF-7, which libmime 5 leaves undecoded on purpose. */
const UTF7_WORD = /=\?utf-7\?([bq])\?([^?\s]*)\?=/gi;

function decodeWords(value: string): string {
  if (!value.includes('=?')) {
    return value;
  }
  try {
    // libmime rejects UTF-7 because it can smuggle markup into HTML, but leak only reads text.
    return libmime.decodeWords(value.replace(UTF7_WORD, decodeUtf7Word));
  } catch {
    // An encoded-word in an unknown charset stays as written.
    return value;
  }
}

function decodeUtf7Word(_word: string, encoding: string, text: string): string {
  const bytes =
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return iconv.decode(bytes, 'utf-7');
}

/** Returns a Message-ID without angle brackets (the first `<…>` when present), or null. */
function readMessageId(value: string | null): string | null {
  if (value === null) {
    return null;
  }
  const bracketed = /<([^<>]*)>/.exec(value);
  const id = (bracketed ? (bracketed[1] ?? '') : value).trim();
  return id === '' ? null : id;
}

/** Splits a References or In-Reply-To value into ids without angle brackets. */
function readMessageIds(value: string | null): string[] {
  if (value === null) {
    return [];
  }
  const bracketed = value.match(/<[^<>\s]+>/g);
  const ids = bracketed ?? value.split(/\s+/);
  return ids.map((id) => id.replace(/^<|>$/g, '').trim()).filter((id) => id !== '');
}

/**
 * Address field values whose parse is kept per thread, because the same From
 * and To values recur across a mailbox. Entries are copies detached from the
 * header text, so the cache costs about the size of these values.
 */
const MAX_CACHED_ADDRESS_VALUES = 2_000;

const addressCache = new Map<string, readonly Address[]>();

/** Parses address field values with mailparser, groups flattened; results are cached. */
export function readAddresses(values: string[]): Address[] {
  if (values.length === 0) {
    return [];
  }
  // Unfolded field values never contain a line feed, so the joined key is unambiguous.
  const key = values.join('\n');
  const cached = addressCache.get(key);
  if (cached !== undefined) {
    return cached.map((address) => ({ ...address }));
  }
  const parsed: AddressObject = parseAddressHeader(values);
  const addresses: Address[] = [];
  flattenAddresses(parsed.value, addresses);
  if (addressCache.size >= MAX_CACHED_ADDRESS_VALUES) {
    addressCache.clear();
  }
  // A value cut from the header text can keep that whole text alive. The copies
  // made through JSON keep every UTF-16 code unit, lone surrogates included.
  addressCache.set(JSON.parse(JSON.stringify(key)) as string, JSON.parse(JSON.stringify(addresses)) as Address[]);
  return addresses;
}

function flattenAddresses(entries: EmailAddress[], output: Address[]): void {
  for (const entry of entries) {
    if (entry.group) {
      flattenAddresses(entry.group, output);
      continue;
    }
    const address = (entry.address ?? '').trim().toLowerCase();
    const name = (entry.name ?? '').trim();
    if (address !== '' || name !== '') {
      output.push({ address, name });
    }
  }
}
