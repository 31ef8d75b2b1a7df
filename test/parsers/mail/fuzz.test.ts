// Property tests: hostile or random bytes never make the splitter or the message parser
// throw anything but LeakError, and chunk boundaries never change how an mbox splits.
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLeakError } from '../../../src/errors.js';
import { parseMessage } from '../../../src/parsers/message.js';
import type { Problem } from '../../../src/types.js';
import { casePath, corpusPath } from '../../helpers/paths.js';
import { splitBytes } from './helpers.js';

const LINES = [
  'From a@example.com Wed Nov 27 12:27:36 2002',
  'From ',
  'From -',
  'From January on we add seats',
  '>From escaped',
  '>>From quoted',
  'From: a@example.com',
  'Subject: =?UTF-8?B?w6k=?=',
  'Content-Length: 12',
  'Content-Type: multipart/alternative; boundary=b',
  'Content-Type: text/html; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Transfer-Encoding: base64',
  '--b',
  '--b--',
  '=C3=A9=',
  '<p>caf&eacute;<br>',
  'w6k=',
  '',
  ' folded',
  '\x01\x01\x01\x01',
  'd\xe9j\xe0',
] as const;

const mboxArbitrary = fc
  .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 60 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => Buffer.from(lines.join(eol), 'latin1'));

const context = { mailbox: 'fuzz.mbox', file: 'fuzz.mbox', index: 0, offset: 0, envelopeDate: null };

async function splitOrLeakError(bytes: Buffer, chunkSize?: number) {
  try {
    return await splitBytes(bytes, chunkSize);
  } catch (error) {
    if (!isLeakError(error)) {
      throw error;
    }
    return null;
  }
}

describe('splitMbox properties', () => {
  it('random bytes raise only LeakError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await splitOrLeakError(Buffer.from(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('chunk size never changes the split', async () => {
    await fc.assert(
      fc.asyncProperty(mboxArbitrary, fc.integer({ min: 1, max: 40 }), async (bytes, chunkSize) => {
        const whole = await splitOrLeakError(bytes);
        const chunked = await splitOrLeakError(bytes, chunkSize);
        expect(chunked === null).toBe(whole === null);
        const texts = (run: typeof whole) => run?.raws.map((raw) => [raw.offset, raw.raw.toString('latin1')]);
        expect(texts(chunked)).toEqual(texts(whole));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseMessage properties', () => {
  it('generated messages never throw', async () => {
    await fc.assert(
      fc.asyncProperty(mboxArbitrary, async (bytes) => {
        const problems: Problem[] = [];
        const message = await parseMessage(bytes, context, problems);
        expect(message === null || typeof message.text === 'string').toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('mutated real messages never throw', async () => {
    const seeds = await Promise.all([
      readFile(casePath('006-html-only-body', 'alt-html-only.eml')),
      readFile(casePath('004-header-encoded-word-split', 'message.eml')),
      readFile(corpusPath('eml', 'postal-mime_mimetorture.eml')),
    ]);
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
        maxLength: 20,
      }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ seed, edits }) => {
        const bytes = Array.from(seeds[seed] ?? Buffer.alloc(0));
        for (const [position, value, kind] of edits) {
          const at = bytes.length === 0 ? 0 : position % bytes.length;
          if (kind === 'set') {
            bytes[at] = value;
          } else if (kind === 'insert') {
            bytes.splice(at, 0, value);
          } else {
            bytes.splice(at, 1);
          }
        }
        const message = await parseMessage(Buffer.from(bytes), context, []);
        expect(message === null || typeof message.subject === 'string').toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
