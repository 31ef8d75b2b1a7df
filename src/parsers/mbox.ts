// Streaming mbox splitter. node-mbox starts a new message at every line that begins with
// "From ", so an unescaped body line cuts a message in two. This splitter scans Buffers
// with indexOf and accepts a "From " line only when it looks like a real separator.
import { createHash, type Hash } from 'node:crypto';
import { LeakError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../limits.js';
import { AttachmentSkipper, SKIP_ATTACHMENTS_AFTER_BYTES } from './attachment-skipper.js';
import type { Problem } from '../types.js';
import { parseMailDate } from './mail-date.js';
import { MessageBlocks, type MessageBlock } from './message-blocks.js';
import { describeKnownFormat, describeStart, headerNameLength, looksLikeHeaderBlock, SNIFF_BYTES } from './mail-sniff.js';

export interface MboxEnvelope {
  /** Address after "From ", or null for bare and Thunderbird "From -" separators. */
  sender: string | null;
  /** Envelope date as ISO 8601 UTC, or null when the line carries none. */
  date: string | null;
}

export interface RawMessage {
  /** Message bytes after the separator line, with mboxrd `>From ` escaping undone. */
  raw: Buffer;
  /**
   * Block `raw` is written in, or null when it has a buffer of its own. Release the
   * message to it once `raw` is no longer read: the block's bytes are then reused.
   */
  block: MessageBlock | null;
  index: number;
  /** Byte offset of the separator line (or of the first header line) in the file. */
  offset: number;
  /** Bytes the message takes in the file after its separator line; `raw` is shorter when attachment bodies were dropped. */
  size: number;
  /** SHA-256 of every byte read for the message, when attachment bodies were dropped; else null. */
  contentDigest: string | null;
  envelope: MboxEnvelope | null;
}

/** Maximum separator line length considered, in bytes. RFC 5322 limits lines to 998 characters. */
const MAX_SEPARATOR_LINE_BYTES = 1000;

const FROM = Buffer.from('From ');
const NEWLINE_FROM = Buffer.from('\nFrom ');
const MMDF_MARKER = Buffer.from('\x01\x01\x01\x01');
const NEWLINE_MMDF = Buffer.from('\n\x01\x01\x01\x01');
const ESCAPED_FROM = Buffer.from('>From ');

/**
 * Classic envelope shape after the sender token: an asctime or RFC 5322 style date such as
 * `Wed Nov 27 12:27:36 2002` or `Sun 24 Jan 2016 21:57:32`. Only run on one short line.
 */
const ENVELOPE_DATE =
  /^(?:[A-Za-z]{3},?\s+)?(?:[A-Za-z]{3}\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3}(?:\s+\d{2,4})?)\s+\d{1,2}:\d{2}/;

/**
 * The full asctime date of a real separator, with its year ("Mon Sep 14
 * 09:00:00 2026", maybe a zone before the year). A shorter date can be body
 * text ("From Monday Sep 14 09:00 onwards"), so it needs a header line after it.
 */
const FULL_ENVELOPE_DATE =
  /^(?:[A-Za-z]{3},?\s+)?(?:[A-Za-z]{3}\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3})\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:\S+\s+)?\d{4}\b/;

/**
 * Other whole dates real exporters write after the sender: RFC 5322 with a year
 * ("Mon, 07 Sep 2026 09:00:00 +0000"), JavaScript's Date.toString() ("Mon Sep 07 2026
 * 09:00:00 GMT+0200 (CEST)"), ISO 8601, Unix seconds and long English dates ("Monday,
 * September 7, 2026 9:00 AM"). Each must fill the rest of the line, after an address.
 */
const OTHER_ENVELOPE_DATES = [
  /^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+(?:[+-]\d{4}|[A-Z]{1,5}))?$/,
  /^[A-Za-z]{3}\s+[A-Za-z]{3}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d{2}:\d{2}\s+GMT[+-]\d{4}(?:\s+\([^()]*\))?$/,
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/,
  /^\d{9,10}$/,
  /^(?:[A-Za-z]+,\s+)?[A-Za-z]+\s+\d{1,2},\s+\d{4},?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+(?:[+-]\d{4}|[A-Z]{2,5}))?$/,
];

/** A sender that is an address ("bob@x.example", '"bob smith"@x.example') or a daemon name. */
const ENVELOPE_SENDER = /@|^MAILER-DAEMON$/i;

type Verdict = 'separator' | 'body' | 'wait';

