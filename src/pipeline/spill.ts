// Records the main thread only needs once every message is read, kept in a
// temporary file instead of the heap: the messages that carry a signal, the
// sender of every human message and the threading keys. In memory the first two
// grew with the mailbox, by about 320 bytes per message on the 400 MB benchmark
// mailbox (heap snapshots, Node 20).
// On disk they cost a write buffer. Each record is one line of JSON, read back in order.
//
// The file lives in a folder of its own under os.tmpdir(). It is removed when
// the caller closes it, and otherwise when the process exits, also on Ctrl-C
// (SIGINT), SIGTERM and SIGHUP.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Characters of records gathered before one write. */
const WRITE_CHARS = 256 * 1024;

/** Bytes read at once when the records are read back. */
const READ_BYTES = 256 * 1024;

const NEWLINE = 0x0a;

/** Folders of the spill files not yet closed. */
const openFolders = new Set<string>();

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeOpenFolders(): void {
  for (const folder of openFolders) rmSync(folder, { recursive: true, force: true });
  openFolders.clear();
}

/**
 * Removes the open folders, then stops listening and sends the signal again,
 * so the process ends as it would have without this listener.
 */
function onSignal(signal: NodeJS.Signals): void {
  removeOpenFolders();
  uninstallCleanup();
  process.kill(process.pid, signal);
}

function installCleanup(): void {
  process.on('exit', removeOpenFolders);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/** Listeners are only there while some spill file is open, so Ctrl-C behaves as before otherwise. */
function uninstallCleanup(): void {
  process.removeListener('exit', removeOpenFolders);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/** Returns the folders of the spill files open now, so tests can check that closing removes them. */
export function openSpillFolders(): string[] {
  return [...openFolders];
}

/** An append-only list of JSON records in a temporary file. */
export class SpillFile<T> implements Iterable<T> {
  readonly folder: string;
  private readonly file: string;
  private descriptor: number | null;
  private pending: string[] = [];
  private pendingChars = 0;
  private count = 0;

  constructor(name: string) {
    this.folder = mkdtempSync(path.join(os.tmpdir(), 'leak-'));
    if (openFolders.size === 0) installCleanup();
    openFolders.add(this.folder);
    this.file = path.join(this.folder, `${name}.jsonl`);
    this.descriptor = openSync(this.file, 'w+', 0o600);
  }

  get length(): number {
    return this.count;
  }

  /**
   * Appends a record. Its values must survive a JSON round trip: strings,
   * finite numbers, booleans, null, arrays and plain objects without undefined members.
   */
  push(record: T): void {
    const line = `${JSON.stringify(record)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    this.count += 1;
    if (this.pendingChars >= WRITE_CHARS) this.flush();
  }

  /** Yields the records in the order they were pushed. */
  *[Symbol.iterator](): Iterator<T> {
    const descriptor = this.flush();
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    let carry: Buffer | null = null;
    let position = 0;
    for (;;) {
      const read = readSync(descriptor, chunk, 0, READ_BYTES, position);
      if (read === 0) break;
      position += read;
      const bytes: Buffer = carry === null ? chunk.subarray(0, read) : Buffer.concat([carry, chunk.subarray(0, read)]);
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
        yield JSON.parse(bytes.toString('utf8', start, end)) as T;
        start = end + 1;
      }
      // The rest of a line cut by the chunk end waits for the next read.
      carry = start < bytes.length ? Buffer.from(bytes.subarray(start)) : null;
    }
  }

  /** Deletes the file and its folder, so the records cannot be read after this. */
  close(): void {
    if (this.descriptor !== null) closeSync(this.descriptor);
    this.descriptor = null;
    this.pending = [];
    rmSync(this.folder, { recursive: true, force: true });
    openFolders.delete(this.folder);
    if (openFolders.size === 0) uninstallCleanup();
  }

  /** Writes the gathered records and returns the open descriptor. */
  private flush(): number {
    if (this.descriptor === null) throw new Error(`spill file ${this.file} is closed`);
    if (this.pending.length > 0) {
      const bytes = Buffer.from(this.pending.join(''), 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(this.descriptor, bytes, written);
      this.pending = [];
      this.pendingChars = 0;
    }
    return this.descriptor;
  }
}
