// Drops the bodies of non-text MIME parts while a large message is read from
// an mbox, so a message with a 50 MB attachment costs a few megabytes of
// memory instead of its whole size. Headers, boundary lines and the bodies of
// text, multipart and message parts are kept byte for byte, so the MIME walk
// finds the same text. A line is a boundary only when it matches a boundary
// declared in a Content-Type header already read. A false boundary can only
// make the skipper keep more than it needs to. Content-Type values are read
// with libmime, as the MIME walk reads them, so both read quoting and RFC 2231
// parameters the same way.
import { requirePackage } from '../require-package.js';
import { MAX_HEADER_BYTES } from '../limits.js';

const libmime = requirePackage('libmime') as (typeof import('libmime'))['default'];

/** Message size from which the splitter starts dropping attachment bodies. */
export const SKIP_ATTACHMENTS_AFTER_BYTES = 4 * 1024 * 1024;

/**
 * Maximum length of a line compared with the boundaries, in bytes. RFC 2046
 * limits a boundary to 70 characters, but real mail breaks that, and the MIME
 * walk accepts any length.
 */
const MAX_BOUNDARY_LINE_BYTES = 1000;

/** Header block text kept per part to find its Content-Type; longer blocks are cut, as the parse cuts them. */
const MAX_PART_HEADER_CHARS = MAX_HEADER_BYTES;

const NEWLINE = 0x0a;
const DASH = 0x2d;
const NEWLINE_DASHES = Buffer.from('\n--');

type State = 'headers' | 'keep' | 'skip';

function contentTypeOf(headerText: string): { type: string; boundary: string | null; isEncoded: boolean } {
  const unfolded = headerText.replace(/\r?\n[ \t]+/g, ' ');
  const value = /(?:^|\n)content-type[ \t]*:([^\n]*)/i.exec(unfolded)?.[1] ?? '';
  const parsed = libmime.parseHeaderValue(value.trim());
  const boundary = parsed.params.boundary;
  const encoding = /(?:^|\n)content-transfer-encoding[ \t]*:[ \t]*(base64|quoted-printable)\b/i.test(unfolded);
  return {
    type: parsed.value.toLowerCase(),
    boundary: typeof boundary === 'string' && boundary !== '' ? boundary : null,
    isEncoded: encoding,
  };
}

// RFC 2045 defaults a part without Content-Type to text/plain, which is kept.
function isSkippedType(type: string): boolean {
  return type !== '' && !type.startsWith('text/') && !type.startsWith('multipart/') && !type.startsWith('message/');
}

export class AttachmentSkipper {
  private state: State = 'headers';
  private headerText = '';
  private readonly boundaries = new Set<string>();
  /** Start of a line that may be a boundary, held until its end arrives. */
  private pending: Buffer | null = null;
  /** The current line started in an earlier chunk and was already kept or dropped. */
  private isInsideLine = false;
  /** True once the message's own header block has ended. */
  private hasHeaders = false;
  /** Bytes dropped so far. */
  skipped = 0;

  /** Takes the next bytes of the message, in order, and returns the bytes to keep. */
  feed(bytes: Buffer): Buffer[] {
    const data = this.pending === null ? bytes : Buffer.concat([this.pending, bytes]);
    this.pending = null;
    const kept: Buffer[] = [];
    let position = 0;
    if (this.isInsideLine) position = this.finishLine(data, kept);
    while (position < data.length) {
      const next = this.state === 'headers' ? this.readHeaderLine(data, position, kept) : this.readBody(data, position, kept);
      if (next === null) break;
      position = next;
    }
    return kept;
  }

  /** Returns the bytes held back at the end of the message. */
  finish(): Buffer[] {
    const rest = this.pending;
    this.pending = null;
    return rest === null ? [] : [rest];
  }

  private keepOrDrop(data: Buffer, start: number, end: number, kept: Buffer[]): void {
    if (end <= start) return;
    if (this.state === 'skip') this.skipped += end - start;
    else kept.push(data.subarray(start, end));
  }

  // Continues a body line whose start was already kept or dropped.
  private finishLine(data: Buffer, kept: Buffer[]): number {
    const newline = data.indexOf(NEWLINE);
    const end = newline < 0 ? data.length : newline + 1;
    this.keepOrDrop(data, 0, end, kept);
    this.isInsideLine = newline < 0;
    return end;
  }

