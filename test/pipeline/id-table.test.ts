import { describe, expect, test } from 'vitest';
import { ByteColumn, hashString, hexWords, IdTable, Int32Column, NumberColumn, StringColumn } from '../../src/pipeline/id-table.js';

describe('IdTable', () => {
  test('numbers keys in insertion order', () => {
    const table = new IdTable(3);
    expect(table.add(hashString('a', 3))).toBe(0);
    expect(table.add(hashString('b', 3))).toBe(1);
    expect(table.add(hashString('a', 3))).toBe(0);
    expect(table.size).toBe(2);
  });

  test('missing key is -1', () => {
    const table = new IdTable(3);
    table.add(hashString('a', 3));
    expect(table.find(hashString('b', 3))).toBe(-1);
  });

  test('keys survive growth', () => {
    const table = new IdTable(4);
    const keys = Array.from({ length: 5000 }, (_, index) => hashString(`key-${index}`, 4));
    for (const [index, key] of keys.entries()) expect(table.add(key)).toBe(index);
    for (const [index, key] of keys.entries()) expect(table.find(key)).toBe(index);
    expect(table.size).toBe(5000);
  });

  test('keys survive chunked growth', () => {
    const table = new IdTable(3);
    const keys = Array.from({ length: 40_000 }, (_, index) => hashString(`key-${index}`, 3));
    for (const [index, key] of keys.entries()) expect(table.add(key)).toBe(index);
    expect(keys.every((key, index) => table.find(key) === index)).toBe(true);
    expect(table.find(hashString('key-40000', 3))).toBe(-1);
  });

  test('keys differing in the last word differ', () => {
    const table = new IdTable(2);
    table.add(Uint32Array.of(7, 1));
    expect(table.find(Uint32Array.of(7, 2))).toBe(-1);
    expect(table.add(Uint32Array.of(7, 2))).toBe(1);
  });
});

describe('typed columns', () => {
  test('values survive chunked growth', () => {
    const numbers = new NumberColumn();
    const integers = new Int32Column();
    const bytes = new ByteColumn();
    for (let index = 0; index < 40_000; index += 1) {
      numbers.push(index + 0.5);
      integers.push(-index);
      bytes.push(index % 256);
    }
    expect(numbers.length).toBe(40_000);
    expect([numbers.get(0), numbers.get(16_384), numbers.get(39_999)]).toEqual([0.5, 16_384.5, 39_999.5]);
    expect([integers.get(1), integers.get(32_768), integers.get(39_999)]).toEqual([-1, -32_768, -39_999]);
    expect([bytes.get(255), bytes.get(16_640), bytes.get(39_999)]).toEqual([255, 0, 39_999 % 256]);
  });

  test('set changes an entry', () => {
    const integers = new Int32Column();
    for (let index = 0; index < 20_000; index += 1) integers.push(index);
    integers.set(19_000, 7);
    expect(integers.get(19_000)).toBe(7);
  });

  test('reads past the capacity give the missing value', () => {
    expect(new NumberColumn().get(1_000_000)).toBeNaN();
    expect(new Int32Column().get(1_000_000)).toBe(0);
  });
});

describe('hexWords', () => {
  test('reads 32 hex digits as 4 words', () => {
    expect([...hexWords('0000000100000002ffffffff0000000a', 4)]).toEqual([1, 2, 0xffffffff, 10]);
  });
});

describe('hashString', () => {
  test('strings differing only in a lone surrogate differ', () => {
    expect([...hashString('a\ud800', 3)]).not.toEqual([...hashString('a\ud801', 3)]);
  });
});

describe('StringColumn', () => {
  test('round-trips every kind of string', () => {
    const values = ['', 'plain@x.example', 'café', 'élan\u00ff', '日本@例え.jp', 'lone \ud800 surrogate', '😀'];
    const column = new StringColumn();
    for (const value of values) column.push(value);
    expect(values.map((_, index) => column.get(index))).toEqual(values);
    expect(column.length).toBe(values.length);
  });

  test('strings survive growth', () => {
    const column = new StringColumn();
    const values = Array.from({ length: 3000 }, (_, index) => `<${index}.${'x'.repeat(index % 90)}@host>`);
    for (const value of values) column.push(value);
    expect(values.every((value, index) => column.get(index) === value)).toBe(true);
  });
});

describe('hashString', () => {
  test('SHA-1 words of UTF-16 units', async () => {
    const { createHash } = await import('node:crypto');
    for (const value of ['', 'id:<a@b.example>', 'gm:123', 'caf\u00e9 \ud83d\ude00', 'lone \ud800 surrogate']) {
      const digest = createHash('sha1').update(value, 'utf16le').digest();
      expect([...hashString(value, 5)]).toEqual([0, 1, 2, 3, 4].map((word) => digest.readUInt32LE(word * 4)));
    }
  });
});
