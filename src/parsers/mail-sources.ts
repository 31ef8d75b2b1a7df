// Entry point of the mail-reading stage: turns an --mbox or --eml argument into a stream of
// MailMessage records plus per-mailbox counts.
import { createReadStream, readdirSync, statSync, type ReadStream, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { isLeakError, LeakError } from '../errors.js';
import type { MailMessage, Problem } from '../types.js';
import { listEmlFiles, readEmlFile, type NotMailAction } from './eml.js';
import { MessageBlocks, type MessageBlock } from './message-blocks.js';
import { splitMbox } from './mbox.js';
import { parseMessage } from './message.js';
import type { ParseContext } from './message.js';

export interface MailSource {
  kind: 'mbox' | 'eml';
  path: string;
}

export interface MailboxCounts {
  path: string;
  /** Messages parsed and yielded. */
  messages: number;
  /** Messages skipped, each with a Problem; files a folder scan passes over are Problems only. */
  skipped: number;
}

/** Read size for mbox files; large reads keep the per-chunk scanning overhead small. */
const READ_CHUNK_BYTES = 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];

/** Files named in the error for a folder of mbox files given to --mbox. */
const MBOX_FILES_SHOWN = 3;

/** One message as bytes, with what its parse needs to know about where it came from. */
export interface RawMailItem {
  raw: Buffer;
  /** Bytes the message takes in its file, for progress; larger than `raw` when attachment bodies were dropped. */
  size: number;
  context: ParseContext;
  /** Block that contains `raw`, if any (see releaseRawMail). */
  block?: MessageBlock | null;
}

/**
 * Tells the reader that `item.raw` is no longer read, so its memory may take
 * later messages. Call it once per item, after the last use of `raw` and of
 * every view of it. An item never released only costs memory.
 */
export function releaseRawMail(item: RawMailItem): void {
  item.block?.release();
}

/**
 * Opens a mail source. Raises INPUT_NOT_FOUND at once for a missing path; other input
 * errors (INPUT_NOT_MAIL, INPUT_UNREADABLE) are raised while iterating. `counts` fills in
 * as iteration proceeds.
 */
export function readMailSource(
  source: MailSource,
  problems: Problem[],
): { messages: AsyncIterable<MailMessage>; counts: MailboxCounts } {
  const { items, counts } = readRawMail(source, problems);
  return { messages: parseItems(items, counts, problems), counts };
}

/**
 * Opens a mail source without parsing its messages, so the parse can run elsewhere (a
 * worker thread). The caller parses each item and adds its outcome to `counts`: one
 * `messages` for a parsed message, one `skipped` for a null parse. Items that never reach
 * the parse (unreadable files in a folder scan) are counted here.
 */
export function readRawMail(
  source: MailSource,
  problems: Problem[],
): { items: AsyncIterable<RawMailItem>; counts: MailboxCounts } {
  const stats = statPath(source);
  // A pipe (`--mbox <(zcat x.gz)`) can be read once only, but its first bytes are read to
  // sniff gzip, and a wrong owner guess makes the audit read every input again.
  if (!stats.isFile() && !stats.isDirectory()) {
    const option = source.kind === 'mbox' ? '--mbox' : '--eml';
    const detail = `${source.path} is a pipe or device, not a file; save the export to a file and pass that to ${option}.`;
    throw new LeakError('INPUT_UNREADABLE', detail);
  }
  const counts: MailboxCounts = { path: source.path, messages: 0, skipped: 0 };
  const items =
    source.kind === 'mbox'
      ? readMbox(source.path, stats, problems)
      : readEml(source.path, stats, counts, problems);
  return { items, counts };
}

async function* parseItems(
  items: AsyncIterable<RawMailItem>,
  counts: MailboxCounts,
  problems: Problem[],
): AsyncGenerator<MailMessage> {
  for await (const item of items) {
    // NOTE: messages attached as message/rfc822 are not yielded here, so `--catalog auto`
    // discovery does not read them. The audit reads them through processItem().
    const message = await parseMessage(item.raw, item.context, problems);
    releaseRawMail(item);
    if (message === null) {
      counts.skipped += 1;
    } else {
      counts.messages += 1;
      yield message;
    }
  }
}