interface OpenMessage {
  offset: number;
  envelope: MboxEnvelope | null;
  /** Bytes kept since the last settle: views into the scanner's store or copied skipper pieces. */
  parts: Buffer[];
  /** Bytes kept in all, the settled ones first in the scanner's `messageBuffer`. */
  size: number;
  /** Bytes of `size` moved into the scanner's `messageBuffer`. */
  settled: number;
  /** Bytes of the message read from the file, kept or not. */
  bytesRead: number;
  /** Set once the message passes SKIP_ATTACHMENTS_AFTER_BYTES. */
  skipper: AttachmentSkipper | null;
  /** Hash of every byte read, kept or dropped, from the moment the skipper starts. */
  digest: Hash | null;
  isTruncated: boolean;
  /** True until the header block has been checked for Content-Length. */
  isHeaderPending: boolean;
  /** Absolute offset where the Content-Length header puts the body end, when plausible. */
  contentLengthEnd: number | null;
  /** Content-Length as given, or null when the header block has none. */
  contentLength: number | null;
}

/** A message with its own header block found inside the span a Content-Length declares. */
interface SpannedMessage {
  /** File offset of its "From " line. */
  offset: number;
  messageId: string | null;
  hasContentLength: boolean;
}

/** Lines of a header block read to judge a message inside a Content-Length span. */
const SPANNED_HEADER_LINES = 100;

/**
 * Splits an mbox byte stream into raw messages, keeping only the current message in
 * memory. Raises INPUT_NOT_MAIL when the stream does not start like mail.
 */
export async function* splitMbox(
  input: AsyncIterable<Buffer>,
  file: string,
  problems: Problem[],
  blocks: MessageBlocks = new MessageBlocks(),
): AsyncGenerator<RawMessage> {
  const scanner = new MboxScanner(file, problems, blocks);
  for await (const chunk of input) {
    yield* scanner.push(chunk);
  }
  yield* scanner.finish();
}

/** Splits an envelope line's text after "From " into sender and date. */
export function parseEnvelope(rest: string): MboxEnvelope {
  const trimmed = rest.trim();
  const space = senderEnd(trimmed);
  const token = space < 0 ? trimmed : trimmed.slice(0, space);
  const dateText = space < 0 ? '' : trimmed.slice(space + 1);
  return {
    sender: token === '' || token === '-' ? null : token,
    date: dateText === '' ? null : parseMailDate(dateText),
  };
}

/**
 * Index of the whitespace after the sender of an envelope line's trimmed text, or -1 when
 * the sender fills it. A quoted local part may hold spaces ('"bob smith"@x.example').
 */
function senderEnd(trimmed: string): number {
  const close = trimmed.startsWith('"') ? trimmed.indexOf('"', 1) : 0;
  const space = trimmed.slice(Math.max(0, close)).search(/\s/);
  return space < 0 ? -1 : Math.max(0, close) + space;
}

/**
 * Returns the shape of an envelope line's text: the sender as "@" or "w", and the date with
 * digits as 9 and letters as a. Null without a digit in the date, as in body text.
 */
function envelopeShape(trimmed: string, space: number): string | null {
  if (space <= 0) {
    return null;
  }
  const date = trimmed.slice(space).trim();
  if (!/\d/.test(date)) {
    return null;
  }
  const sender = ENVELOPE_SENDER.test(trimmed.slice(0, space)) ? '@' : 'w';
  return `${sender} ${date.replace(/\d/g, '9').replace(/[A-Za-z]/g, 'a').replace(/\s+/g, ' ')}`;
}

/** Removes one `>` from every line matching `^>+From `, as mboxrd readers must. */
export function unescapeFromLines(raw: Buffer): Buffer {
  return raw.indexOf(ESCAPED_FROM) < 0 ? raw : unescapeFromLinesInPlace(Buffer.from(raw));
}

/**
 * Unescapes like unescapeFromLines but inside `raw`, so a message needs no second copy.
 * Returns the start of `raw` that contains the result: bytes move only towards the start.
 */
function unescapeFromLinesInPlace(raw: Buffer): Buffer {
  let at = raw.indexOf(ESCAPED_FROM);
  if (at < 0) {
    return raw;
  }
  let copied = 0;
  let written = 0;
  while (at >= 0) {
    let lineStart = at;
    while (lineStart > 0 && raw[lineStart - 1] === 0x3e) {
      lineStart -= 1;
    }
    if (lineStart === 0 || raw[lineStart - 1] === 0x0a) {
      raw.copyWithin(written, copied, lineStart);
      written += lineStart - copied;
      copied = lineStart + 1;
    }
    at = raw.indexOf(ESCAPED_FROM, at + ESCAPED_FROM.length);
  }
  raw.copyWithin(written, copied);
  return raw.subarray(0, written + raw.length - copied);
}

