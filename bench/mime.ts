// MIME building blocks for the generator. Every function returns a "byte
// string": a JS string whose char codes are the bytes to write (0-255), so a
// message mixing UTF-8 and ISO-8859-1 parts is written with
// Buffer.from(text, 'latin1') without a second encoding step.
import libmime from 'libmime';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'libqp';

export type Charset = 'utf-8' | 'iso-8859-1';
export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

/** Line length for base64 and quoted-printable bodies (RFC 2045). */
const ENCODED_LINE_LENGTH = 76;

const NON_ASCII = /[^\x00-\x7f]/;
const NON_LATIN1 = /[^\x00-\xff]/;

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

export function fitsLatin1(text: string): boolean {
  return !NON_LATIN1.test(text);
}

/** Splits a single-line string into lines of `width` characters, each ending in LF. */
export function wrapFixed(text: string, width: number = ENCODED_LINE_LENGTH): string {
  const lines: string[] = [];
  for (let start = 0; start < text.length; start += width) lines.push(text.slice(start, start + width));
  return lines.join('\n') + '\n';
}

/** Word-wraps one paragraph at `width` columns, as mail clients do for plain text. */
export function wrapWords(paragraph: string, width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** Encodes a header value with RFC 2047 encoded words where it is not plain ASCII. */
export function encodeHeaderText(text: string): string {
  return isAscii(text) ? text : libmime.encodeWords(text, 'Q', 52);
}

export function formatAddress(name: string, address: string): string {
  if (!isAscii(name)) return `${libmime.encodeWords(name, 'Q', 52)} <${address}>`;
  return /[,.;:"]/.test(name) ? `"${name}" <${address}>` : `${name} <${address}>`;
}

function encodeBody(bytes: Buffer, encoding: TransferEncoding): string {
  if (encoding === 'base64') return wrapFixed(bytes.toString('base64'));
  if (encoding === 'quoted-printable') {
    // libqp ends soft-wrapped lines with CRLF; the mbox uses LF throughout.
    return wrapQuotedPrintable(encodeQuotedPrintable(bytes), ENCODED_LINE_LENGTH).replace(/\r\n/g, '\n');
  }
  const text = bytes.toString('latin1');
  return text.endsWith('\n') ? text : text + '\n';
}

/** Renders a text/plain or text/html part: headers, blank line, encoded body. */
export function renderTextPart(
  text: string,
  subtype: 'plain' | 'html',
  charset: Charset,
  encoding: TransferEncoding,
): string {
  const bytes = Buffer.from(text, charset === 'utf-8' ? 'utf8' : 'latin1');
  return (
    `Content-Type: text/${subtype}; charset="${charset}"\n` +
    `Content-Transfer-Encoding: ${encoding}\n\n` +
    encodeBody(bytes, encoding)
  );
}

function fileNameParameters(key: string, fileName: string): string {
  if (isAscii(fileName)) return `${key}="${fileName}"`;
  return libmime
    .buildHeaderParam(key, fileName, 50)
    .map((parameter) => `${parameter.key}=${parameter.value}`)
    .join(';\n ');
}

/** Renders a base64 attachment part, with RFC 2231 file names when they are not ASCII. */
export function renderAttachmentPart(fileName: string, contentType: string, content: Buffer): string {
  return (
    `Content-Type: ${contentType}; ${fileNameParameters('name', fileName)}\n` +
    `Content-Disposition: attachment; ${fileNameParameters('filename', fileName)}\n` +
    'Content-Transfer-Encoding: base64\n\n' +
    wrapFixed(content.toString('base64'))
  );
}

/** Renders a multipart entity: its Content-Type header, blank line, and the parts between boundaries. */
export function renderMultipart(subtype: 'mixed' | 'alternative', boundary: string, parts: string[]): string {
  const body = parts.map((part) => `--${boundary}\n${part}`).join('\n');
  return (
    `Content-Type: multipart/${subtype}; boundary="${boundary}"\n\n` +
    'This is a multi-part message in MIME format.\n\n' +
    `${body}\n--${boundary}--\n`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
