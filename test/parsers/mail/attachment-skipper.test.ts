// The splitter drops attachment bodies of large messages; the text a message
// yields must not change, and memory must not hold the attachment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttachmentSkipper, SKIP_ATTACHMENTS_AFTER_BYTES } from '../../../src/parsers/attachment-skipper.js';
import { parseMessage } from '../../../src/parsers/message.js';
import type { Problem } from '../../../src/types.js';
import { splitBytes } from './helpers.js';

const CONTEXT = { mailbox: 'test.mbox', file: 'test.mbox', index: 0, offset: 0, envelopeDate: null };

function base64Lines(bytes: number): string {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n';
  return line.repeat(Math.ceil(bytes / line.length));
}

// A mixed message: text part, a large PDF, a nested alternative with HTML, a
// second attachment, and an epilogue. Line ends are `eol` throughout.
function bigMessage(attachmentBytes: number, eol = '\n'): string {
  const lines = [
    'From: Ann <ann@customer.example>',
    'To: Claire <claire@vendor.example>',
    'Subject: Contract and seats',
    'Message-ID: <big@customer.example>',
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed;',
    ' boundary="outer-1"',
    '',
    'preamble',
    '--outer-1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'We would like to add 15 users before the renewal.',
    '-- ',
    'Ann',
    '--outer-1',
    'Content-Type: application/pdf; name="contract.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="contract.pdf"',
    '',
    base64Lines(attachmentBytes).trimEnd(),
    '--outer-1',
    'Content-Type: multipart/alternative; boundary=inner-2',
    '',
    '--inner-2',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Can you send a quote for the Enterprise plan?</p>',
    '--inner-2--',
    '--outer-1',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(1000).trimEnd(),
    '--outer-1--',
    'epilogue',
    '',
  ];
  return lines.join(eol);
}

function feedInChunks(input: Buffer, sizes: number[]): Buffer {
  const skipper = new AttachmentSkipper();
  const kept: Buffer[] = [];
  let position = 0;
  let index = 0;
  while (position < input.length) {
    const size = Math.max(1, sizes[index % sizes.length] ?? 1);
    kept.push(...skipper.feed(input.subarray(position, position + size)));
    position += size;
    index += 1;
  }
  kept.push(...skipper.finish());
  return Buffer.concat(kept);
}

describe('AttachmentSkipper', () => {
  const message = Buffer.from(bigMessage(20_000));
  const whole = feedInChunks(message, [message.length]);

  it('drops attachment bodies only', () => {
    const text = whole.toString('latin1');
    expect(text).not.toContain('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVph');
    expect(text).toContain('We would like to add 15 users before the renewal.');
    expect(text).toContain('<p>Can you send a quote for the Enterprise plan?</p>');
    expect(text).toContain('Content-Disposition: attachment; filename="contract.pdf"');
    expect(text).toContain('--outer-1--\nepilogue');
    expect(whole.length).toBeLessThan(2_000);
  });

  it('keeps a signature delimiter', () => {
    expect(whole.toString('latin1')).toContain('-- \nAnn\n--outer-1\n');
  });

  it('gives the same bytes for any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        expect(feedInChunks(message, sizes).equals(whole)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('handles CRLF line ends', () => {
    const crlf = Buffer.from(bigMessage(20_000, '\r\n'));
    const kept = feedInChunks(crlf, [7, 1, 64]).toString('latin1');
    expect(kept).not.toContain('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVph');
    expect(kept).toContain('<p>Can you send a quote for the Enterprise plan?</p>');
  });

  it('keeps everything without a declared boundary', () => {
    const plain = Buffer.from('From: a@example.com\nContent-Type: application/pdf\n\n--not-a-boundary\nJVBERi0xLjQ=\n');
    const kept = feedInChunks(plain, [5]).toString('latin1');
    expect(kept).toBe('From: a@example.com\nContent-Type: application/pdf\n\n');
  });

  it('keeps a single-part text message whole', () => {
    const plain = Buffer.from('From: a@example.com\nSubject: hi\n\n--\nline\n--x--\n');
    expect(feedInChunks(plain, [3]).equals(plain)).toBe(true);
  });
});

describe('splitter with large attachments', () => {
  it('yields the same text as the whole message', async () => {
    const body = bigMessage(SKIP_ATTACHMENTS_AFTER_BYTES + 2_000_000);
    const mbox = Buffer.from(`From ann@customer.example Tue Dec  1 10:00:00 2026\n${body}\n`);
    const { raws, problems } = await splitBytes(mbox, 256 * 1024);
    expect(problems).toEqual([]);
    expect(raws).toHaveLength(1);
    const raw = raws[0];
    if (raw === undefined) throw new Error('no message');
    expect(raw.raw.length).toBeLessThan(SKIP_ATTACHMENTS_AFTER_BYTES + 10_000);
    expect(raw.size).toBe(Buffer.byteLength(body) + 1);

    const parseProblems: Problem[] = [];
    const split = await parseMessage(raw.raw, CONTEXT, parseProblems);
    const direct = await parseMessage(Buffer.from(`${body}\n`), CONTEXT, []);
    expect(split?.text).toBe(direct?.text);
    expect(split?.subject).toBe(direct?.subject);
    expect(split?.text).toContain('add 15 users');
    expect(parseProblems).toEqual([]);
  });
});
