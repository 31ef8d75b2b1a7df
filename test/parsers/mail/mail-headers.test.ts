// parseHeaderBlock reads address fields through a cache of parsed values:
// a repeated value gives the same addresses, as fresh objects each time.
import { describe, expect, test } from 'vitest';
import { parseHeaderBlock } from '../../../src/parsers/mail-headers.js';

function headers(text: string) {
  return parseHeaderBlock(Buffer.from(text, 'utf8'), new Set());
}

describe('parseHeaderBlock addresses', () => {
  test('repeated value parsed alike', () => {
    const block = 'From: Anna Keller <Anna.Keller@northwind.example>\nTo: claire@vendor.example, Bob <bob@vendor.example>\n';
    const first = headers(block);
    const second = headers(block);
    expect(first.from).toEqual({ address: 'anna.keller@northwind.example', name: 'Anna Keller' });
    expect(second.from).toEqual(first.from);
    expect(second.to).toEqual([
      { address: 'claire@vendor.example', name: '' },
      { address: 'bob@vendor.example', name: 'Bob' },
    ]);
  });

  test('cached addresses are fresh objects', () => {
    const block = 'From: Lucas <lucas@contoso.example>\n';
    const parsed = headers(block);
    const cached = headers(block);
    if (parsed.from !== null) parsed.from.name = 'changed';
    if (cached.from !== null) cached.from.name = 'changed';
    expect(headers(block).from).toEqual({ address: 'lucas@contoso.example', name: 'Lucas' });
  });

  test('repeated field lines kept apart', () => {
    const joined = headers('To: a@x.example, b@x.example\n');
    const repeated = headers('To: a@x.example\nTo: b@x.example\n');
    expect(repeated.to.map((address) => address.address)).toEqual(['a@x.example', 'b@x.example']);
    expect(joined.to.map((address) => address.address)).toEqual(['a@x.example', 'b@x.example']);
  });

  test('encoded name decoded on a hit', () => {
    const block = 'From: =?utf-8?q?Ren=C3=A9e?= <renee@contoso.example>\n';
    expect(headers(block).from?.name).toBe('Renée');
    expect(headers(block).from?.name).toBe('Renée');
  });
});
