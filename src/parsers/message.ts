// Turns one raw message into the MailMessage record the detectors read.
import { createHash } from 'node:crypto';
import { MAX_HEADER_BYTES, MAX_LINE_CHARS, MAX_MIME_DEPTH, MAX_TEXT_CHARS } from '../limits.js';
import type { DateSource, MailMessage, Problem } from '../types.js';
import { decodeTransfer, extractBodyText, MAX_TEXT_PART_BYTES, type BodyText } from './mail-body.js';
import { parseHeaderBlock, type ParsedHeaders } from './mail-headers.js';
import { parseMailDate } from './mail-date.js';
import { looksLikeHeaderBlock } from './mail-sniff.js';

export interface ParseContext {
  /** Input path as given on the command line. */
  mailbox: string;
  /** File the message was read from; problems name this file. */
  file: string;
  index: number;
  offset: number | null;
  /** Date from the mbox envelope line as ISO 8601 UTC, used when the Date header fails. */
  envelopeDate: string | null;
  /**
   * SHA-256 of every byte of the message as read, set when the splitter dropped
   * attachment bodies, so that an id derived from the bytes still covers them.
   */
  contentDigest?: string | null;
  /**
   * Position of an attached message (message/rfc822) among the attached messages of the
   * message that carries it, 1-based, joined with dots when attachments nest ("2.1"). Absent
   * for a message of the mailbox itself.
   */
  attached?: string;
}

/** A message attached to another one as a message/rfc822 part, to be parsed as a message of its own. */
export interface AttachedMessage {
  raw: Buffer;
  context: ParseContext;
}

/** One message parsed, with the messages attached to it. */
export interface ParsedMail {
  /** Null when the message was skipped, with a Problem that gives the reason. */
  message: MailMessage | null;
  attached: AttachedMessage[];
  /** Attached messages not returned because they nest too deep, each with a Problem. */
  skippedAttached: number;
}

/**
 * Deepest nesting of attached messages read as messages of their own. A forward of a
 * forward of a forward is real mail. Deeper chains are rare, and hostile mail can nest them to cost time.
 */
export const MAX_ATTACHED_DEPTH = 5;

/** Effect of a missing date on a message's signals, for its problem row. */
const UNDATED_EFFECT = 'it cannot be placed in the period, so its signals are listed but left out of the annual loss';

/** Header fields kept on MailMessage.headers for the classifiers. */
export const KEPT_HEADER_FIELDS = [
  'auto-submitted',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'feedback-id',
  'x-gmail-labels',
  'x-gm-thrid',
  'return-path',
  'x-mailer',
  'user-agent',
  'content-type',
  'x-mozilla-status',
  'x-mozilla-draft-info',
  'sender',
  'delivered-to',
  'x-failed-recipients',
  'x-spam-flag',
  'x-spam-status',
  'x-campaign',
  'x-mailgun-tag',
  'x-sfmc-stack',
  'thread-topic',
] as const;

/** Fields parseHeaderBlock decodes: the kept ones plus those read into MailMessage fields. */
const DECODED_FIELDS: ReadonlySet<string> = new Set<string>([...KEPT_HEADER_FIELDS, 'date']);

/**
 * Parses one message. Returns null, with a Problem recorded, when the bytes carry no
 * header block or MailParser rejects them.
 */
export async function parseMessage(raw: Buffer, context: ParseContext, problems: Problem[]): Promise<MailMessage | null> {
  return (await parseMail(raw, context, problems)).message;
}

/**
 * Parses one message as parseMessage does, and returns the messages attached to it
 * (message/rfc822 parts) as bytes for the caller to parse in turn. An attached message
 * gets the date of the message carrying it as its fallback date, as a message of an
 * mbox gets its envelope date.
 */
