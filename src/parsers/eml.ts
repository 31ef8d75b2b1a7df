// Single .eml files and folder scans. A scan reads .eml and Apple Mail .emlx files anywhere,
// and Maildir messages under cur/ and new/, Maildir++ dot folders included. It also reads files
// without an extension that start like mail, because notmuch, MH and bare Maildir folders name
// messages that way. Maildir's tmp/ contains deliveries still being written, so it is never read.
import { open, readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { LeakError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../limits.js';
import type { Problem } from '../types.js';
import { parseEnvelope } from './mbox.js';
import { describeKnownFormat, describeStart, hintForExtension, looksLikeHeaderBlock } from './mail-sniff.js';

export interface EmlFile {
  /** Path joined onto the folder as given on the command line. */
  path: string;
  /** True when the file sits in a Maildir cur/ or new/ folder. */
  isMaildir: boolean;
  /**
   * True for a file without an extension outside Maildir cur/ and new/. It is read
   * when it starts like mail, else listed as EML_SKIPPED_FILE and not counted.
   */
  isUnnamed: boolean;
}

/** Action readEmlFile takes on a file that is not mail. */
export type NotMailAction = 'raise' | 'skip-message' | 'skip-file';

export interface PreparedEml {
  raw: Buffer;
  /** Date of a leading mbox envelope line, as ISO 8601 UTC. */
  envelopeDate: string | null;
  /** The whole file when it starts with an mbox envelope line, so it can be split as an mbox. */
  mboxBytes: Buffer | null;
}

/** A Maildir message name: a Unix time, a dot, a unique part, and optional flags after ":2,". */
const MAILDIR_NAME = /^\d{9,}\.[^/]+?(?::2,[A-Za-z]*)?$/;

const MAILDIR_FOLDERS = new Set(['cur', 'new']);

/** Maximum length of an .emlx file's first line: a byte count and its line break. */
const EMLX_LENGTH_LINE_BYTES = 24;

/**
 * Lists the message files under `root` in sorted order (code-unit order of the full path, so
 * runs are reproducible across locales). Files with an extension other than .eml, outside
 * Maildir cur/ and new/, are recorded as EML_SKIPPED_FILE problems.
 */
export async function listEmlFiles(root: string, problems: Problem[]): Promise<EmlFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: EmlFile[] = [];
  const skipped: Problem[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      continue;
    }
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full);
    const folders = relative.split(path.sep).slice(0, -1);
    const reason = reasonToSkip(entry, folders);
    if (reason !== null) {
      skipped.push({ code: 'EML_SKIPPED_FILE', file: full, where: '-', detail: `${reason}; skipped` });
      continue;
    }
    const isMaildir = folders.length > 0 && MAILDIR_FOLDERS.has(folders[folders.length - 1] ?? '');
    // A Maildir name ("1757322000.M123P456.host:2,S") has dots but no real extension.
    const extension = MAILDIR_NAME.test(entry.name) ? '' : path.extname(entry.name).toLowerCase();
    if (extension === '.eml' || extension === '.emlx' || isMaildir || extension === '') {
      files.push({ path: full, isMaildir, isUnnamed: extension === '' && !isMaildir });
    } else {
      skipped.push({
        code: 'EML_SKIPPED_FILE',
        file: full,
        where: '-',
        detail: `not an .eml or Maildir file (extension ${extension}); skipped${extensionHint(extension)}`,
      });
    }
  }
  skipped.sort((a, b) => comparePaths(a.file, b.file));
  problems.push(...skipped);
  return files.sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * Says why a folder-scan entry is not read, or null to read it. Nothing is
 * passed over without a problem entry, so the user can check what was left out.
 */
function reasonToSkip(entry: Dirent, folders: string[]): string | null {
  if (entry.isSymbolicLink()) return 'symbolic link, not followed (pass its target instead)';
  if (!entry.isFile()) return 'not a regular file';
  if (folders.includes('tmp')) return 'in a Maildir tmp/ folder, where messages are still being delivered';
  if (entry.name.startsWith('.') || folders.some((folder, at) => folder.startsWith('.') && !isMaildirPlusPlus(folders, at))) {
    return 'hidden file or folder';
  }
  return null;
}

/**
 * True when folders[at] is a Maildir++ folder (Dovecot, Courier: ".Sent", ".Customers.Acme")
 * and the file sits in its cur/ or new/. Maildir++ keeps each folder of a mailbox as a dot
 * folder beside the inbox's own cur/ new/ tmp/, so such a folder is mail, not a hidden file.
 */
