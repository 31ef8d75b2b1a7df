// Compact per-message storage for the main thread. A JavaScript Map of string
// keys costs 150-250 bytes per entry on V8, and a mailbox of a million
// messages keeps several such entries per message until the report is built.
// These structures keep fixed-size numbers in typed arrays instead.
import crypto, { createHash } from 'node:crypto';

/** Slots per key kept free at least: linear probing stays short below a load of 1/2. */
const MAX_LOAD = 0.5;

const INITIAL_CAPACITY = 1024;

/**
 * Maps fixed-size keys of `words` 32-bit words to dense numbers 0, 1, 2...
 * in insertion order. Keys must already be uniformly distributed (hashes),
 * because the first word picks the slot.
 */
export class IdTable {
  private slots = new Int32Array(INITIAL_CAPACITY * 2).fill(-1);
  private keys: Uint32Array;
  private count = 0;

  constructor(private readonly words: number) {
    this.keys = new Uint32Array(INITIAL_CAPACITY * words);
  }

  get size(): number {
    return this.count;
  }

  /** Returns the number of `key`, or -1 when it was never added. */
  find(key: Uint32Array): number {
    const mask = this.slots.length - 1;
    for (let slot = (key[0] ?? 0) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] ?? -1;
      if (id < 0 || this.matches(id, key)) return id;
    }
  }

  /** Returns the number of `key`, adding it first when it is new. */
  add(key: Uint32Array): number {
    const found = this.find(key);
    if (found >= 0) return found;
    if (this.count + 1 > this.slots.length * MAX_LOAD) this.growSlots();
    if ((this.count + 1) * this.words > this.keys.length) this.keys = grow(this.keys, this.keys.length * 2);
    const id = this.count;
    this.count += 1;
    this.keys.set(key.subarray(0, this.words), id * this.words);
    this.place(id);
    return id;
  }

  private matches(id: number, key: Uint32Array): boolean {
    const start = id * this.words;
    for (let word = 0; word < this.words; word += 1) {
      if (this.keys[start + word] !== key[word]) return false;
    }
    return true;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = (this.keys[id * this.words] ?? 0) & mask;
    while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = id;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let id = 0; id < this.count; id += 1) this.place(id);
  }
}

/** A growable column of one typed-array kind, indexed like an array; `missing` is read past the end. */
class TypedColumn<T extends Float64Array | Int32Array> {
  private count = 0;

  constructor(
    private values: T,
    private readonly missing: number,
  ) {}

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.values.length) this.values = grow(this.values, this.values.length * 2);
    this.values[this.count] = value;
    this.count += 1;
  }

  get(index: number): number {
    return this.values[index] ?? this.missing;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }
}

/** A growable column of numbers, indexed like an array. */
export class NumberColumn extends TypedColumn<Float64Array> {
  constructor() {
    super(new Float64Array(INITIAL_CAPACITY), Number.NaN);
  }
}

/** A growable column of 32-bit integers, indexed like an array. It takes half the bytes of a NumberColumn. */
export class Int32Column extends TypedColumn<Int32Array> {
  constructor() {
    super(new Int32Array(INITIAL_CAPACITY), 0);
  }
}

/** A growable column of strings stored as bytes, latin1 when every code unit fits, else UTF-16. */
export class StringColumn {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  /** Byte offset of each string; negative (bitwise not) for UTF-16. */
  private readonly starts = new NumberColumn();
  private readonly ends = new NumberColumn();

  get length(): number {
    return this.starts.length;
  }

  push(value: string): void {
    const isLatin1 = !NOT_LATIN1.test(value);
    const needed = isLatin1 ? value.length : value.length * 2;
    if (this.used + needed > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + needed));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    // Both encodings copy code units as they are, so lone surrogates round-trip too.
    this.bytes.write(value, this.used, isLatin1 ? 'latin1' : 'utf16le');
    this.starts.push(isLatin1 ? this.used : ~this.used);
    this.used += needed;
    this.ends.push(this.used);
  }

  get(index: number): string {
    const start = this.starts.get(index);
    const end = this.ends.get(index);
    return start >= 0 ? this.bytes.toString('latin1', start, end) : this.bytes.toString('utf16le', ~start, end);
  }
}

const NOT_LATIN1 = /[^\u0000-\u00ff]/;

/** Assigns small numbers to repeated strings (paths, kinds, reasons, addresses). */
export class StringTable {
  private readonly numbers = new Map<string, number>();
  private readonly values: string[] = [];

  add(value: string): number {
    const known = this.numbers.get(value);
    if (known !== undefined) return known;
    const number = this.values.length;
    this.numbers.set(value, number);
    this.values.push(value);
    return number;
  }

  get(number: number): string {
    return this.values[number] ?? '';
  }
}

/**
 * Hashes a string to `words` 32-bit words (at most 5) of its SHA-1 digest. With
 * 3 words (96 bits), two of a billion distinct strings share a hash with a
 * probability of about 6e-12.
 */
export function hashString(value: string, words: number): Uint32Array {
  const digest = sha1(Buffer.from(value, 'utf16le'));
  const key = new Uint32Array(words);
  for (let word = 0; word < words; word += 1) key[word] = digest.readUInt32LE(word * 4);
  return key;
}

/**
 * Computes the SHA-1 of `bytes`. The thread index hashes several keys per message, so the
 * one-shot crypto.hash of Node 20.12 and later is used when present: about 1.0 µs per key
 * against 1.6 µs with a Hash object, in one micro-benchmark (an estimate).
 */
const sha1: (bytes: Buffer) => Buffer =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha1', bytes, 'buffer')
    : (bytes) => createHash('sha1').update(bytes).digest();

/** Reads a hex string of at least 8 * `words` digits as `words` 32-bit words. */
export function hexWords(hex: string, words: number): Uint32Array {
  const key = new Uint32Array(words);
  for (let word = 0; word < words; word += 1) key[word] = Number.parseInt(hex.slice(word * 8, word * 8 + 8), 16);
  return key;
}

function grow<T extends Float64Array | Int32Array | Uint32Array>(values: T, length: number): T {
  const bigger = new (values.constructor as new (length: number) => T)(length);
  bigger.set(values);
  return bigger;
}