export async function parseMail(raw: Buffer, context: ParseContext, problems: Problem[]): Promise<ParsedMail> {
  const where = describeWhere(context);
  const message = stripLeadingBlank(raw);
  if (!looksLikeHeaderBlock(message)) {
    problems.push({ code: 'MBOX_NO_HEADERS', file: context.file, where, detail: 'message has no header block; skipped' });
    return { message: null, attached: [], skippedAttached: 0 };
  }

  const headerEnd = findHeaderEnd(message);
  if (headerEnd === MAX_HEADER_BYTES && message.length > MAX_HEADER_BYTES) {
    problems.push({
      code: 'MESSAGE_HEADER_TRUNCATED',
      file: context.file,
      where,
      detail: `header block is longer than ${MAX_HEADER_BYTES} bytes; header fields after that are ignored`,
    });
  }
  let headers: ParsedHeaders;
  try {
    headers = parseHeaderBlock(message.subarray(0, headerEnd), DECODED_FIELDS);
  } catch (error) {
    const detail = `headers could not be parsed (${errorText(error)}); skipped`;
    problems.push({ code: 'MESSAGE_UNREADABLE', file: context.file, where, detail });
    return { message: null, attached: [], skippedAttached: 0 };
  }

  const body = extractBodyText(message);
  reportBodyProblems(body, context.file, where, problems);
  // An attached message falls back on the date of the message it is attached to.
  const fallbackName = context.attached === undefined ? 'envelope date' : 'date of the message it is attached to';
  const date = chooseDate(headers.date, { value: context.envelopeDate, name: fallbackName }, context.file, where, problems);

  const parsed: MailMessage = {
    id: headers.messageId ?? stableId(message, context.contentDigest ?? null),
    hasMessageId: headers.messageId !== null,
    mailbox: context.mailbox,
    file: context.file,
    index: context.index,
    offset: context.offset,
    ...(context.attached === undefined ? {} : { attached: context.attached }),
    date: date.value,
    dateSource: date.source,
    from: headers.from,
    replyTo: headers.replyTo,
    to: headers.to,
    cc: headers.cc,
    subject: headers.subject,
    inReplyTo: headers.inReplyTo,
    references: headers.references,
    gmailThreadId: headers.fields.get('x-gm-thrid') ?? null,
    gmailLabels: splitLabels(headers.fields.get('x-gmail-labels')),
    headers: keepFields(headers.fields),
    text: body.text,
    textSource: body.textSource,
  };
  return { message: parsed, ...listAttached(message, body, context, parsed.date, problems) };
}

/** Returns the attached messages of `message` with their parse contexts, or a problem for each one nested too deep. */
function listAttached(
  message: Buffer,
  body: BodyText,
  context: ParseContext,
  date: string | null,
  problems: Problem[],
): Omit<ParsedMail, 'message'> {
  const depth = context.attached === undefined ? 0 : context.attached.split('.').length;
  if (depth >= MAX_ATTACHED_DEPTH && body.attached.length > 0) {
    const count = body.attached.length === 1 ? '1 attached message was' : `${body.attached.length} attached messages were`;
    const detail = `${count} not read: messages nested in attached messages more than ${MAX_ATTACHED_DEPTH} levels deep are not opened`;
    problems.push({ code: 'MESSAGE_ATTACHED_TOO_DEEP', file: context.file, where: describeWhere(context), detail });
    return { attached: [], skippedAttached: body.attached.length };
  }
  const attached = body.attached.map((part, position) => ({
    // RFC 2046 allows only 7bit, 8bit and binary here, but some clients base64-encode an attached message.
    raw: decodeTransfer(message.subarray(part.bodyStart, part.bodyEnd), part.encoding),
    context: {
      mailbox: context.mailbox,
      file: context.file,
      index: context.index,
      offset: context.offset,
      envelopeDate: date,
      contentDigest: null,
      attached: context.attached === undefined ? `${position + 1}` : `${context.attached}.${position + 1}`,
    },
  }));
  return { attached, skippedAttached: 0 };
}

function describeWhere(context: ParseContext): string {
  const attached = context.attached === undefined ? '' : `attached message ${context.attached}`;
  // A message file in a folder is named by the problem's file, and its index counts across the folder.
  if (context.offset === null && context.file !== context.mailbox) return attached === '' ? '-' : attached;
  // Positions read by people are 1-based: the first message is "message 1".
  const position = context.index + 1;
  const outer = context.offset === null ? `message ${position}` : `message ${position} (byte ${context.offset})`;
  return attached === '' ? outer : `${outer}, ${attached}`;
}

/** Drops a UTF-8 BOM and blank lines before the first header line. */
function stripLeadingBlank(raw: Buffer): Buffer {
  let start = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  while (raw[start] === 0x0a || raw[start] === 0x0d) {
    start += 1;
  }
  return start === 0 ? raw : raw.subarray(start);
}

/** Offset just past the header block, including its blank line, or the message length. */
function findHeaderEnd(message: Buffer): number {
  const limit = Math.min(message.length, MAX_HEADER_BYTES);
  let at = message.indexOf(0x0a);
  while (at >= 0 && at < limit) {
    if (message[at + 1] === 0x0a) {
      return at + 2;
    }
    if (message[at + 1] === 0x0d && message[at + 2] === 0x0a) {
      return at + 3;
    }
    at = message.indexOf(0x0a, at + 1);
  }
  return limit;
}