function isMaildirPlusPlus(folders: string[], at: number): boolean {
  return at === folders.length - 2 && (folders[at] ?? '').length > 1 && MAILDIR_FOLDERS.has(folders[at + 1] ?? '');
}

/**
 * Reads one message file, or handles a file that is not mail as `onNotMail` requests.
 * 'raise' raises INPUT_NOT_MAIL, for a file named directly. 'skip-message' returns null
 * with an EML_NOT_MAIL problem, for an .eml file counted as a skipped message.
 * 'skip-file' returns null with an EML_SKIPPED_FILE problem, for a file without an extension.
 */
export async function readEmlFile(
  file: string,
  problems: Problem[],
  onNotMail: NotMailAction,
): Promise<PreparedEml | null> {
  const head = await readHead(file, MAX_MESSAGE_BYTES);
  const { bytes, isTruncated } = /\.emlx$/i.test(file) ? unwrapEmlx(head) : head;
  const prepared = prepareEml(bytes);
  if (looksLikeHeaderBlock(skipBom(prepared.raw))) {
    if (isTruncated) {
      problems.push({
        code: 'EML_MESSAGE_TRUNCATED',
        file,
        where: '-',
        detail: `message is larger than ${MAX_MESSAGE_BYTES} bytes; only the first ${MAX_MESSAGE_BYTES} were read`,
      });
    }
    return prepared;
  }
  if (onNotMail === 'skip-file') {
    problems.push({
      code: 'EML_SKIPPED_FILE',
      file,
      where: '-',
      detail: `no extension, and it starts with ${describeStart(bytes)}, not a mail header; skipped`,
    });
    return null;
  }
  const known = describeKnownFormat(bytes);
  if (onNotMail === 'raise' && known !== null) {
    throw new LeakError('INPUT_NOT_MAIL', `${file} is not an e-mail file: ${known}.`);
  }
  if (onNotMail === 'raise') {
    throw new LeakError(
      'INPUT_NOT_MAIL',
      `${file} is not an e-mail file (it starts with ${describeStart(bytes)}); ` +
        'pass a .eml file, a Maildir folder or an mbox export.',
    );
  }
  problems.push({
    code: 'EML_NOT_MAIL',
    file,
    where: '-',
    detail: known === null ? `file starts with ${describeStart(bytes)}, not a mail header; skipped` : `not mail, ${known}; skipped`,
  });
  return null;
}

/** Reads at most `limit` bytes of a file, so an oversized file is never loaded whole. */
async function readHead(file: string, limit: number): Promise<{ bytes: Buffer; isTruncated: boolean }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(Math.min(size, limit));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) {
        break;
      }
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), isTruncated: size > limit };
  } finally {
    await handle.close();
  }
}

/**
 * Takes the message out of an Apple Mail .emlx file: a first line with the message's
 * length in bytes, the message, then a property list of flags, which is dropped.
 * Bytes without that first line are returned as they are.
 */
export function unwrapEmlx(head: { bytes: Buffer; isTruncated: boolean }): { bytes: Buffer; isTruncated: boolean } {
  const { bytes } = head;
  const newline = bytes.indexOf(0x0a);
  const match = newline > 0 && newline <= EMLX_LENGTH_LINE_BYTES ? /^\s*(\d+)\s*$/.exec(bytes.toString('latin1', 0, newline)) : null;
  if (match === null) {
    return head;
  }
  const end = newline + 1 + Number(match[1]);
  return { bytes: bytes.subarray(newline + 1, Math.min(end, bytes.length)), isTruncated: head.isTruncated && end > bytes.length };
}

/** Drops a leading mbox "From " envelope line, keeping its date as the envelope date. */
export function prepareEml(bytes: Buffer): PreparedEml {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.toString('latin1', start, start + 5) !== 'From ') {
    return { raw: bytes, envelopeDate: null, mboxBytes: null };
  }
  const newline = bytes.indexOf(0x0a, start);
  const lineEnd = newline < 0 ? bytes.length : newline;
  const envelope = parseEnvelope(bytes.toString('latin1', start + 5, lineEnd).replace(/\r$/, ''));
  return {
    raw: bytes.subarray(Math.min(bytes.length, lineEnd + 1)),
    envelopeDate: envelope.date,
    mboxBytes: bytes,
  };
}

/** Returns ` (what to do instead)` for an extension such as .msg or .zip, else an empty string. */
function extensionHint(extension: string): string {
  const hint = hintForExtension(extension);
  return hint === null ? '' : ` (${hint})`;
}

/** Orders paths by UTF-16 code units, independent of locale. */
function comparePaths(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function skipBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}
