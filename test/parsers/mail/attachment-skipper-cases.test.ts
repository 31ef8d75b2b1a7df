// Inputs that once made the attachment skipper change what a message yields, or
// keep memory in proportion to the attachment. Each check compares parseMessage on the
// whole message with parseMessage on the bytes the skipper keeps.
import { describe, expect, it } from 'vitest';
import { AttachmentSkipper, SKIP_ATTACHMENTS_AFTER_BYTES } from '../../../src/parsers/attachment-skipper.js';
import { parseMail, parseMessage } from '../../../src/parsers/message.js';
import { splitBytes } from './helpers.js';

const CONTEXT = { mailbox: 'test.mbox', file: 'test.mbox', index: 0, offset: 0, envelopeDate: null };
const SIGNAL = 'Please send a quote for 40 licences before Friday.';
const ATTACHMENT_BYTES = 2_000_000;

function base64Lines(bytes: number, seed = 'QUJD'): string {
  const line = `${seed}REVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

function headers(contentType: string, extra: string[] = []): string {
  return [
    'From: Ann <ann@customer.example>',
    'To: Claire <claire@vendor.example>',
    'Subject: Quote request',
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    ...extra,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
    '',
    '',
  ].join('\n');
}

function pdfPart(boundary: string, bytes: number, seed?: string): string {
  return `--${boundary}\nContent-Type: application/pdf; name="q.pdf"\nContent-Transfer-Encoding: base64\n\n${base64Lines(bytes, seed)}`;
}

function textPart(boundary: string): string {
  return `--${boundary}\nContent-Type: text/plain; charset=utf-8\n\n${SIGNAL}\n`;
}

function skip(message: Buffer): Buffer {
  const skipper = new AttachmentSkipper();
  const kept: Buffer[] = [];
  for (let at = 0; at < message.length; at += 65_536) {
    kept.push(...skipper.feed(message.subarray(at, at + 65_536)));
  }
  kept.push(...skipper.finish());
  return Buffer.concat(kept);
}

async function textOf(raw: Buffer): Promise<string | undefined> {
  return (await parseMessage(raw, CONTEXT, []))?.text;
}

describe('AttachmentSkipper text after an attachment', () => {
  it('keeps text after a part without blank line', async () => {
    const message = Buffer.from(
      headers('multipart/mixed; boundary="NB"', ['Message-ID: <nb@customer.example>']) +
        pdfPart('NB', ATTACHMENT_BYTES) +
        '--NB\nContent-Type: application/octet-stream; name="empty.bin"\n' +
        textPart('NB') +
        '--NB--\n',
    );
    expect(await textOf(message)).toContain(SIGNAL);
    expect(await textOf(skip(message))).toContain(SIGNAL);
  });

  it('keeps text after an attachment without blank line', async () => {
    const message = Buffer.from(
      headers('multipart/mixed; boundary="AB"', ['Message-ID: <ab@customer.example>']) +
        '--AB\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n' +
        base64Lines(ATTACHMENT_BYTES) +
        textPart('AB') +
        '--AB--\n',
    );
    const kept = skip(message);
    expect(await textOf(message)).toContain(SIGNAL);
    expect(await textOf(kept)).toContain(SIGNAL);
    expect(kept.length).toBeLessThan(100_000);
  });

  it('keeps a text part with a quoted media type', async () => {
    // libmime reads `"text/plain"` as text/plain, so the MIME walk extracts this part.
    const message = Buffer.from(
      headers('multipart/mixed; boundary="QT"', ['Message-ID: <qt@customer.example>']) +
        pdfPart('QT', ATTACHMENT_BYTES) +
        `--QT\nContent-Type: "text/plain"; charset=utf-8\n\n${SIGNAL}\n--QT--\n`,
    );
    expect(await textOf(message)).toContain(SIGNAL);
    expect(await textOf(skip(message))).toContain(SIGNAL);
  });
});

describe('AttachmentSkipper message id without Message-ID', () => {
  // The id of mail without Message-ID is a hash of its bytes. Once attachment
  // bodies are dropped, the splitter hashes every byte it read, not the kept ones.
  async function idOf(body: string, chunkSize: number): Promise<string | undefined> {
    const mbox = Buffer.from(`From ann@customer.example Tue Dec  1 10:00:00 2026\n${body}`);
    const { raws } = await splitBytes(mbox, chunkSize);
    const raw = raws[0];
    if (raw === undefined) return undefined;
    const context = { ...CONTEXT, contentDigest: raw.contentDigest };
    return (await parseMessage(raw.raw, context, []))?.id;
  }

  const build = (seed: string): string =>
    headers('multipart/mixed; boundary="ID"') + pdfPart('ID', SKIP_ATTACHMENTS_AFTER_BYTES + 1_000_000, seed) + textPart('ID') + '--ID--\n';

  it('keeps messages with different attachments apart', async () => {
    expect(await idOf(build('QUJD'), 1 << 20)).not.toBe(await idOf(build('WFla'), 1 << 20));
  });

  it('gives the same id for any read size', async () => {
    expect(await idOf(build('QUJD'), 1 << 20)).toBe(await idOf(build('QUJD'), 65_537));
  });
});

describe('AttachmentSkipper memory', () => {
  const cases: Array<[string, string]> = [
    [
      'RFC 2231 boundary',
      headers("multipart/mixed; boundary*=us-ascii''R2231") + pdfPart('R2231', ATTACHMENT_BYTES) + textPart('R2231') + '--R2231--\n',
    ],
    [
      'Content-Type after 64 KB of headers',
      headers(
        'multipart/mixed; boundary="LH"',
        Array.from({ length: 1200 }, (_, i) => `Received: from relay${i}.example.net by mx.example.net id ${i}`),
      ) +
        pdfPart('LH', ATTACHMENT_BYTES) +
        textPart('LH') +
        '--LH--\n',
    ],
    [
      'blank line before the headers',
      '\n' + headers('multipart/mixed; boundary="BL"') + pdfPart('BL', ATTACHMENT_BYTES) + textPart('BL') + '--BL--\n',
    ],
    [
      'forwarded message with an attachment',
      headers('multipart/mixed; boundary="OUT"') +
        '--OUT\nContent-Type: message/rfc822\n\n' +
        headers('multipart/mixed; boundary="IN"') +
        pdfPart('IN', ATTACHMENT_BYTES) +
        '--IN--\n' +
        textPart('OUT') +
        '--OUT--\n',
    ],
    [
      'boundary longer than 78 characters',
      headers(`multipart/mixed; boundary="${'L'.repeat(90)}"`) +
        pdfPart('L'.repeat(90), ATTACHMENT_BYTES) +
        textPart('L'.repeat(90)) +
        `--${'L'.repeat(90)}--\n`,
    ],
  ];

  for (const [name, text] of cases) {
    it(`drops the attachment: ${name}`, async () => {
      const message = Buffer.from(text);
      const kept = skip(message);
      expect(await textOf(kept)).toBe(await textOf(message));
      expect(kept.length).toBeLessThan(200_000);
    });
  }
});

describe('AttachmentSkipper and attached messages', () => {
  async function attachedTextsOf(raw: Buffer): Promise<Array<string | undefined>> {
    const parsed = await parseMail(raw, CONTEXT, []);
    return Promise.all(parsed.attached.map(async (item) => (await parseMessage(item.raw, item.context, []))?.text));
  }

  const inner = `${headers('text/plain').trimEnd()}\n\n${SIGNAL}\n`;
  const cases: Array<[string, string]> = [
    ['sent as 7bit', `--OUT\nContent-Type: message/rfc822\n\n${inner}`],
    ['sent as base64', `--OUT\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n${Buffer.from(inner).toString('base64')}\n`],
  ];

  for (const [name, part] of cases) {
    it(`keeps an attached message ${name}`, async () => {
      const message = Buffer.from(headers('multipart/mixed; boundary="OUT"') + pdfPart('OUT', SKIP_ATTACHMENTS_AFTER_BYTES) + part + '--OUT--\n');
      const kept = skip(message);
      const whole = await attachedTextsOf(message);
      expect(whole.map((text) => text?.trim())).toEqual([SIGNAL]);
      expect(await attachedTextsOf(kept)).toEqual(whole);
      expect(kept.length).toBeLessThan(200_000);
    });
  }
});