/** A store or message buffer grown past this for one large message is let go once it is done with. */
const STORE_KEEP_BYTES = 8 * 1024 * 1024;

/** Returns the size a buffer of `current` bytes grows to for `needed`: double the larger, at most STORE_KEEP_BYTES past `needed`. */
function grownSize(needed: number, current: number): number {
  return Math.min(Math.max(2 * needed, 2 * current), needed + STORE_KEEP_BYTES);
}

class MboxScanner {
  /**
   * Reused memory for the bytes not yet handed to a message: every chunk pushed is
   * copied in after them, so the caller may reuse its chunk at once, and no read
   * allocates. `buffer` and the waiting bytes after it are views of it.
   */
  private store: Buffer = Buffer.alloc(0);
  private buffer: Buffer = Buffer.alloc(0);
  /** File offset of buffer[0]. */
  private bufferOffset = 0;
  /** True when buffer[0] starts a line, so a "From " there can be a separator. */
  private isAtLineStart = true;
  /** Bytes after `buffer` in the store, held back unscanned until the buffer reaches `needUntil`. */
  private waitingBytes = 0;
  /**
   * Reused memory for the open message's bytes once they leave the store, so the store can take the next chunk.
   * close() copies them into a block of `blocks`.
   */
  private messageBuffer: Buffer = Buffer.alloc(0);
  /** File offset the next scan needs data up to; set while following a Content-Length. */
  private needUntil = 0;
  private isSniffed = false;
  private mode: 'mbox' | 'mmdf' = 'mbox';
  private current: OpenMessage | null = null;
  /** Shape of the file's first separator line (see envelopeShape), which later separators share. */
  private firstShape: string | null = null;
  /** True once a message of this file had no Content-Length header, so the file is not mboxcl2. */
  private hasMessageWithoutLength = false;
  private index = 0;
  private readonly ready: RawMessage[] = [];

  constructor(
    private readonly file: string,
    private readonly problems: Problem[],
    private readonly blocks: MessageBlocks,
  ) {}

  /** Takes a chunk of the stream. The scanner keeps no reference to it, so the caller may reuse it. */
  push(chunk: Buffer): RawMessage[] {
    this.stage(chunk);
    if (this.bufferOffset + this.buffer.length + this.waitingBytes < this.needUntil) {
      return [];
    }
    this.takeWaiting();
    this.scan(false);
    return this.ready.splice(0);
  }

  finish(): RawMessage[] {
    this.takeWaiting();
    this.scan(true);
    if (this.current !== null) {
      this.append(this.buffer);
      this.close();
    } else if (!this.isSniffed) {
      this.problems.push({ code: 'MBOX_EMPTY', file: this.file, where: '-', detail: 'file contains no messages' });
    }
    this.buffer = Buffer.alloc(0);
    this.store = Buffer.alloc(0);
    this.messageBuffer = Buffer.alloc(0);
    this.blocks.close();
    return this.ready.splice(0);
  }

  /**
   * Copies a chunk into the store after the bytes already there. The open message's
   * views of the store are settled first, because the store's bytes may move. The
   * unconsumed bytes move to the store's front when the chunk does not fit after
   * them. The store grows only when they and the chunk exceed it.
   */
  private stage(chunk: Buffer): void {
    if (chunk.length === 0) {
      return;
    }
    this.settle();
    const used = this.buffer.length + this.waitingBytes;
    if (used === 0) {
      this.buffer = this.store.subarray(0, 0);
    }
    const start = this.bufferStart();
    const needed = used + chunk.length;
    if (start + needed > this.store.length) {
      const fits = needed <= this.store.length;
      // A store grown for one large message shrinks back once little of it is in use.
      const isShrinkDue = this.store.length > STORE_KEEP_BYTES && needed * 4 <= this.store.length;
      const target =
        fits && !isShrinkDue ? this.store : Buffer.allocUnsafeSlow(fits ? 2 * needed : grownSize(needed, this.store.length));
      this.store.copy(target, 0, start, start + used);
      this.store = target;
      this.buffer = target.subarray(0, this.buffer.length);
    }
    chunk.copy(this.store, this.bufferStart() + used);
    this.waitingBytes += chunk.length;
  }

