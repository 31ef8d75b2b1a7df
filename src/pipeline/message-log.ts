// Per-message records the main thread keeps until the report is built. The
// exclusions and the fingerprints that find duplicate copies are in typed columns.
// The sender of every human message is in a temporary file, because owner-side
// mail is only known once every message is read.
import type { Exclusion } from '../report/schema.js';
import { hexWords, IdTable, NumberColumn, StringColumn, StringTable } from './id-table.js';
import { NumberRecords, SpillFile } from './spill.js';

/** Position of a message: its mailbox, file, index and byte offset, and its place among attached messages. */
export interface MessagePosition {
  mailbox: string;
  file: string;
  index: number;
  offset: number | null;
  attached?: string;
}

/**
 * Describes a message's position as the report prints it: `message 12 (byte 40961)`, and
 * `message 12 (byte 40961), attached message 1` for a message attached to that one.
 */
export function describeWhere(message: Pick<MessagePosition, 'index' | 'offset' | 'attached'>): string {
  const position = `message ${message.index + 1}`;
  const outer = message.offset === null ? position : `${position} (byte ${message.offset})`;
  return message.attached === undefined ? outer : `${outer}, ${describeAttached(message.attached)}`;
}

function describeAttached(attached: string): string {
  return `attached message ${attached}`;
}

/** Returns `attached` as stored in a StringTable: the empty string for a mailbox message. */
function attachedKey(position: Pick<MessagePosition, 'attached'>): string {
  return position.attached ?? '';
}

/** Returns the `attached` field of a position from its stored form. */
function attachedField(stored: string): Pick<MessagePosition, 'attached'> {
  return stored === '' ? {} : { attached: stored };
}

/** Columns shared by the logs: mailbox, position and one labelled string per record. */
class PositionColumns {
  readonly strings = new StringTable();
  private readonly mailboxes = new NumberColumn();
  private readonly files = new NumberColumn();
  private readonly indexes = new NumberColumn();
  private readonly offsets = new NumberColumn();
  private readonly attached = new NumberColumn();

  get length(): number {
    return this.indexes.length;
  }

  push(position: MessagePosition): void {
    this.mailboxes.push(this.strings.add(position.mailbox));
    this.files.push(this.strings.add(position.file));
    this.indexes.push(position.index);
    this.offsets.push(position.offset ?? Number.NaN);
    this.attached.push(this.strings.add(attachedKey(position)));
  }

  get(record: number): MessagePosition {
    const offset = this.offsets.get(record);
    return {
      mailbox: this.strings.get(this.mailboxes.get(record)),
      file: this.strings.get(this.files.get(record)),
      index: this.indexes.get(record),
      offset: Number.isNaN(offset) ? null : offset,
      ...attachedField(this.strings.get(this.attached.get(record))),
    };
  }
}

/** Exclusions kept in memory; later ones wait in a temporary file. */
export const EXCLUSIONS_IN_MEMORY = 8192;

/** One line of an ExclusionLog's file: mailbox, file, kind and reason as StringTable numbers. */
type ExclusionRecord = [
  mailbox: number,
  file: number,
  index: number,
  offset: number | null,
  attached: number,
  id: string,
  kind: number,
  reason: number,
];

/** Removes the file of an exclusion log that is no longer used and was not closed. */
const unclosedLogs = new FinalizationRegistry<SpillFile<ExclusionRecord>>((records) => records.close());

/**
 * The excluded messages in the order they were added, each built back into
 * an Exclusion when read. Counts per kind and per mailbox are kept as they come.
 * The first EXCLUSIONS_IN_MEMORY are kept in typed columns and the rest in a
 * temporary file. Most messages of a mailbox can be excluded (the owner's own
 * mail), and in memory they took an estimated 25 MB on a 4 GB mailbox. The
 * report reads them after the audit. So the file stays until close(), until
 * the log is garbage-collected, or until the process exits.
 */
export class ExclusionLog implements Iterable<Exclusion> {
  private readonly positions = new PositionColumns();
  private readonly messageIds = new StringColumn();
  private readonly kinds = new NumberColumn();
  private readonly reasons = new NumberColumn();
  private readonly kindCounts = new Map<string, number>();
  private readonly mailboxCounts = new Map<string, number>();
  private spilled: SpillFile<ExclusionRecord> | null = null;

