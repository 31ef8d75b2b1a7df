// Shared helpers for the mail-reading tests: run a source or a byte string to the end.
import { Readable } from 'node:stream';
import { readMailSource, type MailSource } from '../../../src/parsers/mail-sources.js';
import { splitMbox, type RawMessage } from '../../../src/parsers/mbox.js';
import type { MailMessage, Problem } from '../../../src/types.js';

export interface SourceRun {
  messages: MailMessage[];
  problems: Problem[];
  counts: { messages: number; skipped: number };
}

export async function readAll(source: MailSource): Promise<SourceRun> {
  const problems: Problem[] = [];
  const { messages, counts } = readMailSource(source, problems);
  const collected: MailMessage[] = [];
  for await (const message of messages) {
    collected.push(message);
  }
  return { messages: collected, problems, counts };
}

/** Splits `bytes` fed in chunks of `chunkSize` bytes (all at once when omitted). */
export async function splitBytes(
  bytes: Buffer,
  chunkSize = bytes.length || 1,
): Promise<{ raws: RawMessage[]; problems: Problem[] }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    chunks.push(bytes.subarray(i, i + chunkSize));
  }
  const problems: Problem[] = [];
  const raws: RawMessage[] = [];
  for await (const raw of splitMbox(Readable.from(chunks), 'test.mbox', problems)) {
    raws.push(raw);
  }
  return { raws, problems };
}

export function text(raw: RawMessage): string {
  return raw.raw.toString('utf8');
}