  /** Index in the store where the buffer starts. */
  private bufferStart(): number {
    return this.buffer.byteOffset - this.store.byteOffset;
  }

  /** Extends the buffer over the bytes held back in the store. */
  private takeWaiting(): void {
    if (this.waitingBytes > 0) {
      const start = this.bufferStart();
      this.buffer = this.store.subarray(start, start + this.buffer.length + this.waitingBytes);
    }
    this.waitingBytes = 0;
    this.needUntil = 0;
  }

  /** Moves the open message's views of the store into `messageBuffer`, so the store's bytes may change. */
  private settle(): void {
    const current = this.current;
    if (current === null || current.parts.length === 0) {
      return;
    }
    if (current.size > this.messageBuffer.length) {
      const larger = Buffer.allocUnsafeSlow(grownSize(current.size, this.messageBuffer.length));
      this.messageBuffer.copy(larger, 0, 0, current.settled);
      this.messageBuffer = larger;
    }
    for (const part of current.parts) {
      part.copy(this.messageBuffer, current.settled);
      current.settled += part.length;
    }
    current.parts = [];
  }

  private scan(isEof: boolean): void {
    if (!this.isSniffed && !this.sniff(isEof)) {
      return;
    }
    let position = 0;
    let searchFrom = 0;

    for (;;) {
      if (this.current?.isHeaderPending) {
        if (!this.readHeaderBlock(position, isEof)) {
          break;
        }
      }
      const fixed = this.current?.contentLengthEnd ?? null;
      if (fixed !== null) {
        const step = this.checkContentLength(position, fixed, isEof);
        if (step === 'wait') {
          break;
        }
        if (typeof step === 'object' && step !== null) {
          this.keepFrom(position, step.keepUntil);
          return;
        }
        if (typeof step === 'number') {
          position = step;
          searchFrom = step;
          continue;
        }
      }

      const candidate = this.findCandidate(searchFrom);
      if (candidate < 0) {
        this.keepTail(position, isEof);
        return;
      }
      const verdict = this.judge(candidate, isEof, false);
      if (verdict === 'wait') {
        this.keepFrom(position, Math.max(position, candidate - 1));
        return;
      }
      if (verdict === 'body') {
        searchFrom = candidate + 1;
        continue;
      }
      position = this.startMessage(position, candidate);
      searchFrom = position;
    }
    this.keepFrom(position, position);
  }

  /** Skips a BOM and leading blank lines, then decides the format or raises INPUT_NOT_MAIL. */
  private sniff(isEof: boolean): boolean {
    let start = 0;
    if (this.buffer[0] === 0xef && this.buffer[1] === 0xbb && this.buffer[2] === 0xbf) {
      start = 3;
    }
    while (start < this.buffer.length && isBlankByte(this.buffer[start] ?? 0)) {
      start += 1;
    }
    if (start >= this.buffer.length) {
      if (isEof) {
        this.buffer = Buffer.alloc(0);
      }
      return false;
    }
    if (this.buffer.length - start < SNIFF_BYTES && !isEof) {
      return false;
    }

    this.dropBytes(start);
    this.isSniffed = true;
    if (this.buffer.subarray(0, 4).equals(MMDF_MARKER)) {
      this.mode = 'mmdf';
      return true;
    }
    if (this.buffer.subarray(0, 5).equals(FROM) && this.judge(0, isEof, true) === 'separator') {
      this.firstShape = this.shapeAt(0);
      this.dropBytes(this.startMessage(0, 0));
      return true;
    }
    if (looksLikeHeaderBlock(this.buffer)) {
      this.current = this.openMessage(this.bufferOffset, null);
      return true;
    }
    const known = describeKnownFormat(this.buffer);
    if (known !== null) {
      throw new LeakError('INPUT_NOT_MAIL', `${this.file} is not an mbox file: ${known}.`);
    }
    // A CRM export given to --mbox is a common slip: a first line of comma- or semicolon-separated cells.
    const firstLine = this.buffer.subarray(0, Math.min(this.buffer.length, 4096)).toString('latin1').split('\n', 1)[0] ?? '';
    const looksTabular = /\.(?:csv|tsv)$/i.test(this.file) || (firstLine.match(/[,;\t]/g) ?? []).length >= 3;
    throw new LeakError(
      'INPUT_NOT_MAIL',
      `${this.file} is not an mbox file (it starts with ${describeStart(this.buffer)}); ` +
        'export the mailbox as mbox or .eml and pass that file.' +
        (looksTabular ? ' If it is a CRM export, pass it with --crm.' : ''),
    );
  }

