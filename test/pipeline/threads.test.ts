import { describe, expect, test } from 'vitest';
import { assignThreads, messageKey } from '../../src/pipeline/threads.js';
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
