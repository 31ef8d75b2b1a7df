import { describe, expect, test } from 'vitest';
import { groupOpportunities, toSignalMessage } from '../../src/pipeline/opportunities.js';
import { detectOwners } from '../../src/pipeline/owners.js';
import { assignThreads } from '../../src/pipeline/threads.js';
import type { MessageSummary } from '../../src/types.js';
import { hit, summary } from './build.js';

function group(messages: MessageSummary[]) {
  const owners = detectOwners(messages, ['claire@vendor.example']);
  return groupOpportunities(messages, assignThreads(messages), owners);
}

describe('groupOpportunities', () => {
  test('one opportunity per thread account and category', () => {
    const first = summary({ id: 't1@x', hits: [hit()], date: '2026-10-01T09:00:00.000Z' });
    const second = summary({
      id: 't2@x',
      inReplyTo: 't1@x',
      hits: [hit({ snippet: 'Make it 20 users.', quantity: 20 })],
      date: '2026-10-03T09:00:00.000Z',
    });
    const { opportunities } = group([first, second]);
    expect(opportunities).toHaveLength(1);
    expect(opportunities[0]?.evidence.map((item) => item.messageId)).toEqual(['t1@x', 't2@x']);
    expect(opportunities[0]?.firstSeen).toBe('2026-10-01T09:00:00.000Z');
    expect(opportunities[0]?.lastSeen).toBe('2026-10-03T09:00:00.000Z');
    expect(opportunities[0]?.quantity).toBe(15);
  });

  test('two categories in one message give two opportunities', () => {
    const message = summary({ hits: [hit(), hit({ category: 'closing', ruleId: 'en.closing.quote' })] });
    const { opportunities } = group([message]);
    expect(opportunities.map((item) => item.category)).toEqual(['expansion', 'closing']);
  });

  test('owner and colleague messages create no opportunity', () => {
    const pitch = summary({ from: 'claire@vendor.example', to: ['anna@northwind.example'], hits: [hit()] });
    const colleague = summary({ from: 'hugo@vendor.example', to: ['claire@vendor.example'], hits: [hit()] });
    const result = group([pitch, colleague]);
    expect(result.opportunities).toHaveLength(0);
    expect(result.ownerSideMessages).toBe(2);
  });

  test('free-mail senders are accounts of their own', () => {
    const a = summary({ from: 'one@gmail.com', hits: [hit()] });
    const b = summary({ from: 'two@gmail.com', hits: [hit()] });
    const { opportunities } = group([a, b]);
    expect(opportunities.map((item) => item.accountKey).sort()).toEqual(['one@gmail.com', 'two@gmail.com']);
    expect(opportunities.every((item) => item.domain === null)).toBe(true);
  });

  test('subdomain senders share their company account', () => {
    const a = summary({ id: 's1@x', from: 'anna@eu.northwind.example', hits: [hit()] });
    const b = summary({ id: 's2@x', inReplyTo: 's1@x', from: 'bob@northwind.example', hits: [hit()] });
    const { opportunities } = group([a, b]);
    expect(opportunities).toHaveLength(1);
    expect(opportunities[0]?.contacts).toEqual(['anna@eu.northwind.example', 'bob@northwind.example']);
  });

  test('ids are stable across runs', () => {
    const make = () => [summary({ id: 'fixed@x', hits: [hit()] })];
    expect(group(make()).opportunities[0]?.id).toBe(group(make()).opportunities[0]?.id);
  });
});

describe('toSignalMessage', () => {
  const messages = [
    summary({ id: 's1@x', hits: [hit({ confidence: 0.5 }), hit({ confidence: 0.9, ruleId: 'en.expansion.b' })] }),
    summary({
      id: 's2@x',
      inReplyTo: 's1@x',
      references: ['s1@x'],
      hits: [hit({ category: 'closing', ruleId: 'en.closing.quote' }), hit({ quantity: 40 })],
    }),
    summary({ id: 's3@x', from: 'claire@vendor.example', hits: [hit()] }),
  ];

  test('keeps the best hit per category', () => {
    const trimmed = toSignalMessage(messages[0]!);
    expect(trimmed.hits.map((item) => item.ruleId)).toEqual(['en.expansion.b']);
  });

  test('grouping gives the same opportunities', () => {
    const owners = detectOwners(messages, ['claire@vendor.example']);
    const threads = assignThreads(messages);
    const full = groupOpportunities(messages, threads, owners);
    const trimmed = groupOpportunities(messages.map(toSignalMessage), threads, owners);
    expect(trimmed).toEqual(full);
    expect(full.opportunities.length).toBe(2);
  });
});