  private findCandidate(from: number): number {
    const marker = this.mode === 'mmdf' ? MMDF_MARKER : FROM;
    if (from === 0 && this.isAtLineStart && this.buffer.subarray(0, marker.length).equals(marker)) {
      return 0;
    }
    const found = this.buffer.indexOf(this.mode === 'mmdf' ? NEWLINE_MMDF : NEWLINE_FROM, Math.max(0, from - 1));
    return found < 0 ? -1 : found + 1;
  }

  /**
   * Decides whether the "From " line at `start` separates messages. It does when it has the
   * classic `From <sender> <date>` shape with a full date, an address and a whole date in
   * another exporter's shape, or the shape of the file's first separator. It does too when it
   * is bare, has a single token or a readable date, and the next line is a header field.
   * `isFileStart` also accepts longer lines before a header.
   */
  private judge(start: number, isEof: boolean, isFileStart: boolean): Verdict {
    if (this.mode === 'mmdf') {
      return this.lineEnd(start, isEof) < 0 ? 'wait' : 'separator';
    }
    const end = this.lineEnd(start, isEof);
    if (end < 0) {
      return this.buffer.length - start > MAX_SEPARATOR_LINE_BYTES ? 'body' : 'wait';
    }
    if (end - start > MAX_SEPARATOR_LINE_BYTES) {
      return 'body';
    }

    const rest = this.buffer.toString('latin1', start + FROM.length, end).replace(/\r$/, '');
    const trimmed = rest.trim();
    const space = senderEnd(trimmed);
    const date = space > 0 ? trimmed.slice(space).trimStart() : '';
    const hasDate = space > 0 && ENVELOPE_DATE.test(date);
    if (hasDate && FULL_ENVELOPE_DATE.test(date)) {
      return 'separator';
    }
    if (space > 0) {
      const other = this.otherVerdict(trimmed, space, date);
      if (other === 'separator') {
        return 'separator';
      }
      if (other === 'body' && !hasDate && !isFileStart) {
        return 'body';
      }
    }

    const next = end + 1;
    if (next >= this.buffer.length) {
      return isEof ? 'body' : 'wait';
    }
    const nameLength = headerNameLength(this.buffer, next);
    if (nameLength < 0) {
      return isEof ? 'body' : 'wait';
    }
    return nameLength > 0 ? 'separator' : 'body';
  }

  /**
   * Judges a "From " line without the classic asctime date. An address followed by a whole
   * date in another exporter's shape separates, and so does a line of the same shape as the
   * file's first separator. A date readable any other way lets the next line decide.
   */
  private otherVerdict(trimmed: string, space: number, date: string): 'separator' | 'next-line' | 'body' {
    const isAddress = ENVELOPE_SENDER.test(trimmed.slice(0, space));
    if (isAddress && OTHER_ENVELOPE_DATES.some((shape) => shape.test(date))) {
      return 'separator';
    }
    if (this.firstShape !== null && envelopeShape(trimmed, space) === this.firstShape) {
      return 'separator';
    }
    return parseMailDate(date) === null ? 'body' : 'next-line';
  }

  /** Returns the envelopeShape of the "From " line at `start`. */
  private shapeAt(start: number): string | null {
    const end = this.lineEnd(start, true);
    const trimmed = this.buffer.toString('latin1', start + FROM.length, end).replace(/\r$/, '').trim();
    return envelopeShape(trimmed, senderEnd(trimmed));
  }

  /** Index of the newline ending the line at `start`, the buffer end at EOF, else -1. */
  private lineEnd(start: number, isEof: boolean): number {
    const newline = this.buffer.indexOf(0x0a, start);
    if (newline >= 0) {
      return newline;
    }
    return isEof ? this.buffer.length : -1;
  }

  /** Closes the open message before `separator` and opens the next one; returns its body start. */
  private startMessage(position: number, separator: number): number {
    if (this.current !== null) {
      this.append(this.buffer.subarray(position, separator));
      this.close();
    }
    const end = this.buffer.indexOf(0x0a, separator);
    const lineEnd = end < 0 ? this.buffer.length : end;
    let envelope: MboxEnvelope | null = null;
    if (this.mode === 'mbox') {
      const rest = this.buffer.toString('latin1', separator + FROM.length, lineEnd);
      envelope = parseEnvelope(rest);
    }
    this.current = this.openMessage(this.bufferOffset + separator, envelope);
    return Math.min(this.buffer.length, lineEnd + 1);
  }

