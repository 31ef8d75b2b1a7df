import { describe, expect, test } from 'vitest';
import { assignThreads, messageKey, ThreadIndex } from '../../src/pipeline/threads.js';
import type { MessageSummary } from '../../src/types.js';
import { summary } from './build.js';

describe('assignThreads', () => {
  test('reply joins its parent thread', () => {
    const root = summary({ id: 'b-root@x' });
    const reply = summary({ id: 'a-reply@x', inReplyTo: 'b-root@x' });
    const threads = assignThreads([root, reply]);
    expect(threads.get(messageKey(root))).toBe('a-reply@x');
    expect(threads.get(messageKey(reply))).toBe('a-reply@x');
  });

  test('references link messages whose parent is missing', () => {
    const first = summary({ id: 'one@x', references: ['lost@x'] });
    const second = summary({ id: 'two@x', references: ['lost@x', 'one@x'] });
    const threads = assignThreads([first, second]);
    expect(threads.get(messageKey(first))).toBe(threads.get(messageKey(second)));
  });

  test('gmail thread id joins messages without references', () => {
    const first = summary({ id: 'g1@x', gmailThreadId: '123' });
    const second = summary({ id: 'g2@x', gmailThreadId: '123' });
    const other = summary({ id: 'g3@x', gmailThreadId: '456' });
    const threads = assignThreads([first, second, other]);
    expect(threads.get(messageKey(first))).toBe(threads.get(messageKey(second)));
    expect(threads.get(messageKey(other))).not.toBe(threads.get(messageKey(first)));
  });

  test('reply loop terminates', () => {
    const first = summary({ id: 'loop-1@x', inReplyTo: 'loop-2@x' });
    const second = summary({ id: 'loop-2@x', inReplyTo: 'loop-1@x' });
    const threads = assignThreads([first, second]);
    expect(threads.get(messageKey(first))).toBe('loop-1@x');
    expect(threads.get(messageKey(second))).toBe('loop-1@x');
  });

  test('thread ids do not depend on input order', () => {
    const a = summary({ id: 'p@x' });
    const b = summary({ id: 'q@x', inReplyTo: 'p@x' });
    const c = summary({ id: 'r@x', references: ['q@x'] });
    const forward = assignThreads([a, b, c]);
    const backward = assignThreads([c, b, a]);
    for (const message of [a, b, c]) {
      expect(backward.get(messageKey(message))).toBe(forward.get(messageKey(message)));
    }
  });
});

/** Names each message's thread the slow way: the smallest key of its connected keys. */
function referenceThreads(messages: MessageSummary[]): string[] {
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!links.has(from)) links.set(from, new Set());
      links.get(from)?.add(to);
    }
  };
  for (const message of messages) {
    const own = `id:${message.id}`;
    link(own, own);
    if (message.inReplyTo) link(own, `id:${message.inReplyTo}`);
    for (const reference of message.references) link(own, `id:${reference}`);
    if (message.gmailThreadId) link(own, `gm:${message.gmailThreadId}`);
  }
  return messages.map((message) => {
    const seen = new Set([`id:${message.id}`]);
    const queue = [...seen];
    while (queue.length > 0) {
      for (const next of links.get(queue.pop() as string) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    const smallest = [...seen].reduce((a, b) => (b < a ? b : a));
    return smallest.startsWith('id:') ? smallest.slice(3) : smallest;
  });
}

describe('ThreadIndex', () => {
  test('matches the smallest connected key', () => {
    // Ids drawn from a small range, so replies and references join many threads.
    let state = 7;
    const random = (limit: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % limit;
    };
    const messages = Array.from({ length: 1500 }, (_, index) =>
      summary({
        id: `k${random(10000)}@x`,
        inReplyTo: random(3) === 0 ? `k${random(10000)}@x` : null,
        references: Array.from({ length: random(3) }, () => `k${random(10000)}@x`),
        gmailThreadId: random(20) === 0 ? String(random(50)) : null,
      }),
    );
    const index = new ThreadIndex();
    for (const message of messages) index.add(message);
    const expected = referenceThreads(messages);
    expect(messages.map((message) => index.threadOf(message))).toEqual(expected);
    expect(new Set(expected).size).toBeLessThan(messages.length / 2);
    // Naming every thread in one pass gives the same names.
    const keyed = index.threadsOf(messages.map((message, position) => ({ ...message, index: position })));
    expect(messages.map((message, position) => keyed.get(messageKey({ ...message, index: position })))).toEqual(expected);
    index.close();
  });

  test('gmail thread id names the thread', () => {
    const index = new ThreadIndex();
    const message = summary({ id: 'z@x', gmailThreadId: '123' });
    index.add(message);
    expect(index.threadOf(message)).toBe('gm:123');
    index.close();
  });

  test('unknown message is its own thread', () => {
    const index = new ThreadIndex();
    expect(index.threadOf({ id: 'never-added@x' })).toBe('never-added@x');
    index.close();
  });

  test('closed index rejects add and lookup', () => {
    const index = new ThreadIndex();
    const reply = summary({ id: 'b@x', inReplyTo: 'a@x' });
    index.add(reply);
    expect(index.threadOf(reply)).toBe('a@x');
    index.close();
    expect(() => index.threadOf(reply)).toThrow(/closed/);
    expect(() => index.add(summary({ id: 'c@x' }))).toThrow(/closed/);
    // The audit closes the index after grouping and again at the end.
    expect(() => index.close()).not.toThrow();
  });
});