  private readHeaderLine(data: Buffer, position: number, kept: Buffer[]): number | null {
    const newline = data.indexOf(NEWLINE, position);
    if (newline < 0 && data.length - position > MAX_PART_HEADER_CHARS) {
      // A header line this long is kept as it comes rather than held back whole.
      kept.push(data.subarray(position));
      this.isInsideLine = true;
      return null;
    }
    if (newline < 0) {
      this.pending = data.subarray(position);
      return null;
    }

    const end = newline + 1;
    const line = data.toString('latin1', position, end);
    if (this.isStrayHeaderLine(line)) {
      this.skipped += end - position;
      return end;
    }
    kept.push(data.subarray(position, end));

    // A part may end without the blank line after its headers; its body is then empty.
    const delimiter = this.matchBoundary(line.slice(0, MAX_BOUNDARY_LINE_BYTES).trimEnd());
    if (delimiter !== null) {
      this.headerText = '';
      this.state = delimiter === 'close' ? 'keep' : 'headers';
      return end;
    }
    if (line.trim() !== '') {
      if (this.headerText.length < MAX_PART_HEADER_CHARS) this.headerText += line;
      return end;
    }
    // Blank lines before the message's own header block are not its end; the parse skips them too.
    if (this.headerText === '' && !this.hasHeaders) return end;
    this.endHeaderBlock();
    return end;
  }

  // Inside a part's header block, a line that is neither a field nor a
  // continuation is ignored by the MIME walk. Such lines are the body of a
  // part whose blank line is missing, so they are dropped like one.
  private isStrayHeaderLine(line: string): boolean {
    if (!this.hasHeaders || line.trim() === '') return false;
    return line.indexOf(':') <= 0 && !/^[ \t]/.test(line) && !line.startsWith('--');
  }

  private endHeaderBlock(): void {
    this.hasHeaders = true;
    const { type, boundary, isEncoded } = contentTypeOf(this.headerText);
    this.headerText = '';
    if (boundary !== null) this.boundaries.add(boundary);
    if ((type === 'message/rfc822' || type === 'message/global') && isEncoded) {
      // An attached message sent base64 or quoted-printable (against RFC 2046) has no header
      // lines to read here: its body is kept whole, because the reader decodes and parses it.
      this.state = 'keep';
    } else if (type === 'message/rfc822' || type === 'message/global') {
      // A forwarded message starts with its own header block, whose boundaries count too.
      this.state = 'headers';
    } else {
      this.state = isSkippedType(type) ? 'skip' : 'keep';
    }
  }

  private readBody(data: Buffer, position: number, kept: Buffer[]): number | null {
    const startsWithDashes = data[position] === DASH && data[position + 1] === DASH;
    const dashes = startsWithDashes ? -1 : data.indexOf(NEWLINE_DASHES, position);
    if (!startsWithDashes && dashes < 0) {
      this.readPlainBody(data, position, kept);
      return null;
    }
    const lineStart = startsWithDashes ? position : dashes + 1;
    this.keepOrDrop(data, position, lineStart, kept);
    const newline = data.indexOf(NEWLINE, lineStart);
    if (newline < 0 && data.length - lineStart <= MAX_BOUNDARY_LINE_BYTES) {
      this.pending = data.subarray(lineStart);
      return null;
    }
    const end = newline < 0 ? data.length : newline + 1;
    const line = data.toString('latin1', lineStart, Math.min(end, lineStart + MAX_BOUNDARY_LINE_BYTES)).trimEnd();
    const delimiter = this.matchBoundary(line);
    if (delimiter === null) {
      this.keepOrDrop(data, lineStart, end, kept);
      this.isInsideLine = newline < 0;
      return end;
    }
    kept.push(data.subarray(lineStart, end));
    this.isInsideLine = false;
    // After a close delimiter comes the epilogue, kept like a preamble.
    this.state = delimiter === 'close' ? 'keep' : 'headers';
    return end;
  }

  // No line in data[position..] starts with "--": everything up to the last
  // line end is body, and the rest is the start of a line that is not a boundary.
  private readPlainBody(data: Buffer, position: number, kept: Buffer[]): void {
    const lastNewline = data.lastIndexOf(NEWLINE);
    if (lastNewline < position) {
      // One line without its end: keep it pending while it may still become "--".
      if (data.length - position < 2) {
        this.pending = data.subarray(position);
        return;
      }
      this.keepOrDrop(data, position, data.length, kept);
      this.isInsideLine = true;
      return;
    }
    this.keepOrDrop(data, position, lastNewline + 1, kept);
    const tail = lastNewline + 1;
    if (tail >= data.length) return;
    if (data.length - tail < 2) {
      this.pending = data.subarray(tail);
      return;
    }
    this.keepOrDrop(data, tail, data.length, kept);
    this.isInsideLine = true;
  }

  private matchBoundary(line: string): 'open' | 'close' | null {
    if (!line.startsWith('--')) return null;
    const body = line.slice(2);
    if (this.boundaries.has(body)) return 'open';
    if (body.endsWith('--') && this.boundaries.has(body.slice(0, -2))) return 'close';
    return null;
  }
}
