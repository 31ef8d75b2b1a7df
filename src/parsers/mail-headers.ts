// Header parsing with mailparser's streaming MailParser. Raw 8-bit header bytes are first
// decoded (UTF-8 when valid, else Windows-1252) and rewritten as RFC 2047 encoded-words,
// because mailparser 3.14 reads them as binary strings and loses characters such as "à"
// whose last UTF-8 byte is 0xA0.
import libmime from 'libmime';
import { MailParser, type AddressObject, type EmailAddress, type HeaderLines } from 'mailparser';
import type { Address } from '../types.js';
import { decodeBytes, isAscii } from './charset.js';

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
  /** Every field by lower-cased name, unfolded and decoded; repeats joined with `, `. */
  fields: Map<string, string>;
}

/** A word run that contains non-ASCII text, stopping at address punctuation. */
const NON_ASCII_RUN = /[^\s"<>(),;:@\\]*[^\x00-\x7f][^"<>(),;:@\\]*/g;

/** Returns the header block as ASCII, with non-ASCII text turned into encoded-words. */
export function toAsciiHeaderBlock(block: Buffer): Buffer {
  if (isAscii(block)) {
    return block;
  }
  const lines: string[] = [];
  let start = 0;
  while (start < block.length) {
    const newline = block.indexOf(0x0a, start);
    const end = newline < 0 ? block.length : newline + 1;
    lines.push(encodeLine(block.subarray(start, end)));
    start = end;
  }
  return Buffer.from(lines.join(''), 'latin1');
}

function encodeLine(bytes: Buffer): string {
  if (isAscii(bytes)) {
    return bytes.toString('latin1');
  }
  const text = decodeBytes(bytes, 'windows-1252').text;
  const colon = /^[!-9;-~]+:/.exec(text);
  const name = colon ? colon[0] : '';
  return name + text.slice(name.length).replace(NON_ASCII_RUN, encodeRun);
}

function encodeRun(run: string): string {
  const word = run.trimEnd();
  const trailing = run.slice(word.length);
  return `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=${trailing}`;
}

/** Parses an ASCII header block (without the body) with MailParser. */
export async function parseHeaderBlock(block: Buffer): Promise<ParsedHeaders> {
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  let headers: Map<string, unknown> = new Map();
  let lines: HeaderLines = [];
  parser.on('headers', (value) => {
    headers = value;
  });
  parser.on('headerLines', (value) => {
    lines = value;
  });
  parser.on('data', (data) => {
    if (data.type === 'attachment') {
      data.content.resume();
      data.content.on('end', () => data.release?.());
    }
  });

  await new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
    parser.end(Buffer.concat([block, Buffer.from('\r\n\r\n')]));
  });

  const fields = collectFields(lines);
  return {
    messageId: stripAngles(readString(headers.get('message-id'))),
    subject: readString(headers.get('subject')) ?? '',
    date: fields.get('date') ?? null,
    from: readAddresses(headers.get('from'))[0] ?? null,
    replyTo: readAddresses(headers.get('reply-to')),
    to: readAddresses(headers.get('to')),
    cc: readAddresses(headers.get('cc')),
    inReplyTo: readMessageIds(readString(headers.get('in-reply-to')))[0] ?? null,
    references: readMessageIds(readReferences(headers.get('references'))),
    fields,
  };
}

function collectFields(lines: HeaderLines): Map<string, string> {
  const fields = new Map<string, string>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const raw = line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const value = decodeWords(raw);
    const previous = fields.get(key);
    fields.set(key, previous === undefined ? value : `${previous}, ${value}`);
  }
  return fields;
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    // An encoded-word in an unknown charset stays as written.
    return value;
  }
}

function readString(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value) && typeof value[0] === 'string') {
    return value.join(' ');
  }
  return null;
}

function readReferences(value: unknown): string {
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string').join(' ');
  }
  return typeof value === 'string' ? value : '';
}

function stripAngles(value: string | null): string | null {
  if (value === null) {
    return null;
  }
  const stripped = value.trim().replace(/^<+|>+$/g, '').trim();
  return stripped === '' ? null : stripped;
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

function readAddresses(value: unknown): Address[] {
  const objects = (Array.isArray(value) ? value : [value]).filter(isAddressObject);
  const addresses: Address[] = [];
  for (const object of objects) {
    flattenAddresses(object.value, addresses);
  }
  return addresses;
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as AddressObject).value);
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
