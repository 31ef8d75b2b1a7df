// Compacts the message summaries the main thread keeps until the report is
// built: one shared copy per distinct string for the fields that repeat across
// messages (paths, owner addresses, classification reasons, rule ids), and own
// copies of the rest. A summary cloned back from a worker brings its own copy
// of every string. A summary parsed on the main thread shares memory with its
// header block.
import type { Address, MessageSummary, SignalHit } from '../types.js';

/**
 * Returns a copy of `value` that shares no memory with the string it was cut
 * from. V8 represents a substring as a view of its parent, so a message id cut
 * from a header block keeps the whole block alive. On the 250 MB benchmark
 * mailbox, such views doubled the memory kept per message. The JSON round trip
 * is exact for every string, lone surrogates included.
 */
export function ownCopy(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

export class StringPool {
  private readonly strings = new Map<string, string>();

  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    const copy = ownCopy(value);
    this.strings.set(copy, copy);
    return copy;
  }

  internAddress(address: Address): Address {
    return { ...address, address: this.intern(address.address), name: this.intern(address.name) };
  }

  internHit(hit: SignalHit): SignalHit {
    return {
      ...hit,
      ruleId: this.intern(hit.ruleId),
      language: this.intern(hit.language),
      phrase: this.intern(hit.phrase),
      snippet: ownCopy(hit.snippet),
      ...(hit.entry === undefined ? {} : { entry: this.intern(hit.entry) }),
    };
  }

  /** Returns the summary with its repeated fields shared and its other strings copied. */
  internSummary(summary: MessageSummary): MessageSummary {
    return {
      ...summary,
      id: ownCopy(summary.id),
      date: summary.date === null ? null : ownCopy(summary.date),
      subject: ownCopy(summary.subject),
      inReplyTo: summary.inReplyTo === null ? null : ownCopy(summary.inReplyTo),
      references: summary.references.map(ownCopy),
      gmailThreadId: summary.gmailThreadId === null ? null : ownCopy(summary.gmailThreadId),
      mailbox: this.intern(summary.mailbox),
      file: this.intern(summary.file),
      from: summary.from === null ? null : this.internAddress(summary.from),
      to: summary.to.map((address) => this.internAddress(address)),
      cc: summary.cc.map((address) => this.internAddress(address)),
      classification: { ...summary.classification, reason: this.intern(summary.classification.reason) },
      hits: summary.hits.map((hit) => this.internHit(hit)),
    };
  }
}
