// Reusable memory for the messages the mbox scanner returns. Each message is
// written after the previous one into a block of a few MB. Once the scanner
// has moved on to the next block and every message of a block is released,
// the block is kept for reuse. Before, every message had a buffer of its own,
// and those buffers outlived the young generation of the reading thread, so
// they stayed in memory until the next full collection.

/** Size of one block. Larger messages get a buffer of their own. */
export const MESSAGE_BLOCK_BYTES = 2 * 1024 * 1024;

/** Maximum free blocks kept for reuse. A block freed beyond these is left to the garbage collector. */
const SPARE_BLOCKS_KEPT = 4;

/**
 * A block in use: messages are written into it one after another, and it goes
 * back to its pool when it is full and all of them are released.
 */
export class MessageBlock {
  /** Bytes written so far from the block's start. */
  used = 0;
  /** Messages written and not yet released. */
  private pending = 0;
  /** True once the pool writes into another block. */
  private isSealed = false;
  /** True once the block went back to the pool, so that a late release does nothing. */
  private isRecycled = false;

  constructor(
    readonly bytes: Buffer,
    private readonly pool: MessageBlocks,
  ) {}

  get pendingMessages(): number {
    return this.pending;
  }

  /** Counts one more message written into the block. */
  hold(): void {
    this.pending += 1;
  }

  /** Marks one message as no longer read, so its bytes may be overwritten once the block is recycled. */
  release(): void {
    if (this.isRecycled || this.pending === 0) return;
    this.pending -= 1;
    this.recycleIfDone();
  }

  /** Stops writes into the block, which is recycled once its messages are released. */
  seal(): void {
    this.isSealed = true;
    this.recycleIfDone();
  }

  private recycleIfDone(): void {
    if (!this.isSealed || this.pending > 0 || this.isRecycled) return;
    this.isRecycled = true;
    this.pool.recycle(this.bytes);
  }
}

/**
 * Pool of blocks that returns room for one message at a time. reserve() returns a buffer
 * of the message's size, which the caller fills and may shorten from the end. commit()
 * then records the bytes kept. A message left uncommitted takes no room.
 */
export class MessageBlocks {
  private readonly spare: Buffer[] = [];
  private current: MessageBlock | null = null;
  /** True when the last reservation was a buffer of its own, outside any block. */
  private isOwnBuffer = false;
  /** Blocks allocated so far, for tests and measurements. */
  allocated = 0;

  constructor(readonly blockBytes: number = MESSAGE_BLOCK_BYTES) {}

  /** Free blocks waiting for reuse. */
  get spareBlocks(): number {
    return this.spare.length;
  }

  /** Returns room for `size` bytes: the next bytes of a block, or a new buffer when `size` exceeds a block. */
  reserve(size: number): Buffer {
    if (size > this.blockBytes) {
      this.isOwnBuffer = true;
      return Buffer.allocUnsafeSlow(size);
    }
    this.isOwnBuffer = false;
    let block = this.current;
    if (block === null || block.bytes.length - block.used < size) {
      block?.seal();
      block = new MessageBlock(this.takeBuffer(), this);
      this.current = block;
    }
    return block.bytes.subarray(block.used, block.used + size);
  }

  /**
   * Keeps the first `length` bytes of the last reservation. Returns the block
   * to release the message to, or null for a buffer of its own.
   */
  commit(length: number): MessageBlock | null {
    const block = this.current;
    if (this.isOwnBuffer || block === null) return null;
    block.used += length;
    block.hold();
    return block;
  }

  /** Ends writing: the last block returns to the pool once its messages are released. */
  close(): void {
    this.current?.seal();
    this.current = null;
  }

  /** Takes back a block's memory, unless enough is kept already. */
  recycle(bytes: Buffer): void {
    if (this.spare.length < SPARE_BLOCKS_KEPT) this.spare.push(bytes);
  }

  private takeBuffer(): Buffer {
    const reused = this.spare.pop();
    if (reused !== undefined) return reused;
    this.allocated += 1;
    return Buffer.allocUnsafeSlow(this.blockBytes);
  }
}
