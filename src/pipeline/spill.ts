// Records the main thread only needs once every message is read, kept in a
// temporary file instead of the heap: the messages that carry a signal, the
// sender of every human message and the threading keys. In memory the first two
// grew with the mailbox, by about 320 bytes per message on the 400 MB benchmark
// mailbox (heap snapshots, Node 20).
// On disk they cost a write buffer. Each record is one line of JSON, read back in order.
//
// The file lives in a folder of its own under os.tmpdir(). It is removed when
// the caller closes it, and otherwise when the process exits, also on Ctrl-C
// (SIGINT), SIGTERM and SIGHUP. A worker thread gets no signals, so the audit
// thread puts its folders inside one that the main thread removes instead
// (setSpillParent).
//
// A process killed with SIGKILL removes nothing, so folder names carry the
// process id (leak-<pid>-XXXXXX) and each folder contains a marker file
// (.leak-spill) with that id. removeStaleSpillFolders lets a later run remove
// the marked folders of processes that no longer exist. A folder of the user's
// that only looks like one (leak-2026-client) has no marker and is kept.
import { closeSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Characters of records gathered before one write. */
const WRITE_CHARS = 256 * 1024;

/** Bytes read at once when the records are read back. */
const READ_BYTES = 256 * 1024;

const NEWLINE = 0x0a;

/** Folders of the spill files not yet closed. */
const openFolders = new Set<string>();

/** Folder the spill folders are made in, or null for os.tmpdir(). */
let spillParent: string | null = null;

/**
 * Makes this thread's spill folders inside `folder`, which its owner removes
 * on exit and on signals. A worker thread needs it, because no signal reaches one.
 */
export function setSpillParent(folder: string | null): void {
  spillParent = folder;
}

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

/** Returns the start of this process's spill folder names: `leak-<pid>-`. */
export function spillFolderPrefix(): string {
  return `leak-${process.pid}-`;
}

/** Name of a spill folder: leak-, the process id, -, and the six characters mkdtemp adds. */
const SPILL_FOLDER_NAME = /^leak-(\d+)-[A-Za-z0-9]{6}$/;

/** Marker file in every spill folder that leak makes. It contains the process id and a newline. */
export const SPILL_MARKER = '.leak-spill';

/**
 * Makes a spill folder (mode 0700) in `parent` and writes the marker into it,
 * so that clean-up can tell it from a user's folder with a similar name.
 */
export function makeSpillFolder(parent: string = os.tmpdir()): string {
  const folder = mkdtempSync(path.join(parent, spillFolderPrefix()));
  try {
    writeFileSync(path.join(folder, SPILL_MARKER), `${process.pid}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return folder;
}

/**
 * Returns the process id in a folder's marker, or null when the marker is
 * missing, is not a plain file, or contains anything but a process id.
 */
function markerProcessId(folder: string): number | null {
  const marker = path.join(folder, SPILL_MARKER);
  try {
    if (!lstatSync(marker).isFile()) return null;
    const text = readFileSync(marker, 'utf8');
    return /^\d+\n$/.test(text) ? Number(text.trim()) : null;
  } catch {
    return null;
  }
}

/** Tells whether a process exists; a process of another user counts (EPERM). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the spill folders in `folder` (the temporary folder) that a leak
 * process left when it was killed: named leak-<pid>-XXXXXX, a real folder
 * (not a link) with mode 0700, owned by this user, holding a marker file with
 * the same process id, and whose process no longer exists.
 * Returns how many it removed. Anything else there is left alone and not counted.
 *
 * NOTE: the process id is looked up in this process's PID namespace. Two
 * containers that share one temporary folder under one user id would each
 * take the other's folders for those of ended runs.
 */
export function removeStaleSpillFolders(folder: string = os.tmpdir()): number {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    const match = SPILL_FOLDER_NAME.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processExists(pid)) continue;
    const full = path.join(folder, name);
    try {
      const stats = lstatSync(full);
      if (!stats.isDirectory() || (uid !== null && stats.uid !== uid)) continue;
      if ((stats.mode & 0o777) !== 0o700) continue;
      if (markerProcessId(full) !== pid) continue;
      rmSync(full, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/** Creates a folder of its own for a spill file and opens the file in it. */
function openSpill(file: string): { folder: string; file: string; descriptor: number } {
  const folder = makeSpillFolder(spillParent ?? os.tmpdir());
  if (openFolders.size === 0) installCleanup();
  openFolders.add(folder);
  const filePath = path.join(folder, file);
  return { folder, file: filePath, descriptor: openSync(filePath, 'w+', 0o600) };
}

/** Closes a spill file's descriptor and removes its folder. */
function closeSpill(folder: string, descriptor: number | null): void {
  if (descriptor !== null) closeSync(descriptor);
  rmSync(folder, { recursive: true, force: true });
  openFolders.delete(folder);
  if (openFolders.size === 0) uninstallCleanup();
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
    const opened = openSpill(`${name}.jsonl`);
    this.folder = opened.folder;
    this.file = opened.file;
    this.descriptor = opened.descriptor;
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
    // One buffer serves every read: the start of a line cut by the chunk end moves
    // to its front and the next read fills the rest. It grows only for a longer line.
    let chunk = Buffer.allocUnsafe(READ_BYTES);
    let carried = 0;
    let position = 0;
    for (;;) {
      if (carried === chunk.length) {
        const larger = Buffer.allocUnsafe(chunk.length * 2);
        chunk.copy(larger, 0, 0, carried);
        chunk = larger;
      }
      const read = readSync(descriptor, chunk, carried, chunk.length - carried, position);
      if (read === 0) break;
      position += read;
      const filled = carried + read;
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE, carried); end >= 0 && end < filled; end = chunk.indexOf(NEWLINE, start)) {
        yield JSON.parse(chunk.toString('utf8', start, end)) as T;
        start = end + 1;
      }
      carried = filled - start;
      if (carried > 0 && start > 0) chunk.copy(chunk, 0, start, filled);
    }
  }

  /** Deletes the file and its folder, so the records cannot be read after this. */
  close(): void {
    closeSpill(this.folder, this.descriptor);
    this.descriptor = null;
    this.pending = [];
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

/** Records gathered in memory before one write of a NumberRecords file. */
const WRITE_RECORDS = 4096;

/**
 * An append-only list of records of `width` numbers each, in a temporary
 * file, read back one at a time by record number. Each number takes 8 bytes
 * (a float64), so it round-trips exactly, NaN included.
 */
export class NumberRecords {
  readonly folder: string;
  private descriptor: number | null;
  private readonly recordBytes: number;
  /** Records not yet written, from record `written` on. */
  private pending: Float64Array;
  private written = 0;
  private count = 0;
  private readonly readBack: Float64Array;

  constructor(
    name: string,
    private readonly width: number,
  ) {
    const opened = openSpill(`${name}.bin`);
    this.folder = opened.folder;
    this.descriptor = opened.descriptor;
    this.recordBytes = width * Float64Array.BYTES_PER_ELEMENT;
    this.pending = new Float64Array(WRITE_RECORDS * width);
    this.readBack = new Float64Array(width);
  }

  get length(): number {
    return this.count;
  }

  push(values: readonly number[]): void {
    const slot = this.count - this.written;
    for (let field = 0; field < this.width; field += 1) this.pending[slot * this.width + field] = values[field] ?? Number.NaN;
    this.count += 1;
    if (this.count - this.written === WRITE_RECORDS) this.flush();
  }

  /** Returns record `record`, in an array that the next call overwrites. */
  get(record: number): Float64Array {
    const descriptor = this.open();
    if (record < 0 || record >= this.count) throw new RangeError(`record ${record} is out of range: the file has ${this.count} records`);
    if (record >= this.written) return this.pending.subarray((record - this.written) * this.width, (record - this.written + 1) * this.width);
    const bytes = new Uint8Array(this.readBack.buffer);
    for (let done = 0; done < this.recordBytes; ) {
      const read = readSync(descriptor, bytes, done, this.recordBytes - done, record * this.recordBytes + done);
      if (read === 0) throw new Error(`record ${record} is missing from its spill file`);
      done += read;
    }
    return this.readBack;
  }

  /** Deletes the file and its folder. */
  close(): void {
    closeSpill(this.folder, this.descriptor);
    this.descriptor = null;
  }

  private open(): number {
    if (this.descriptor === null) throw new Error(`spill file in ${this.folder} is closed`);
    return this.descriptor;
  }

  private flush(): void {
    const descriptor = this.open();
    const bytes = new Uint8Array(this.pending.buffer, 0, (this.count - this.written) * this.recordBytes);
    for (let done = 0; done < bytes.length; ) {
      done += writeSync(descriptor, bytes, done, bytes.length - done, this.written * this.recordBytes + done);
    }
    this.written = this.count;
  }
}
