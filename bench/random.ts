// Seeded pseudo-random numbers for the corpus generator. mulberry32 is small,
// fast and fully determined by its 32-bit seed, so the same seed always
// yields the same corpus on every machine and Node version.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next unsigned 32-bit integer (mulberry32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() needs a non-empty list');
    return item;
  }

  /** Log-uniform integer in [min, max]: small values common, large ones rare, as with mail sizes. */
  logUniform(min: number, max: number): number {
    return Math.round(min * Math.pow(max / min, this.next()));
  }

  /** An independent generator derived from this one, so one stream's length never shifts another's. */
  fork(): Random {
    return new Random(this.nextUint32());
  }

  /** Fills a buffer with pseudo-random bytes. */
  fill(buffer: Buffer): Buffer {
    let offset = 0;
    while (offset + 4 <= buffer.length) {
      buffer.writeUInt32LE(this.nextUint32(), offset);
      offset += 4;
    }
    while (offset < buffer.length) buffer[offset++] = this.nextUint32() & 0xff;
    return buffer;
  }
}
