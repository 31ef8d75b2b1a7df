// Thread reconstruction from Message-ID, In-Reply-To and References, plus
// Gmail's X-GM-THRID.
import type { MessageSummary } from '../types.js';
import { ByteColumn, hashString, IdTable, Int32Column } from './id-table.js';
import { SpillFile } from './spill.js';

/** 32-bit words per hashed threading key: 96 bits, see hashString. */
const KEY_WORDS = 3;

/**
 * Collects threading keys message by message. Each distinct key costs a
 * 96-bit hash, a parent link and a rank in typed arrays, about 24 bytes, and
 * the keys themselves wait in a temporary file. A thread is named after its
 * smallest key, which does not depend on the order messages arrive in. That key
 * is looked up in the file once every message is added. Union-find over the keys
 * means reply loops and missing parents cannot break it. Call close() to remove the file.
 */
export class ThreadIndex {
  private table = new IdTable(KEY_WORDS);
  private parents = new Int32Column();
  /** Union by rank: a root's rank bounds the height of its tree, and stays below 32. */
  private ranks = new ByteColumn();
  /** The key of each node, in node order. */
  private readonly keys = new SpillFile<string>('thread-keys');
  private isClosed = false;

  add(message: Pick<MessageSummary, 'id' | 'inReplyTo' | 'references' | 'gmailThreadId'>): void {
    this.assertOpen();
    const own = this.node(`id:${message.id}`);
    if (message.inReplyTo) this.union(own, this.node(`id:${message.inReplyTo}`));
    for (const reference of message.references) this.union(own, this.node(`id:${reference}`));
    if (message.gmailThreadId) this.union(own, this.node(`gm:${message.gmailThreadId}`));
  }

  threadOf(message: Pick<MessageSummary, 'id'>): string {
    return this.threadsOf([{ ...message, mailbox: '', index: 0 }]).get(messageKey({ mailbox: '', index: 0 })) ?? '';
  }

  /**
   * Returns the thread of each message, keyed by `messageKey`. One pass over
   * the file of keys names the threads of these messages and no others.
   */
  threadsOf(messages: Iterable<Pick<MessageSummary, 'id' | 'mailbox' | 'index'>>): Map<string, string> {
    this.assertOpen();
    const roots = new Map<string, number>();
    const own = new Map<string, string>();
    const smallest = new Map<number, string>();
    for (const message of messages) {
      const key = `id:${message.id}`;
      const node = this.table.find(hashString(key, KEY_WORDS));
      if (node < 0) {
        own.set(messageKey(message), key);
        continue;
      }
      const root = this.find(node);
      roots.set(messageKey(message), root);
      smallest.set(root, key);
    }
    if (smallest.size > 0) {
      let node = 0;
      for (const key of this.keys) {
        const root = this.find(node);
        const known = smallest.get(root);
        if (known !== undefined && key < known) smallest.set(root, key);
        node += 1;
      }
    }
    const threads = new Map<string, string>();
    for (const [message, key] of own) threads.set(message, threadName(key));
    for (const [message, root] of roots) threads.set(message, threadName(smallest.get(root) ?? ''));
    return threads;
  }

  /**
   * Removes the temporary file of the keys and frees the hashes and links
   * (about 15 MB on the 4 GB benchmark mailbox). Closing twice does nothing.
   */
  close(): void {
    this.keys.close();
    this.table = new IdTable(KEY_WORDS);
    this.parents = new Int32Column();
    this.ranks = new ByteColumn();
    this.isClosed = true;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new Error('thread index is closed: call add and threadsOf before close');
  }

  /** Returns the node of a key, as a thread of its own when the key is new. */
  private node(key: string): number {
    const hash = hashString(key, KEY_WORDS);
    const known = this.table.find(hash);
    if (known >= 0) return known;
    const node = this.table.add(hash);
    this.parents.push(node);
    this.ranks.push(0);
    this.keys.push(key);
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
    // The taller tree absorbs the shorter one, so trees stay shallow. A thread is
    // named after its smallest key, so which root remains changes no name.
    const rankA = this.ranks.get(rootA);
    const rankB = this.ranks.get(rootB);
    if (rankA < rankB) [rootA, rootB] = [rootB, rootA];
    this.parents.set(rootB, rootA);
    if (rankA === rankB) this.ranks.set(rootA, rankA + 1);
  }
}

/** Returns the thread name of a key: a Message-ID key without its "id:" prefix. */
function threadName(key: string): string {
  return key.startsWith('id:') ? key.slice(3) : key;
}

/** Returns a thread id for each message, keyed by `messageKey`. */
export function assignThreads(messages: MessageSummary[]): Map<string, string> {
  const index = new ThreadIndex();
  try {
    for (const message of messages) index.add(message);
    return index.threadsOf(messages);
  } finally {
    index.close();
  }
}

/**
 * Identifies one message occurrence: the same Message-ID can appear in two mailboxes, and the
 * messages attached to one share its index, so their position among them is part of the key.
 */
export function messageKey(message: Pick<MessageSummary, 'mailbox' | 'index' | 'attached'>): string {
  return `${message.mailbox}\u0000${message.index}\u0000${message.attached ?? ''}`;
}
