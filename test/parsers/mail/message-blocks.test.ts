// Messages written into shared blocks. A block is reused only once all of its
// messages are released, and a message larger than a block gets a buffer of
// its own. The mbox scanner returns the same messages with tiny blocks, cut at
// every offset, as with the whole input read at once.
import { describe, expect, it } from 'vitest';
import { MessageBlocks } from '../../../src/parsers/message-blocks.js';
import { splitMbox, type RawMessage } from '../../../src/parsers/mbox.js';
import type { Problem } from '../../../src/types.js';
import { splitBytes } from './helpers.js';

/** Writes `text` as one message and returns its bytes and block. */
function write(blocks: MessageBlocks, text: string) {
  const room = blocks.reserve(text.length);
  room.write(text, 'latin1');
  return { raw: room, block: blocks.commit(text.length) };
}

describe('MessageBlocks', () => {
  it('writes messages one after another', () => {
    const blocks = new MessageBlocks(16);
    const first = write(blocks, 'abcde');
    const second = write(blocks, 'fghij');
    expect(first.block).not.toBeNull();
    expect(second.block).toBe(first.block);
    expect(second.raw.byteOffset).toBe(first.raw.byteOffset + 5);
    expect(first.block?.pendingMessages).toBe(2);
    expect(blocks.allocated).toBe(1);
  });

  it('fills a block, then opens another', () => {
    const blocks = new MessageBlocks(10);
    const first = write(blocks, '1234');
    const exact = write(blocks, '567890');
    expect(exact.block).toBe(first.block);
    const next = write(blocks, 'x');
    expect(next.block).not.toBe(first.block);
    expect(blocks.allocated).toBe(2);
    expect([first.raw.toString(), exact.raw.toString(), next.raw.toString()]).toEqual(['1234', '567890', 'x']);
  });

  it('reuses a sealed, released block', () => {
    const blocks = new MessageBlocks(8);
    const a = write(blocks, 'aaaa');
    const b = write(blocks, 'bbbb');
    a.block?.release();
    expect(blocks.spareBlocks).toBe(0);
    // The next message opens a second block and seals the first, which still holds b.
    const c = write(blocks, 'cccccc');
    expect(blocks.spareBlocks).toBe(0);
    expect(b.raw.toString()).toBe('bbbb');
    b.block?.release();
    expect(blocks.spareBlocks).toBe(1);
    // A late or repeated release changes nothing once the block is back.
    b.block?.release();
    expect(blocks.spareBlocks).toBe(1);
    const d = write(blocks, 'dddd');
    expect(blocks.allocated).toBe(2);
    expect(d.block).not.toBe(c.block);
    expect(d.raw.buffer).toBe(a.raw.buffer);
    expect(c.raw.toString()).toBe('cccccc');
  });

  it('uncommitted message takes no room', () => {
    const blocks = new MessageBlocks(8);
    blocks.reserve(6).fill(0x2d);
    const kept = write(blocks, 'keep');
    expect(kept.raw.byteOffset).toBe(0);
    expect(kept.block?.pendingMessages).toBe(1);
  });

  it('keeps only the committed length', () => {
    const blocks = new MessageBlocks(16);
    const room = blocks.reserve(6);
    room.write('abcdef', 'latin1');
    blocks.commit(4);
    const next = write(blocks, 'xy');
    expect(next.raw.byteOffset - room.byteOffset).toBe(4);
    expect(room.subarray(0, 4).toString()).toBe('abcd');
  });

  it('oversized message gets own buffer', () => {
    const blocks = new MessageBlocks(8);
    const small = write(blocks, 'abc');
    const large = write(blocks, 'a message of twenty');
    expect(large.block).toBeNull();
    expect(large.raw.toString()).toBe('a message of twenty');
    expect(large.raw.buffer).not.toBe(small.raw.buffer);
    // The block in use stays open for the next small message.
    expect(write(blocks, 'de').block).toBe(small.block);
  });

  it('close returns the last block', () => {
    const blocks = new MessageBlocks(8);
    const only = write(blocks, 'abc');
    blocks.close();
    expect(blocks.spareBlocks).toBe(0);
    only.block?.release();
    expect(blocks.spareBlocks).toBe(1);
  });
});