function statPath(source: MailSource): Stats {
  try {
    return statSync(source.path);
  } catch {
    const option = source.kind === 'mbox' ? '--mbox' : '--eml';
    throw new LeakError('INPUT_NOT_FOUND', `${source.path} not found; check the path given to ${option}.`);
  }
}

async function* readMbox(given: string, stats: Stats, problems: Problem[]): AsyncGenerator<RawMailItem> {
  if (!stats.isDirectory()) {
    yield* readMboxFile(given, given, given, 0, problems);
    return;
  }
  // An Apple Mail bundle contains its own mbox file and the bundles of its subfolders
  // ("Inbox.mbox/Customers.mbox/mbox"); each is read, the given bundle first. The index
  // runs on across them, so every message of the mailbox has its own.
  let index = 0;
  for (const bundle of appleMailBundles(given, problems)) {
    let read = 0;
    try {
      for await (const item of readMboxFile(given, bundle.folder, bundle.file, index, problems)) {
        read = item.context.index - index + 1;
        yield item;
      }
    } catch (error) {
      // A nested bundle that is not mail is skipped with a problem, as one file of a folder scan is.
      if (bundle.folder === given || read > 0 || !isLeakError(error) || error.code !== 'INPUT_NOT_MAIL') throw error;
      const reason = error.message.startsWith(`${bundle.folder} `) ? error.message.slice(bundle.folder.length + 1) : error.message;
      problems.push({ code: 'MBOX_BUNDLE_SKIPPED', file: bundle.folder, where: '-', detail: `${reason.replace(/\.$/, '')}; skipped` });
    }
    index += read;
  }
}

/** Reads one mbox file of the mailbox `given`; problems and messages name it as `name`. */
async function* readMboxFile(
  given: string,
  name: string,
  file: string,
  firstIndex: number,
  problems: Problem[],
): AsyncGenerator<RawMailItem> {
  const isGzip = await hasGzipMagic(file);
  let stream: ReadStream | null = null;
  let input: AsyncIterable<Buffer>;
  if (isGzip) {
    stream = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    const gunzip = stream.pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES }));
    stream.on('error', (error) => gunzip.destroy(error));
    input = gunzip;
  } else {
    input = readChunks(file);
  }

  try {
    for await (const raw of splitMbox(input, name, problems)) {
      const context = {
        mailbox: given,
        file: name,
        index: firstIndex + raw.index,
        offset: raw.offset,
        envelopeDate: raw.envelope?.date ?? null,
        contentDigest: raw.contentDigest,
      };
      yield { raw: raw.raw, size: raw.size, context, block: raw.block };
    }
  } catch (error) {
    throw toInputError(error, name);
  } finally {
    stream?.destroy();
  }
}

/**
 * Reads a file in chunks of READ_CHUNK_BYTES into one buffer, reused for every read:
 * each chunk is valid only until the next read. The mbox scanner copies what it keeps.
 */
async function* readChunks(file: string): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafeSlow(READ_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK_BYTES, null);
      if (bytesRead === 0) {
        return;
      }
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Lists the mbox files of an Apple Mail bundle: its own, then those of the bundles
 * nested in it, depth first in code-unit order. `folder` names each in problems.
 * Raises INPUT_NOT_MAIL, as appleMailFile does, when the given folder is no bundle.
 */
function appleMailBundles(given: string, problems: Problem[]): Array<{ folder: string; file: string }> {
  const nested = nestedBundles(given);
  const own = nested.length === 0 ? appleMailFile(given) : ownMboxFile(given);
  const bundles = own === null ? [] : [{ folder: given, file: own }];
  for (const folder of nested) {
    const file = ownMboxFile(folder);
    if (file !== null) {
      bundles.push({ folder, file });
    } else if (!nested.some((other) => other.startsWith(folder + path.sep))) {
      problems.push({ code: 'MBOX_BUNDLE_EMPTY', file: folder, where: '-', detail: 'Apple Mail bundle without an mbox file; skipped' });
    }
  }
  return bundles;
}

/** Returns the `mbox` file directly inside a bundle folder, or null. */
function ownMboxFile(folder: string): string | null {
  const inner = path.join(folder, 'mbox');
  try {
    return statSync(inner).isFile() ? inner : null;
  } catch {
    return null;
  }
}

