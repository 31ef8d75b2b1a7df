// Thread reconstruction from Message-ID, In-Reply-To and References, plus
// Gmail's X-GM-THRID.
import type { MessageSummary } from '../types.js';
import { hashString, IdTable, NumberColumn } from './id-table.js';

/** 32-bit words per hashed threading key: 96 bits, see hashString. */
const KEY_WORDS = 3;

/**
 * Collects threading keys message by message. Each distinct key costs a
 * 96-bit hash, a parent link and a size in typed arrays, and only the smallest
 * key of each thread is kept as a string. A thread is named after its smallest
 * key, which does not depend on the order messages arrive in. Union-find over
 * the keys means reply loops and missing parents cannot break it.
 */
export class ThreadIndex {
  private readonly table = new IdTable(KEY_WORDS);
  private readonly parents = new NumberColumn();
  private readonly sizes = new NumberColumn();
  /** Smallest key of each thread, by root node. */
  private readonly smallest = new Map<number, string>();

  add(message: Pick<MessageSummary, 'id' | 'inReplyTo' | 'references' | 'gmailThreadId'>): void {
    const own = this.node(`id:${message.id}`);
    if (message.inReplyTo) this.union(own, this.node(`id:${message.inReplyTo}`));
    for (const reference of message.references) this.union(own, this.node(`id:${reference}`));
    if (message.gmailThreadId) this.union(own, this.node(`gm:${message.gmailThreadId}`));
  }

  threadOf(message: Pick<MessageSummary, 'id'>): string {
    const key = `id:${message.id}`;
    const node = this.table.find(hashString(key, KEY_WORDS));
    const root = this.smallest.get(node < 0 ? -1 : this.find(node)) ?? key;
    return root.startsWith('id:') ? root.slice(3) : root;
  }

  /** Returns the node of a key, as a thread of its own when the key is new. */
  private node(key: string): number {
    const hash = hashString(key, KEY_WORDS);
    const known = this.table.find(hash);
    if (known >= 0) return known;
    const node = this.table.add(hash);
    this.parents.push(node);
    this.sizes.push(1);
    this.smallest.set(node, key);
    return node;
  }

  private find(node: number): number {
    let root = node;
    while (this.parents.get(root) !== root) root = this.parents.get(root);
    // Path compression keeps later look-ups flat.
    let current = node;
    while (current !== root) {
      const next = this.parents.get(current);
      this.parents.set(current, root);
      current = next;
    }
    return root;
  }

  private union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    // The larger thread absorbs the smaller one, so trees stay shallow.
    if (this.sizes.get(rootA) < this.sizes.get(rootB)) [rootA, rootB] = [rootB, rootA];
    this.parents.set(rootB, rootA);
    this.sizes.set(rootA, this.sizes.get(rootA) + this.sizes.get(rootB));
    const keyA = this.smallest.get(rootA) ?? '';
    const keyB = this.smallest.get(rootB) ?? '';
    this.smallest.delete(rootB);
    if (keyB < keyA) this.smallest.set(rootA, keyB);
  }
}

/** Returns a thread id for each message, keyed by `messageKey`. */
export function assignThreads(messages: MessageSummary[]): Map<string, string> {
  const index = new ThreadIndex();
  for (const message of messages) index.add(message);
  const threads = new Map<string, string>();
  for (const message of messages) threads.set(messageKey(message), index.threadOf(message));
  return threads;
}

/** Identifies one message occurrence: the same Message-ID can appear in two mailboxes. */
export function messageKey(message: Pick<MessageSummary, 'mailbox' | 'index'>): string {
  return `${message.mailbox}\u0000${message.index}`;
}
