// Content sniffing: separates mail from PDFs, spreadsheets, CSV exports and Outlook .msg
// files that users pass by mistake, before any of their bytes reach the MIME parser.

/** Bytes examined when deciding whether a file is mail. Header blocks are rarely larger. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Field names that only mail headers carry. A block of `Name: value` lines counts as mail
 * only when one of them appears, so a CSV row such as `id:1,total:3` is not mistaken for it.
 */
const MAIL_FIELDS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'received',
  'return-path',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'delivered-to',
  'reply-to',
  'sender',
  'in-reply-to',
  'references',
  'x-mailer',
  'user-agent',
  'x-gm-thrid',
  'x-gmail-labels',
  'x-mozilla-status',
  'envelope-to',
  'dkim-signature',
  'list-id',
  'thread-topic',
]);

/** Maximum field name length accepted, in bytes. Real field names are far shorter. */
const MAX_FIELD_NAME = 76;

/**
 * Returns the length of the field name when the line at `start` has the shape `Name:`
 * (printable ASCII without spaces before the colon), 0 when it has not, and -1 when the
 * buffer ends before that is decided.
 */
export function headerNameLength(bytes: Buffer, start: number): number {
  for (let i = start; i < bytes.length && i - start <= MAX_FIELD_NAME; i += 1) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x3a) {
      return i - start;
    }
    if (byte <= 0x20 || byte >= 0x7f) {
      return 0;
    }
  }
  return bytes.length - start <= MAX_FIELD_NAME ? -1 : 0;
}

/**
 * Checks whether `bytes`, read from `start`, begin with a mail header block: every line up
 * to the first blank line is a field or a folded continuation, and one field is a known mail
 * field. A line that is neither ends the block early. Only the first SNIFF_BYTES are examined.
 */
export function looksLikeHeaderBlock(bytes: Buffer, start = 0): boolean {
  const end = Math.min(bytes.length, start + SNIFF_BYTES);
  let lineStart = start;
  let hasMailField = false;

  while (lineStart < end) {
    const first = bytes[lineStart];
    if (first === 0x0a || (first === 0x0d && bytes[lineStart + 1] === 0x0a)) {
      break;
    }
    const isContinuation = first === 0x20 || first === 0x09;
    if (!isContinuation) {
      const nameLength = headerNameLength(bytes, lineStart);
      if (nameLength <= 0) {
        // A stray line after real fields ends a malformed header block; it is still mail.
        return hasMailField;
      }
      const name = bytes.toString('latin1', lineStart, lineStart + nameLength).toLowerCase();
      hasMailField ||= MAIL_FIELDS.has(name);
    } else if (lineStart === start) {
      return false;
    }
    const newline = bytes.indexOf(0x0a, lineStart);
    if (newline < 0 || newline >= end) {
      break;
    }
    lineStart = newline + 1;
  }
  return hasMailField;
}

/** Bytes of blank lines that describeStart passes over to quote the first line with text. */
const BLANK_LINES_SCANNED = 4096;

/**
 * Describes the first bytes of a file for an error message, such as `"%PDF-1.7"`,
 * `a blank line, then "From: ann@example.com"`, `binary data` or `nothing (the file is empty)`.
 */
export function describeStart(bytes: Buffer): string {
  // A UTF-8 BOM starts many exported text files; it is not a sign of binary content.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length === start) return 'nothing (the file is empty)';
  let at = start;
  let blankLines = 0;
  const scanEnd = Math.min(bytes.length, start + BLANK_LINES_SCANNED);
  while (at < scanEnd) {
    let end = at;
    while (end < scanEnd && (bytes[end] === 0x20 || bytes[end] === 0x09 || bytes[end] === 0x0d)) end += 1;
    if (bytes[end] !== 0x0a) break;
    blankLines += 1;
    at = end + 1;
  }
  if (at >= bytes.length) return 'blank lines only';
  const first = describeFirstLine(bytes.subarray(at, at + 64));
  if (blankLines === 0 || first === 'binary data') return first;
  return `${blankLines === 1 ? 'a blank line' : `${blankLines} blank lines`}, then ${first}`;
}

/** Quotes the first line of `head`, or returns `binary data` when it contains control bytes. */
function describeFirstLine(head: Buffer): string {
  const text = head.toString('utf8').replace(/\uFFFD$/, '');
  const isText = !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uFFFD]/.test(text);
  if (!isText) {
    return 'binary data';
  }
  const firstLine = (text.split(/\r?\n/)[0] ?? '').slice(0, 40);
  return JSON.stringify(firstLine);
}

/** A file format that users pass for mail by mistake, known by its first bytes. */
interface KnownFormat {
  magic: Buffer;
  name: string;
  hint: string;
}

const MSG_HINT = 'save the message from Outlook as .eml, or convert it with a converter such as msgconvert, then pass the .eml file';
const PST_HINT =
  'export the mailbox from Outlook as mbox or .eml, or convert the file with a converter such as readpst, then pass the result';

const KNOWN_FORMATS: KnownFormat[] = [
  { magic: Buffer.from('PK\x03\x04', 'latin1'), name: 'a zip archive', hint: 'unzip it first and pass the mbox or .eml files inside' },
  { magic: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), name: 'an Outlook .msg file (OLE2 compound file)', hint: MSG_HINT },
  { magic: Buffer.from('!BDN', 'latin1'), name: 'an Outlook .pst file', hint: PST_HINT },
];

/** Extensions of the known formats, for files a folder scan passes over without reading them. */
const KNOWN_EXTENSIONS: Record<string, KnownFormat | undefined> = {
  '.zip': KNOWN_FORMATS[0],
  '.msg': KNOWN_FORMATS[1],
  '.pst': KNOWN_FORMATS[2],
  '.ost': KNOWN_FORMATS[2],
};

/**
 * Names a zip archive or an Outlook file from its first bytes, with what to do
 * instead (`it is a zip archive; unzip it first ...`), or returns null.
 */
export function describeKnownFormat(bytes: Buffer): string | null {
  const format = KNOWN_FORMATS.find((item) => bytes.subarray(0, item.magic.length).equals(item.magic));
  return format === undefined ? null : `it is ${format.name}; ${format.hint}`;
}

/** Returns what to do with a file of a known non-mail extension, such as `.msg`, or null. */
export function hintForExtension(extension: string): string | null {
  return KNOWN_EXTENSIONS[extension.toLowerCase()]?.hint ?? null;
}
