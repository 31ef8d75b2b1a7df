// Compact per-message storage for the main thread. A JavaScript Map of string
// keys costs 150-250 bytes per entry on V8, and a mailbox of a million
// messages keeps several such entries per message until the report is built.
// These structures keep fixed-size numbers in typed arrays instead.
import crypto, { createHash } from 'node:crypto';

/**
 * Largest share of slots in use. By Knuth's estimates for linear probing, a load
 * of 3/4 takes about 2.5 probes to find a key and 8.5 to miss one, against 1.5
 * and 2.5 at 1/2, and the slots take half the memory.
 */
const MAX_LOAD = 0.75;

const INITIAL_CAPACITY = 1024;

/**
 * Entries per chunk of a column past its first chunk, as a power of two. A column
 * grows by one chunk at a time, so it needs no copy and keeps at most a chunk
 * of unused room. A doubled array is about a quarter empty on average (an
 * estimate), and the copy keeps the old one alive beside it. On the 4 GB benchmark mailbox, the
 * thread index and the duplicate check kept 27 MB of such arrays.
 */
const CHUNK_BITS = 14;
const CHUNK_ENTRIES = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ENTRIES - 1;

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A growable array of `width` numbers per entry, kept in chunks. The first
 * chunk starts small and doubles up to CHUNK_ENTRIES entries, and later ones
 * are added whole. Reading past the capacity returns undefined.
 */
class Chunks<T extends Typed> {
  private readonly chunks: T[];
  private entries: number;

  constructor(
    private readonly make: (length: number) => T,
    private readonly width: number,
    initialEntries: number,
  ) {
    this.entries = Math.min(initialEntries, CHUNK_ENTRIES);
    this.chunks = [make(this.entries * width)];
  }

  /** Entries that fit without growing. */
  get capacity(): number {
    return this.entries;
  }

  /** Grows until `entries` entries fit. */
  reserve(entries: number): void {
    while (this.entries < entries) {
      const first = this.chunks[0] as T;
      if (this.chunks.length === 1 && this.entries < CHUNK_ENTRIES) {
        this.entries = Math.min(this.entries * 2, CHUNK_ENTRIES);
        const bigger = this.make(this.entries * this.width);
        bigger.set(first);
        this.chunks[0] = bigger;
      } else {
        this.chunks.push(this.make(CHUNK_ENTRIES * this.width));
        this.entries += CHUNK_ENTRIES;
      }
    }
  }

  /** Returns the chunk of an entry, whose numbers start at `offset(entry)` in it. */
  chunk(entry: number): T | undefined {
    return this.chunks[entry >>> CHUNK_BITS];
  }

  offset(entry: number): number {
    return (entry & CHUNK_MASK) * this.width;
  }
}

/**
 * Maps fixed-size keys of `words` 32-bit words to dense numbers 0, 1, 2...
 * in insertion order. Keys must already be uniformly distributed (hashes),
 * because the first word picks the slot.
 */
export class IdTable {
  private slots = new Int32Array(INITIAL_CAPACITY * 2).fill(-1);
  private readonly keys: Chunks<Uint32Array>;
  private count = 0;

  constructor(private readonly words: number) {
    this.keys = new Chunks((length) => new Uint32Array(length), words, INITIAL_CAPACITY);
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
    this.keys.reserve(this.count + 1);
    const id = this.count;
    this.count += 1;
    this.keys.chunk(id)?.set(key.subarray(0, this.words), this.keys.offset(id));
    this.place(id);
    return id;
  }

  private matches(id: number, key: Uint32Array): boolean {
    const chunk = this.keys.chunk(id);
    if (chunk === undefined) return false;
    const start = this.keys.offset(id);
    for (let word = 0; word < this.words; word += 1) {
      if (chunk[start + word] !== key[word]) return false;
    }
    return true;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = (this.keys.chunk(id)?.[this.keys.offset(id)] ?? 0) & mask;
    while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = id;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let id = 0; id < this.count; id += 1) this.place(id);
  }
}

/** A growable column of one typed-array kind, indexed like an array. Reads past the capacity return `missing`. */
class TypedColumn<T extends Typed> {
  private count = 0;
  private readonly values: Chunks<T>;

  constructor(
    make: (length: number) => T,
    private readonly missing: number,
  ) {
    this.values = new Chunks(make, 1, INITIAL_CAPACITY);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    this.values.reserve(this.count + 1);
    this.set(this.count, value);
    this.count += 1;
  }

  get(index: number): number {
    return this.values.chunk(index)?.[index & CHUNK_MASK] ?? this.missing;
  }

  /** Sets an entry within the capacity, and does nothing past it. */
  set(index: number, value: number): void {
    const chunk = this.values.chunk(index);
    if (chunk !== undefined) chunk[index & CHUNK_MASK] = value;
  }
}

/** A growable column of numbers, indexed like an array. */
export class NumberColumn extends TypedColumn<Float64Array> {
  constructor() {
    super((length) => new Float64Array(length), Number.NaN);
  }
}

/** A growable column of 32-bit integers, indexed like an array. It takes half the bytes of a NumberColumn. */
export class Int32Column extends TypedColumn<Int32Array> {
  constructor() {
    super((length) => new Int32Array(length), 0);
  }
}

/** A growable column of integers from 0 to 255, indexed like an array. */
export class ByteColumn extends TypedColumn<Uint8Array> {
  constructor() {
    super((length) => new Uint8Array(length), 0);
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