  constructor(private readonly inMemory = EXCLUSIONS_IN_MEMORY) {}

  get length(): number {
    return this.positions.length + (this.spilled?.length ?? 0);
  }

  add(message: MessagePosition & { id: string }, kind: string, reason: string): void {
    const { strings } = this.positions;
    if (this.positions.length < this.inMemory) {
      this.positions.push(message);
      this.messageIds.push(message.id);
      this.kinds.push(strings.add(kind));
      this.reasons.push(strings.add(reason));
    } else {
      if (this.spilled === null) {
        this.spilled = new SpillFile<ExclusionRecord>('exclusions');
        unclosedLogs.register(this, this.spilled, this);
      }
      this.spilled.push([
        strings.add(message.mailbox),
        strings.add(message.file),
        message.index,
        message.offset,
        strings.add(attachedKey(message)),
        message.id,
        strings.add(kind),
        strings.add(reason),
      ]);
    }
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    this.mailboxCounts.set(message.mailbox, (this.mailboxCounts.get(message.mailbox) ?? 0) + 1);
  }

  /** Counts per kind, keys sorted. */
  countByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of [...this.kindCounts.keys()].sort()) counts[kind] = this.kindCounts.get(kind) ?? 0;
    return counts;
  }

  countInMailbox(mailbox: string): number {
    return this.mailboxCounts.get(mailbox) ?? 0;
  }

  *[Symbol.iterator](): Iterator<Exclusion> {
    const { strings } = this.positions;
    for (let record = 0; record < this.positions.length; record += 1) {
      yield toExclusion(
        this.positions.get(record),
        this.messageIds.get(record),
        strings.get(this.kinds.get(record)),
        strings.get(this.reasons.get(record)),
      );
    }
    if (this.spilled === null) return;
    for (const [mailbox, file, index, offset, attached, id, kind, reason] of this.spilled) {
      const position = { mailbox: strings.get(mailbox), file: strings.get(file), index, offset, ...attachedField(strings.get(attached)) };
      yield toExclusion(position, id, strings.get(kind), strings.get(reason));
    }
  }

  /** Removes the temporary file, if any. The log cannot be read after this. */
  close(): void {
    if (this.spilled === null) return;
    unclosedLogs.unregister(this);
    this.spilled.close();
  }
}

function toExclusion(position: MessagePosition, messageId: string, kind: string, reason: string): Exclusion {
  // A message file in a folder is located by its path: "message N" counts across the folder.
  const isFolderFile = position.offset === null && position.file !== position.mailbox;
  const fileWhere = position.attached === undefined ? position.file : `${position.file}, ${describeAttached(position.attached)}`;
  return {
    mailbox: position.mailbox,
    where: isFolderFile ? fileWhere : describeWhere(position),
    messageId,
    kind,
    reason,
  };
}

/** One line of a SenderLog's file: mailbox, file and sender as StringTable numbers. */
type SenderRecord = [
  mailbox: number,
  file: number,
  index: number,
  offset: number | null,
  attached: number,
  id: string,
  sender: number,
  forwardedFrom: number,
];

/** A message of a SenderLog: its position, id, and the author of the mail it forwards inline, if any. */
export type SenderMessage = MessagePosition & { id: string; forwardedFrom?: string };

/**
 * The sender of each human message, in a temporary file until every message is
 * read, with mailboxes, files and senders stored once in memory. Call close() to
 * remove the file.
 */
export class SenderLog {
  private readonly strings = new StringTable();
  private readonly records = new SpillFile<SenderRecord>('senders');

  add(message: SenderMessage, sender: string): void {
    const { strings } = this;
    this.records.push([
      strings.add(message.mailbox),
      strings.add(message.file),
      message.index,
      message.offset,
      strings.add(attachedKey(message)),
      message.id,
      strings.add(sender),
      strings.add(message.forwardedFrom ?? ''),
    ]);
  }

  /** Yields each message in the order added, with its sender. */
  *entries(): Generator<{ message: SenderMessage; sender: string }> {
    const { strings } = this;
    for (const [mailbox, file, index, offset, attached, id, sender, forwarded] of this.records) {
      const message: SenderMessage = { mailbox: strings.get(mailbox), file: strings.get(file), index, offset, ...attachedField(strings.get(attached)), id };
      if (strings.get(forwarded) !== '') message.forwardedFrom = strings.get(forwarded);
      yield { message, sender: strings.get(sender) };
    }
  }