  private openMessage(offset: number, envelope: MboxEnvelope | null): OpenMessage {
    return {
      offset,
      envelope,
      parts: [],
      size: 0,
      settled: 0,
      bytesRead: 0,
      skipper: null,
      digest: null,
      isTruncated: false,
      isHeaderPending: this.mode === 'mbox',
      contentLengthEnd: null,
      contentLength: null,
    };
  }

  /**
   * Reads Content-Length from the header block that starts at `position`. Returns false
   * while the block is incomplete and more data may come.
   */
  private readHeaderBlock(position: number, isEof: boolean): boolean {
    const current = this.current;
    if (current === null) {
      return true;
    }
    const blankLine = findBlankLine(this.buffer, position);
    if (blankLine < 0 && !isEof && this.buffer.length - position < SNIFF_BYTES) {
      return false;
    }
    current.isHeaderPending = false;
    if (blankLine < 0) {
      return true;
    }

    const header = this.buffer.toString('latin1', position, blankLine.valueOf());
    const match = /(?:^|\n)content-length:[ \t]*(\d{1,12})[ \t]*\r?(?:\n|$)/i.exec(header);
    if (match) {
      const length = Number(match[1]);
      current.contentLength = length;
      const bodyStart = this.buffer.indexOf(0x0a, blankLine) + 1;
      if (length <= MAX_MESSAGE_BYTES && bodyStart > 0) {
        current.contentLengthEnd = this.bufferOffset + bodyStart + length;
      }
    }
    return true;
  }

  /**
   * Follows a Content-Length (mboxcl) only when it ends exactly at a separator or at EOF.
   * Returns the new scan position after opening the next message, 'wait' for more data,
   * `keepUntil` to pass the bytes before it to the open message and wait for more, or
   * null when the length is wrong and the normal separator rule applies.
   */
  private checkContentLength(
    position: number,
    end: number,
    isEof: boolean,
  ): number | 'wait' | { keepUntil: number } | null {
    const current = this.current;
    if (current === null) {
      return null;
    }
    const relative = end - this.bufferOffset;
    if (relative + 2 + FROM.length > this.buffer.length && !isEof) {
      return this.streamDeclaredBody(position, end);
    }
    current.contentLengthEnd = null;
    if (relative < position || relative > this.buffer.length) {
      return null;
    }

    let separator = relative;
    if (this.buffer[separator] === 0x0d && this.buffer[separator + 1] === 0x0a) {
      separator += 2;
    } else if (this.buffer[separator] === 0x0a) {
      separator += 1;
    }
    const isAtEof = isEof && isBlankTail(this.buffer, relative);
    if (!isAtEof && !this.buffer.subarray(separator, separator + FROM.length).equals(FROM)) {
      return null;
    }
    if (!isAtEof && this.lineEnd(separator, isEof) < 0) {
      // The separator line continues in the next chunk: read it whole before opening.
      current.contentLengthEnd = end;
      this.needUntil = this.bufferOffset + this.buffer.length + 1;
      return 'wait';
    }
    if (!this.isSpanTrusted(position, relative, isAtEof ? null : separator, isEof)) {
      return null;
    }
    if (isAtEof) {
      this.append(this.buffer.subarray(position, relative));
      return this.buffer.length;
    }
    return this.startMessage(position, separator);
  }

  /**
   * Decides whether a Content-Length span that ends at a separator (`next`) or at the
   * end of the file (`next` null) is the open message's body. mboxcl2 leaves "From "
   * lines in bodies unquoted, so such a line inside the span proves nothing alone. A
   * separator line followed by a header block with From and a Date or Message-ID is a
   * message of its own unless the file is mboxcl2: no message before lacked
   * Content-Length, and the message after the span has one. When the span runs to the
   * end of the file and no message came before, the message inside decides. Either way
   * a problem names that message.
   */
  private isSpanTrusted(position: number, spanEnd: number, next: number | null, isEof: boolean): boolean {
    const spanned = this.findSpannedMessage(position, spanEnd, isEof);
    const current = this.current;
    if (spanned === null || current === null) {
      return true;
    }
    const nextHasLength = next === null ? null : this.readHeaderFields(next, this.buffer.length).has('content-length');
    const where = `message ${this.index + 1} (byte ${current.offset})`;
    const inner =
      `the "From " line at byte ${spanned.offset}, which starts a message with its own header block` +
      (spanned.messageId === null ? '' : ` (Message-ID ${JSON.stringify(spanned.messageId)})`);
    const length = `Content-Length ${current.contentLength ?? '?'}`;
    let reason: string | null = null;
    if (this.hasMessageWithoutLength) reason = 'an earlier message has no Content-Length';
    else if (nextHasLength === false) reason = 'the message after the span has no Content-Length';
    else if (nextHasLength === null && this.index === 0 && !spanned.hasContentLength) {
      reason = 'the message inside has no Content-Length, and no other message shows which format the file has';
    }
    if (reason === null) {
      const detail = `${length} covers ${inner}; read as part of this message's body, because this file is mboxcl2, which does not quote "From " lines`;
      this.problems.push({ code: 'MBOX_LENGTH_SPANS_MESSAGE', file: this.file, where, detail });
      return true;
    }
    const detail = `${length} covers ${inner}; the file is not mboxcl2 (${reason}), so the length was ignored and the messages were split at that line`;
    this.problems.push({ code: 'MBOX_LENGTH_IGNORED', file: this.file, where, detail });
    return false;
  }