/** Lists every folder named *.mbox below `folder`, at any depth, depth first in code-unit order. */
function nestedBundles(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const names = entries
    .filter((entry) => entry.isDirectory() && /\.mbox$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return names.flatMap((name) => {
    const inner = path.join(folder, name);
    return [inner, ...nestedBundles(inner)];
  });
}

/** Returns the `mbox` file inside an Apple Mail .mbox bundle folder. */
function appleMailFile(folder: string): string {
  const inner = path.join(folder, 'mbox');
  try {
    if (statSync(inner).isFile()) {
      return inner;
    }
  } catch {
    // Handled below: a folder without an mbox file is not an Apple Mail bundle.
  }
  const mboxFiles = listMboxFiles(folder);
  if (mboxFiles.length > 0) {
    const shown = mboxFiles.slice(0, MBOX_FILES_SHOWN).map((name) => `--mbox ${path.join(folder, name)}`);
    const more = mboxFiles.length > MBOX_FILES_SHOWN ? ' …' : '';
    const count = mboxFiles.length === 1 ? '1 mbox file' : `${mboxFiles.length} mbox files`;
    throw new LeakError(
      'INPUT_NOT_MAIL',
      `${folder} is a folder of ${count}, not an Apple Mail bundle; --mbox reads one file, ` +
        `so pass one --mbox per file: ${shown.join(' ')}${more}`,
    );
  }
  throw new LeakError(
    'INPUT_NOT_MAIL',
    `${folder} is a folder without an mbox file inside; pass folders of .eml or Maildir files with --eml.`,
  );
}

/** Lists the .mbox and .mbox.gz files directly in a folder, sorted by code unit, or none when it cannot be read. */
function listMboxFiles(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.mbox(\.gz)?$/i.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

async function hasGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

async function* readEml(
  given: string,
  stats: Stats,
  counts: MailboxCounts,
  problems: Problem[],
): AsyncGenerator<RawMailItem> {
  const isFolder = stats.isDirectory();
  const files = isFolder ? await listEmlFiles(given, problems) : [{ path: given, isMaildir: false, isUnnamed: false }];

  let index = 0;
  // Files saved from an mbox share one set of blocks, instead of a set each.
  const blocks = new MessageBlocks();
  for (const file of files) {
    const prepared = isFolder
      ? await readEmlOrSkip(file.path, problems, file.isUnnamed ? 'skip-file' : 'skip-message')
      : await readEmlOrRaise(file.path, problems);
    if (prepared === 'not-counted') {
      continue;
    }
    if (prepared === null) {
      index += 1;
      counts.skipped += 1;
      continue;
    }
    if (prepared.mboxBytes !== null) {
      // A file that starts with an mbox envelope line may hold many messages (an mbox
      // saved as .eml): split it, so each message is read and counted.
      for await (const raw of splitMbox(singleChunk(prepared.mboxBytes), file.path, problems, blocks)) {
        const envelopeDate = raw.envelope?.date ?? null;
        const context = { mailbox: given, file: file.path, index, offset: raw.offset, envelopeDate, contentDigest: raw.contentDigest };
        yield { raw: raw.raw, size: raw.size, context, block: raw.block };
        index += 1;
      }
      continue;
    }
    const context = { mailbox: given, file: file.path, index, offset: null, envelopeDate: prepared.envelopeDate };
    index += 1;
    yield { raw: prepared.raw, size: prepared.raw.length, context };
  }
}

async function* singleChunk(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/**
 * In a folder scan, one unreadable file is skipped with a problem instead of ending the
 * audit. Returns 'not-counted' for a file without an extension that is not mail.
 */
async function readEmlOrSkip(file: string, problems: Problem[], onNotMail: NotMailAction) {
  try {
    const prepared = await readEmlFile(file, problems, onNotMail);
    return prepared === null && onNotMail === 'skip-file' ? 'not-counted' : prepared;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    problems.push({ code: 'EML_UNREADABLE', file, where: '-', detail: `cannot be read (${detail}); skipped` });
    return null;
  }
}

async function readEmlOrRaise(file: string, problems: Problem[]) {
  try {
    return await readEmlFile(file, problems, 'raise');
  } catch (error) {
    throw toInputError(error, file);
  }
}

function toInputError(error: unknown, file: string): LeakError {
  if (isLeakError(error)) {
    return error;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new LeakError('INPUT_UNREADABLE', `${file} could not be read (${detail}); check that the file is complete and readable.`);
}
