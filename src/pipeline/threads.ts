// Thread reconstruction from Message-ID, In-Reply-To and References, plus
// Gmail's X-GM-THRID. Union-find over ids, so reply loops and missing parents
// cannot break it.
import type { MessageSummary } from '../types.js';

class DisjointSet {
  private readonly parent = new Map<string, string>();

  find(key: string): string {
    let root = key;
    for (;;) {
      const next = this.parent.get(root);
      if (next === undefined || next === root) break;
      root = next;
    }
    // Path compression keeps later look-ups flat.
    let node = key;
    while (node !== root) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }

  union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    // The smaller key becomes the root, so the result does not depend on input order.
    if (rootA < rootB) this.parent.set(rootB, rootA);
    else this.parent.set(rootA, rootB);
  }
}

/**
 * Collects threading keys message by message, so a mailbox of any size needs
 * only its ids in memory. A thread is named after its smallest key, which does
 * not depend on the order messages arrive in.
 */
export class ThreadIndex {
  private readonly sets = new DisjointSet();

  add(message: Pick<MessageSummary, 'id' | 'inReplyTo' | 'references' | 'gmailThreadId'>): void {
    const own = `id:${message.id}`;
    this.sets.find(own);
    if (message.inReplyTo) this.sets.union(own, `id:${message.inReplyTo}`);
    for (const reference of message.references) this.sets.union(own, `id:${reference}`);
    if (message.gmailThreadId) this.sets.union(own, `gm:${message.gmailThreadId}`);
  }

  threadOf(message: Pick<MessageSummary, 'id'>): string {
    const root = this.sets.find(`id:${message.id}`);
    return root.startsWith('id:') ? root.slice(3) : root;
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
