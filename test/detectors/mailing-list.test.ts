// authorOf and listAddressOf: discussion lists that rewrite From to their own
// address keep the author in Reply-To.
import { describe, expect, test } from 'vitest';
import { authorOf, classifyMessage, listAddressOf } from '../../src/detectors/index.js';
import type { MailMessage } from '../../src/types.js';
import { makeMessage } from './message.js';

const LIST = 'users@lists.vendor.example';

function listPost(fields: Partial<MailMessage>): MailMessage {
  return {
    ...makeMessage({ subject: '[Users] Planning to buy', text: 'We are planning to buy two units.', headers: { 'list-post': `<mailto:${LIST}>`, 'list-id': `<users.lists.vendor.example>` } }),
    from: { address: LIST, name: 'Anna Keller via Users' },
    to: [{ address: LIST, name: '' }],
    ...fields,
  };
}

describe('listAddressOf', () => {
  test('List-Post address', () => {
    expect(listAddressOf(listPost({}))).toBe(LIST);
  });

  test('List-Id with a via name', () => {
    const message = listPost({ headers: { 'list-id': '<users.lists.vendor.example>' } });
    expect(listAddressOf(message)).toBe(LIST);
  });

  test('List-Id alone on a person', () => {
    const message = listPost({ headers: { 'list-id': '<users.lists.vendor.example>' }, from: { address: 'anna@northwind.example', name: 'Anna Keller' } });
    expect(listAddressOf(message)).toBeNull();
  });

  test('newsletter List-Post NO', () => {
    expect(listAddressOf(listPost({ headers: { 'list-post': 'NO' } }))).toBeNull();
  });
});

describe('authorOf', () => {
  test('rewritten From gives Reply-To', () => {
    const message = listPost({ replyTo: [{ address: 'anna@northwind.example', name: 'Anna Keller' }] });
    expect(authorOf(message)).toEqual({ address: 'anna@northwind.example', name: 'Anna Keller' });
  });

  test('nameless Reply-To keeps the name before via', () => {
    const message = listPost({ replyTo: [{ address: 'anna@northwind.example', name: '' }] });
    expect(authorOf(message)).toEqual({ address: 'anna@northwind.example', name: 'Anna Keller' });
  });

  test('Reply-To to the list is skipped', () => {
    const message = listPost({ replyTo: [{ address: LIST, name: '' }, { address: 'anna@northwind.example', name: 'Anna' }] });
    expect(authorOf(message)?.address).toBe('anna@northwind.example');
  });

  test('post by a person keeps From', () => {
    const from = { address: 'bob@globex.example', name: 'Bob' };
    const message = listPost({ from, replyTo: [{ address: 'other@globex.example', name: '' }] });
    expect(authorOf(message)).toEqual(from);
  });

  test('rewritten From without Reply-To keeps the list', () => {
    expect(authorOf(listPost({}))?.address).toBe(LIST);
  });

  test('no-reply author makes the post bulk', () => {
    const message = listPost({ replyTo: [{ address: 'no-reply@vendor.example', name: '' }] });
    expect(classifyMessage(message).kind).toBe('bulk');
  });
});