  /** Removes the temporary file. */
  close(): void {
    this.records.close();
  }
}

/** 32-bit words of a duplicate fingerprint: the 128 bits of its 32 hex digits. */
const FINGERPRINT_WORDS = 4;

/**
 * The fingerprint of every message kept, with where its first copy is. The
 * fingerprints stay in memory, about 28 bytes each. The positions are only
 * read back for a duplicate, so they wait in a temporary file: in typed
 * columns they took 32 bytes per message, an estimated 16 MB on a 4 GB mailbox
 * once the columns had doubled.
 * Call close() to remove the file.
 */
export class FingerprintSet {
  private readonly table = new IdTable(FINGERPRINT_WORDS);
  private readonly strings = new StringTable();
  /**
   * File as a StringTable number, index, offset (NaN for none) and the attached position
   * as a StringTable number; the text names no mailbox.
   */
  private readonly positions = new NumberRecords('fingerprints', 4);

  /**
   * Records the fingerprint of a message; returns where its first copy is
   * (`message 3 (byte 812) of FILE`) when the fingerprint was seen before, else null.
   */
  addOrFind(fingerprint: string, message: MessagePosition): string | null {
    const original = this.find(fingerprint);
    if (original !== null) return original;
    this.table.add(hexWords(fingerprint, FINGERPRINT_WORDS));
    const attached = this.strings.add(attachedKey(message));
    this.positions.push([this.strings.add(message.file), message.index, message.offset ?? Number.NaN, attached]);
    return null;
  }

  /** Returns where the first copy with this fingerprint is, as addOrFind does, without recording anything. */
  find(fingerprint: string): string | null {
    const known = this.table.find(hexWords(fingerprint, FINGERPRINT_WORDS));
    if (known < 0) return null;
    const [file = 0, index = 0, offset = Number.NaN, attached = 0] = this.positions.get(known);
    const original = { index, offset: Number.isNaN(offset) ? null : offset, ...attachedField(this.strings.get(attached)) };
    const path = this.strings.get(file);
    // An .eml file contains one message, so its path locates it. Message N counts across the folder.
    if (original.offset !== null) return `${describeWhere(original)} of ${path}`;
    return original.attached === undefined ? path : `${path}, ${describeAttached(original.attached)}`;
  }

  /** Removes the temporary file of the positions. */
  close(): void {
    this.positions.close();
  }
}

/**
 * Finds the messages already read that a message copies. A mailbox message is a copy
 * when its fingerprint matches one read before, or when an attached message had its
 * Message-ID. An attached message is a copy when a message read before, in the mailbox
 * or attached, had its Message-ID, because forwarding clients often re-encode what they
 * attach. Without a Message-ID its fingerprint decides. Two mailbox messages that share a
 * Message-ID but differ in content stay two messages.
 * Call close() to remove the temporary files.
 */
export class CopyFinder {
  private readonly fingerprints = new FingerprintSet();
  private readonly mailboxIds = new FingerprintSet();
  private readonly attachedIds = new FingerprintSet();

  /**
   * Returns where the first copy of a message is (see FingerprintSet.addOrFind), or null
   * after recording the message as read.
   */
  findCopy(
    message: { fingerprint: string; messageIdKey: string | null },
    position: MessagePosition,
    isAttached: boolean,
  ): string | null {
    const key = message.messageIdKey;
    if (isAttached) {
      if (key === null) return this.fingerprints.addOrFind(message.fingerprint, position);
      return this.mailboxIds.find(key) ?? this.attachedIds.addOrFind(key, position);
    }
    const original = this.fingerprints.find(message.fingerprint) ?? (key === null ? null : this.attachedIds.find(key));
    if (original !== null) return original;
    this.fingerprints.addOrFind(message.fingerprint, position);
    if (key !== null) this.mailboxIds.addOrFind(key, position);
    return null;
  }

  close(): void {
    this.fingerprints.close();
    this.mailboxIds.close();
    this.attachedIds.close();
  }
}