function chooseDate(
  header: string | null,
  fallback: { value: string | null; name: string },
  file: string,
  where: string,
  problems: Problem[],
): { value: string | null; source: DateSource } {
  const parsed = header === null ? null : parseMailDate(header);
  if (parsed !== null) {
    return { value: parsed, source: 'header' };
  }
  if (header !== null) {
    const outcome = fallback.value === null ? `date left empty; ${UNDATED_EFFECT}` : `${fallback.name} used`;
    const detail = `invalid Date header ${JSON.stringify(header.slice(0, 80))}; ${outcome}`;
    problems.push({ code: 'MESSAGE_DATE_INVALID', file, where, detail });
  }
  if (fallback.value !== null) {
    // The envelope line of a re-exported mbox can carry the export day, not the day the mail was sent.
    if (header === null) {
      const detail = `no Date header; ${fallback.name} used${fallback.name === 'envelope date' ? ', which is the export day in some re-exported mboxes' : ''}`;
      problems.push({ code: 'MESSAGE_DATE_MISSING', file, where, detail });
    }
    return { value: fallback.value, source: 'envelope' };
  }
  if (header === null) {
    problems.push({ code: 'MESSAGE_UNDATED', file, where, detail: `no Date header and no ${fallback.name}; ${UNDATED_EFFECT}` });
  }
  return { value: null, source: 'none' };
}

function reportBodyProblems(
  body: BodyText,
  file: string,
  where: string,
  problems: Problem[],
): void {
  if (body.replacements > 0) {
    const bytes = body.replacements === 1 ? '1 byte invalid in every tried charset was' : `${body.replacements} bytes invalid in every tried charset were`;
    const detail = `${bytes} replaced with U+FFFD`;
    problems.push({ code: 'MESSAGE_CHARSET_REPLACED', file, where, detail });
  }
  if (body.strayBytes > 0) {
    const bytes = body.strayBytes === 1 ? '1 byte invalid in UTF-8 text was' : `${body.strayBytes} bytes invalid in UTF-8 text were`;
    const detail = `${bytes} read as Windows-1252 (Latin-1 mixed into UTF-8)`;
    problems.push({ code: 'MESSAGE_CHARSET_MIXED', file, where, detail });
  }
  for (const limit of body.cuts) {
    problems.push({ code: 'MESSAGE_TEXT_TRUNCATED', file, where, detail: CUT_DESCRIPTIONS[limit] ?? `text cut at the ${limit} limit` });
  }
  for (const repair of body.repairs) {
    problems.push({ code: 'MESSAGE_MIME_REPAIRED', file, where, detail: repair });
  }
  if (body.isAllTextHidden) {
    const detail =
      'all of its HTML text is hidden from the reader (display:none, the hidden attribute, zero size or text ' +
      'coloured like its background), so it was read as a message with no text';
    problems.push({ code: 'MESSAGE_TEXT_HIDDEN', file, where, detail });
  }
}

/** Descriptions of each body-reader limit's cut, with its size, keyed by the limit's name. */
const CUT_DESCRIPTIONS: Record<string, string> = {
  MAX_MIME_DEPTH: `parts nested more than ${MAX_MIME_DEPTH} levels deep were not read`,
  MAX_TEXT_PART_BYTES: `a text part was read up to its first ${MAX_TEXT_PART_BYTES.toLocaleString('en-US')} bytes`,
  MAX_TEXT_CHARS: `the text was read up to its first ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters`,
  MAX_LINE_CHARS: `a line was read up to its first ${MAX_LINE_CHARS.toLocaleString('en-US')} characters`,
};

/** Derives an id from the message bytes, stable across runs, for mail without Message-ID. */
function stableId(raw: Buffer, contentDigest: string | null): string {
  const digest = contentDigest ?? createHash('sha256').update(raw).digest('hex');
  return `sha256-${digest.slice(0, 24)}@leak.invalid`;
}

function splitLabels(value: string | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return value
    .split(',')
    .map((label) => label.trim().replace(/^"|"$/g, ''))
    .filter((label) => label !== '');
}

function keepFields(fields: Map<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADER_FIELDS) {
    const value = fields.get(name);
    if (value !== undefined) {
      kept[name] = value;
    }
  }
  return kept;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
