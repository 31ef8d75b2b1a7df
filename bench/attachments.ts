// Binary attachments for the generator: PDF, PNG and JPEG files with real
// signatures and trailers around pseudo-random content. The content is cut
// from one seeded pool, so a 40 MB attachment costs a copy, not 40 MB of PRNG
// calls.
import { ATTACHMENT_NAMES } from './content.js';
import type { Random } from './random.js';

/** Size of the seeded byte pool that attachment content is cut from. */
const POOL_BYTES = 4 * 1024 * 1024;

export interface Attachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

const FRAMES: Record<string, { head: Buffer; tail: Buffer }> = {
  'application/pdf': {
    head: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '4 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n', 'latin1'),
    tail: Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  },
  'image/png': {
    head: Buffer.from('89504e470d0a1a0a0000000d49484452000004000000030008060000000000000049444154', 'hex'),
    tail: Buffer.from('0000000049454e44ae426082', 'hex'),
  },
  'image/jpeg': {
    head: Buffer.from('ffd8ffe000104a46494600010101004800480000ffdb004300', 'hex'),
    tail: Buffer.from('ffd9', 'hex'),
  },
};

export class AttachmentMaker {
  private readonly pool: Buffer;

  constructor(random: Random) {
    this.pool = random.fill(Buffer.allocUnsafe(POOL_BYTES));
  }

  /** Makes one attachment of about `bytes` raw bytes (before base64). */
  make(random: Random, bytes: number): Attachment {
    const kind = random.pick(ATTACHMENT_NAMES);
    const fileName = kind.name.replace('{n}', String(random.int(1000, 9999)));
    const frame = FRAMES[kind.type];
    if (frame === undefined) throw new Error(`no frame for ${kind.type}`);

    const bodyBytes = Math.max(0, bytes - frame.head.length - frame.tail.length);
    const content = Buffer.allocUnsafe(frame.head.length + bodyBytes + frame.tail.length);
    frame.head.copy(content, 0);
    let offset = frame.head.length;
    let from = random.int(0, POOL_BYTES - 1);
    while (offset < frame.head.length + bodyBytes) {
      const length = Math.min(POOL_BYTES - from, frame.head.length + bodyBytes - offset);
      this.pool.copy(content, offset, from, from + length);
      offset += length;
      from = 0;
    }
    frame.tail.copy(content, offset);
    return { fileName, contentType: kind.type, content };
  }
}