const MAILBOX = Buffer.from(
  [
    'From a@example.com Mon Sep 14 09:00:00 2026\n',
    'From: a@example.com\nSubject: one\n\nHello\n>From the start\n\n',
    'From b@example.com Mon Sep 14 09:01:00 2026\n',
    'From: b@example.com\nSubject: two, longer than one block of the small pool\n\n',
    'A body line that is long enough to need a buffer of its own in a pool of 96-byte blocks.\n\n',
    'From c@example.com Mon Sep 14 09:02:00 2026\r\n',
    'From: c@example.com\r\nSubject: three\r\n\r\nshort\r\n\r\n',
    'From d@example.com Mon Sep 14 09:03:00 2026\n',
    'From: d@example.com\nContent-Length: 6\n\nFrom x\n\n',
    'From e@example.com Mon Sep 14 09:04:00 2026\n',
    'From: e@example.com\n\nlast',
  ].join(''),
  'latin1',
);

async function* pieces(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const end of [...cuts, bytes.length]) {
    if (end > start) yield bytes.subarray(start, end);
    start = Math.max(start, end);
  }
}

/** Splits with small blocks, releasing each message `hold` messages after it was read, and checks it was intact until then. */
async function splitReleasing(bytes: Buffer, cuts: number[], blockBytes: number, hold: number): Promise<string[]> {
  const problems: Problem[] = [];
  const blocks = new MessageBlocks(blockBytes);
  const held: Array<{ raw: RawMessage; text: string }> = [];
  const texts: string[] = [];
  const releaseOldest = (): void => {
    const oldest = held.shift();
    if (oldest === undefined) return;
    expect(oldest.raw.raw.toString('latin1')).toBe(oldest.text);
    oldest.raw.block?.release();
  };
  for await (const raw of splitMbox(pieces(bytes, cuts), 'test.mbox', problems, blocks)) {
    const text = raw.raw.toString('latin1');
    texts.push(text);
    held.push({ raw, text });
    while (held.length > hold) releaseOldest();
  }
  while (held.length > 0) releaseOldest();
  return texts;
}

describe('splitMbox into small blocks', () => {
  it('same messages at every cut', async () => {
    const whole = (await splitBytes(MAILBOX)).raws.map((raw) => raw.raw.toString('latin1'));
    expect(whole).toHaveLength(5);
    expect(whole[1]?.length).toBeGreaterThan(96);
    for (const hold of [0, 1, 3]) {
      for (let cut = 0; cut <= MAILBOX.length; cut += 1) {
        expect(await splitReleasing(MAILBOX, [cut], 96, hold), `cut at ${cut}, ${hold} held`).toEqual(whole);
      }
    }
  });

  it('same messages with two cuts', async () => {
    const whole = (await splitBytes(MAILBOX)).raws.map((raw) => raw.raw.toString('latin1'));
    for (let first = 1; first < MAILBOX.length; first += 5) {
      for (let second = first + 1; second < Math.min(MAILBOX.length, first + 40); second += 3) {
        expect(await splitReleasing(MAILBOX, [first, second], 128, 1), `cuts at ${first}, ${second}`).toEqual(whole);
      }
    }
  });

  it('reuses blocks of released messages', async () => {
    const one = 'From a@example.com Mon Sep 14 09:00:00 2026\nFrom: a@example.com\nSubject: one\n\nHello\n\n';
    const many = Buffer.from(one.repeat(1000), 'latin1');
    const blocks = new MessageBlocks(1024);
    // The scanner reads 64 KB (SNIFF_BYTES) before its first message, and writes every
    // message of a chunk before the first is read. So chunks stay small, and blocks
    // are counted once that start is over.
    const cuts = Array.from({ length: Math.ceil(many.length / 300) }, (_, i) => i * 300);
    let count = 0;
    let allocatedEarly = 0;
    for await (const raw of splitMbox(pieces(many, cuts), 'test.mbox', [], blocks)) {
      count += 1;
      if (count === 200) allocatedEarly = blocks.allocated;
      raw.block?.release();
    }
    expect(count).toBe(1000);
    expect(allocatedEarly).toBeGreaterThan(0);
    expect(blocks.allocated).toBe(allocatedEarly);
  });
});
