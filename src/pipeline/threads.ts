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

/** Returns a thread id for each message, keyed by `messageKey`. */
export function assignThreads(messages: MessageSummary[]): Map<string, string> {
  const sets = new DisjointSet();
  for (const message of messages) {
    const own = `id:${message.id}`;
    sets.find(own);
    if (message.inReplyTo) sets.union(own, `id:${message.inReplyTo}`);
    for (const reference of message.references) sets.union(own, `id:${reference}`);
    if (message.gmailThreadId) sets.union(own, `gm:${message.gmailThreadId}`);
  }

  // Name each thread after its earliest member id, so ids read as Message-IDs.
  const names = new Map<string, string>();
  for (const message of messages) {
    const root = sets.find(`id:${message.id}`);
    const current = names.get(root);
    if (current === undefined || message.id < current) names.set(root, message.id);
  }

  const threads = new Map<string, string>();
  for (const message of messages) {
    const root = sets.find(`id:${message.id}`);
    threads.set(messageKey(message), names.get(root) ?? message.id);
  }
  return threads;
}

/** Identifies one message occurrence: the same Message-ID can appear in two mailboxes. */
export function messageKey(message: Pick<MessageSummary, 'mailbox' | 'index'>): string {
  return `${message.mailbox}\u0000${message.index}`;
}
