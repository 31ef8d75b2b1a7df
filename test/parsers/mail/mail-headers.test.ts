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

// Fields neither read nor requested are skipped with their continuation lines,
// so a folded Received line cannot run into the next wanted field.
describe('parseHeaderBlock skipped fields', () => {
  const block =
    'Received: from a.example\n\tby b.example; Mon, 2 Nov 2026 08:00:00 +0100\nSubject: Renewal\n' +
    ' of the contract\nX-Mailer: Mail 1.0\n  (build 7)\nno colon here\n continued after a bad line\nX-Other: skipped\n folded\n';

  test('kept fields unfolded', () => {
    const parsed = parseHeaderBlock(Buffer.from(block, 'utf8'), new Set(['x-mailer']));
    expect(parsed.subject).toBe('Renewal of the contract');
    expect([...parsed.fields]).toEqual([['x-mailer', 'Mail 1.0 (build 7) continued after a bad line']]);
  });

  test('blank runs become one space', () => {
    const parsed = parseHeaderBlock(Buffer.from('X-Mailer: a\t b  c d\n', 'utf8'), new Set(['x-mailer']));
    expect(parsed.fields.get('x-mailer')).toBe('a b c d');
  });

  test('indented first line read as field', () => {
    const parsed = parseHeaderBlock(Buffer.from(' Subject: indented\nTo: a@x.example\n', 'utf8'), new Set());
    expect(parsed.subject).toBe('indented');
    expect(parsed.to).toEqual([{ address: 'a@x.example', name: '' }]);
  });
});
