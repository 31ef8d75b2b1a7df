// The mbox scanner copies what it keeps out of each chunk, so a reader may hand it the
// same buffer every time. These checks feed it through one buffer that is overwritten
// with junk as soon as the scanner requests the next chunk, and compare the messages
// with those of the whole file read at once.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKIP_ATTACHMENTS_AFTER_BYTES } from '../../../src/parsers/attachment-skipper.js';
import { readRawMail } from '../../../src/parsers/mail-sources.js';
import { splitMbox, type RawMessage } from '../../../src/parsers/mbox.js';
import type { Problem } from '../../../src/types.js';
import { corpusPath } from '../../helpers/paths.js';
import { splitBytes } from './helpers.js';

/** Yields `bytes` cut at `cuts`, each piece in the same buffer, overwritten with junk once the next is requested. */
async function* throughOneBuffer(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const shared = Buffer.alloc(Math.max(1, bytes.length));
  let start = 0;
  for (const end of [...cuts.map((cut) => Math.min(cut, bytes.length)), bytes.length]) {
    if (end <= start) continue;
    bytes.copy(shared, 0, start, end);
    yield shared.subarray(0, end - start);
    shared.fill(0x23);
    start = end;
  }
}

async function splitReused(bytes: Buffer, cuts: number[]): Promise<{ raws: RawMessage[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const raws: RawMessage[] = [];
  for await (const raw of splitMbox(throughOneBuffer(bytes, cuts), 'test.mbox', problems)) raws.push(raw);
  return { raws, problems };
}

function summary(run: { raws: RawMessage[]; problems: Problem[] }) {
  return {
    raws: run.raws.map((raw) => [raw.offset, raw.size, raw.index, raw.contentDigest, raw.envelope, raw.raw.toString('latin1')]),
    problems: run.problems,
  };
}

/** Separators, mboxrd escapes, CRLF and a Content-Length body with a "From " line inside. */
const MIXED = Buffer.from(
  [
    'From a@example.com Mon Sep 14 09:00:00 2026\n',
    'From: a@example.com\nSubject: one\n\nHello\n>From the start\n>>From twice\n\n',
    'From b@example.com Mon Sep 14 09:01:00 2026\r\n',
    'From: b@example.com\r\nSubject: two\r\n\r\nBody line\r\nFrom Monday on\r\n\r\n',
    'From c@example.com Mon Sep 14 09:02:00 2026\n',
    'From: c@example.com\nContent-Length: 27\n\nFrom here it is all body.\n\n',
    'From d@example.com Mon Sep 14 09:03:00 2026\n',
    'From: d@example.com\nSubject: last\n\nlast line without newline',
  ].join(''),
  'latin1',
);

describe('splitMbox through one reused buffer', () => {
  it('one cut at every offset', async () => {
    const whole = summary(await splitBytes(MIXED));
    expect(whole.raws).toHaveLength(4);
    for (let cut = 1; cut < MIXED.length; cut += 1) {
      expect(summary(await splitReused(MIXED, [cut])), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('two nearby cuts at every offset', async () => {
    const whole = summary(await splitBytes(MIXED));
    for (let first = 1; first < MIXED.length; first += 3) {
      for (let second = first + 1; second < Math.min(MIXED.length, first + 60); second += 1) {
        expect(summary(await splitReused(MIXED, [first, second])), `cuts at ${first}, ${second}`).toEqual(whole);
      }
    }
  });

  it.each(['thunderbird_movemailspool.mbox', 'thunderbird_mbox_mboxrd.mbox', 'neomutt_fig-mmdf.mbox', 'mimekit_unmunged.mbox', 'thunderbird_bug505221.mbox'])(
    '%s: every cut and chunk size',
    async (file) => {
      const bytes = await readFile(corpusPath('mbox', file));
      const whole = summary(await splitBytes(bytes));
      for (let cut = 1; cut < bytes.length; cut += 1) {
        expect(summary(await splitReused(bytes, [cut])), `cut at ${cut}`).toEqual(whole);
      }
      for (let size = 1; size <= 64; size += 1) {
        const cuts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, index) => (index + 1) * size);
        expect(summary(await splitReused(bytes, cuts)), `chunks of ${size}`).toEqual(whole);
      }
    },
  );

  it('attachment message in 1 MB chunks', async () => {
    const attachment = 'QUJD\n'.repeat(Math.ceil((SKIP_ATTACHMENTS_AFTER_BYTES + 3_000_000) / 5));
    const bytes = Buffer.from(
      'From a@example.com Mon Sep 14 09:00:00 2026\nFrom: a@example.com\nContent-Type: multipart/mixed; boundary="B"\n\n' +
        '--B\nContent-Type: text/plain\n\nfirst text\n' +
        `--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n${attachment}` +
        '--B\nContent-Type: text/plain\n\ntext after the attachment\n--B--\n\n' +
        'From b@example.com Mon Sep 14 09:01:00 2026\nFrom: b@example.com\n\nsecond\n',
      'latin1',
    );
    const whole = summary(await splitBytes(bytes));
    const chunk = 1024 * 1024;
    const cuts = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, index) => (index + 1) * chunk - 7);
    const reused = summary(await splitReused(bytes, cuts));
    expect(reused).toEqual(whole);
    expect(whole.raws[0]?.[3]).not.toBeNull();
    expect(String(whole.raws[0]?.[5])).toContain('text after the attachment');
  });
});

describe('readRawMail on a file larger than one read', () => {
  it('same messages as a whole split', async () => {
    const mailbox = await readFile(corpusPath('mbox', 'gmail-takeout_jayway98_all-mail.mbox'));
    const bytes = Buffer.concat(Array.from({ length: 30 }, () => mailbox));
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-reuse-'));
    const file = path.join(folder, 'big.mbox');
    await writeFile(file, bytes);
    const whole = await splitBytes(bytes);
    const { items } = readRawMail({ kind: 'mbox', path: file }, []);
    const read: Array<[number | null, string]> = [];
    for await (const item of items) read.push([item.context.offset ?? null, item.raw.toString('latin1')]);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(read).toEqual(whole.raws.map((raw) => [raw.offset, raw.raw.toString('latin1')]));
  });
});