  /** Returns the first separator in buffer[position, spanEnd) followed by a message's header block, or null. */
  private findSpannedMessage(position: number, spanEnd: number, isEof: boolean): SpannedMessage | null {
    for (let candidate = this.findCandidate(position); candidate >= 0 && candidate < spanEnd; ) {
      if (this.judge(candidate, isEof, false) === 'separator') {
        const fields = this.readHeaderFields(candidate, spanEnd);
        if (fields.has('from') && (fields.has('date') || fields.has('message-id'))) {
          const messageId = fields.get('message-id') ?? '';
          return {
            offset: this.bufferOffset + candidate,
            messageId: messageId === '' ? null : messageId,
            hasContentLength: fields.has('content-length'),
          };
        }
      }
      candidate = this.findCandidate(candidate + 1);
    }
    return null;
  }

  /** Reads the header field names and first values after the separator line at `separator`, up to `limit`. */
  private readHeaderFields(separator: number, limit: number): Map<string, string> {
    const start = this.lineEnd(separator, true) + 1;
    const end = Math.min(limit, start + SNIFF_BYTES);
    const fields = new Map<string, string>();
    for (const line of this.buffer.toString('latin1', start, end).split('\n', SPANNED_HEADER_LINES)) {
      const text = line.replace(/\r$/, '');
      if (text === '') break;
      const match = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/.exec(text);
      const name = (match?.[1] ?? '').toLowerCase();
      if (name !== '' && !fields.has(name)) fields.set(name, (match?.[2] ?? '').trim());
    }
    return fields;
  }

  /**
   * Passes the part of a declared body read so far to the open message, so a
   * large mboxcl message goes through the attachment skipper chunk by chunk.
   * The bytes handed on stop at the first line that could separate messages:
   * up to there they belong to the open message whether the declared length
   * is right or not. From such a line on, the rest of the declared body waits whole.
   */
  private streamDeclaredBody(position: number, end: number): { keepUntil: number } {
    const relative = end - this.bufferOffset;
    let keepUntil = Math.min(relative, this.buffer.lastIndexOf(0x0a) + 1);
    let verdict: Verdict = 'body';
    for (let candidate = this.findCandidate(position); candidate >= 0 && candidate < keepUntil; ) {
      verdict = this.judge(candidate, false, false);
      if (verdict !== 'body') {
        keepUntil = candidate;
        break;
      }
      candidate = this.findCandidate(candidate + 1);
    }
    const dataEnd = this.bufferOffset + this.buffer.length;
    // After a possible separator, only the whole declared body can tell which rule applies.
    this.needUntil = verdict === 'separator' ? end + 2 + FROM.length : dataEnd + 1;
    return { keepUntil: Math.max(position, keepUntil) };
  }

  /** Moves bytes before the last short partial line into the open message. */
  private keepTail(position: number, isEof: boolean): void {
    if (isEof) {
      this.keepFrom(position, this.buffer.length);
      return;
    }
    const lastNewline = this.buffer.lastIndexOf(0x0a);
    const keep = lastNewline >= position && this.buffer.length - lastNewline <= FROM.length ? lastNewline : this.buffer.length;
    this.keepFrom(position, keep);
  }

  /** Appends buffer[position, keep) to the open message and drops everything before `keep`. */
  private keepFrom(position: number, keep: number): void {
    if (this.current !== null && !this.current.isHeaderPending) {
      this.append(this.buffer.subarray(position, keep));
      this.dropBytes(keep);
      return;
    }
    this.dropBytes(position);
  }

