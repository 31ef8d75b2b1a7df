// One shared copy per distinct string, for the fields that repeat across the
// messages of a mailbox: paths, owner addresses, classification reasons, rule
// ids. A summary cloned back from a worker brings its own copy of each of them,
// and a large mailbox keeps one record per message until the report is built.
import type { Address, MessageSummary, SignalHit } from '../types.js';

export class StringPool {
  private readonly strings = new Map<string, string>();

  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
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
    };
  }

  /** Returns the summary with its repeated fields shared; unique fields such as the id are kept as they are. */
  internSummary(summary: MessageSummary): MessageSummary {
    return {
      ...summary,
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