  private dropBytes(count: number): void {
    if (count <= 0) {
      return;
    }
    this.isAtLineStart = this.buffer[count - 1] === 0x0a;
    this.bufferOffset += count;
    this.buffer = this.buffer.subarray(count);
  }

  private append(bytes: Buffer): void {
    const current = this.current;
    if (current === null || bytes.length === 0) {
      return;
    }
    current.bytesRead += bytes.length;
    if (current.skipper !== null) {
      current.digest?.update(bytes);
      // The skipper keeps the end of a cut line as a view of what it is fed, so it gets a copy, not the reused store.
      for (const piece of current.skipper.feed(Buffer.from(bytes))) this.keep(current, piece);
      return;
    }
    this.keep(current, bytes);
    if (current.size >= SKIP_ATTACHMENTS_AFTER_BYTES) {
      // From here on only headers, boundaries and text-like part bodies are kept.
      const buffered = this.keptBytes(current);
      current.parts = [];
      current.size = 0;
      current.settled = 0;
      current.skipper = new AttachmentSkipper();
      current.digest = createHash('sha256').update(buffered);
      for (const piece of current.skipper.feed(buffered)) this.keep(current, piece);
    }
  }

  private keep(current: OpenMessage, bytes: Buffer): void {
    const room = MAX_MESSAGE_BYTES - current.size;
    if (room <= 0) {
      current.isTruncated = true;
      return;
    }
    // Views of the store or of the skipper's pieces: settle() copies them into `messageBuffer`
    // before the store takes the next chunk, and close() copies the message into a block.
    const piece = bytes.length > room ? bytes.subarray(0, room) : bytes;
    current.isTruncated ||= bytes.length > room;
    current.parts.push(piece);
    current.size += piece.length;
  }

  /** Copies the open message's kept bytes, settled and not, into one buffer of their exact size. */
  private keptBytes(current: OpenMessage): Buffer {
    return this.copyKept(current, Buffer.allocUnsafe(current.size));
  }

  /** Copies the open message's kept bytes, settled and not, into `target`, which has room for exactly them. */
  private copyKept(current: OpenMessage, target: Buffer): Buffer {
    let at = current.settled === 0 ? 0 : this.messageBuffer.copy(target, 0, 0, current.settled);
    for (const part of current.parts) at += part.copy(target, at);
    if (this.messageBuffer.length > STORE_KEEP_BYTES) {
      this.messageBuffer = Buffer.alloc(0);
    }
    return target;
  }

  private close(): void {
    const current = this.current;
    this.current = null;
    if (current === null) {
      return;
    }
    for (const piece of current.skipper?.finish() ?? []) this.keep(current, piece);
    const raw = unescapeFromLinesInPlace(this.copyKept(current, this.blocks.reserve(current.size)));
    if (this.mode === 'mmdf' && isBlankTail(raw, 0)) {
      return;
    }
    if (this.mode === 'mbox' && current.contentLength === null) {
      this.hasMessageWithoutLength = true;
    }
    const block = this.blocks.commit(raw.length);
    const index = this.index;
    this.index += 1;
    if (current.isTruncated) {
      this.problems.push({
        code: 'MBOX_MESSAGE_TRUNCATED',
        file: this.file,
        where: `message ${index + 1} (byte ${current.offset})`,
        detail: `message is larger than ${MAX_MESSAGE_BYTES} bytes; only the first ${MAX_MESSAGE_BYTES} were read`,
      });
    }
    const contentDigest = current.digest?.digest('hex') ?? null;
    this.ready.push({ raw, block, index, offset: current.offset, size: current.bytesRead, contentDigest, envelope: current.envelope });
  }
}

function isBlankByte(byte: number): boolean {
  return byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09;
}

function isBlankTail(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i += 1) {
    if (!isBlankByte(bytes[i] ?? 0)) {
      return false;
    }
  }
  return true;
}

/** Index of the first empty line (LF or CRLF) at or after `from`, or -1. */
function findBlankLine(bytes: Buffer, from: number): number {
  if (bytes[from] === 0x0a || (bytes[from] === 0x0d && bytes[from + 1] === 0x0a)) {
    return from;
  }
  let at = bytes.indexOf(0x0a, from);
  while (at >= 0 && at + 1 < bytes.length) {
    const next = bytes[at + 1];
    if (next === 0x0a || (next === 0x0d && bytes[at + 2] === 0x0a)) {
      return at + 1;
    }
    at = bytes.indexOf(0x0a, at + 1);
  }
  return -1;
}
