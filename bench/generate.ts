// Deterministic benchmark corpus: an mbox of a requested size plus the
// matching CRM CSV. The same seed and size give byte-identical files.
// Run alone: `node dist/bench/generate.js --size 50MB --seed 1 [--out DIR]`.
// NOTE: sizes and dates go through Math.log and Math.pow, which ECMAScript
// leaves implementation-defined, so identity is only tested within one Node version.
import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { buildCompanies } from './companies.js';
import { writeCrm } from './crm.js';
import { MessageFactory } from './messages.js';
import type { MessageKind } from './messages.js';
import { Random } from './random.js';
import { formatSize, parseSize } from './size.js';
import { LeakError } from '../src/errors.js';

/** Share of mbox bytes that attachments aim for, close to what business mailboxes show. */
const ATTACHMENT_SHARE = 0.6;

/** Raw attachment sizes (before base64) of ordinary messages. */
const MIN_ATTACHMENT_BYTES = 20_000;
const MAX_ATTACHMENT_BYTES = 800_000;

/** Raw sizes of `--big-attachments` files: 15-37 MB raw is 20-50 MB once base64-encoded. */
const MIN_BIG_ATTACHMENT_BYTES = 15_000_000;
const MAX_BIG_ATTACHMENT_BYTES = 37_000_000;

/** One big attachment per this many corpus bytes, at most MAX_BIG_ATTACHMENTS. */
const BYTES_PER_BIG_ATTACHMENT = 200e6;
const MAX_BIG_ATTACHMENTS = 5;

/** Rough mean size of a message with attachments included, to spread dates over a year. */
const MEAN_MESSAGE_BYTES = 16_000;

/** Output is buffered into writes of about this size. */
const WRITE_CHUNK_BYTES = 4 * 1024 * 1024;

export interface GenerateOptions {
  sizeBytes: number;
  seed: number;
  /** Folder to write `bench.mbox` and `crm.csv` into; it must exist. */
  folder: string;
  hasBigAttachments: boolean;
}

export interface GeneratedCorpus {
  mboxPath: string;
  crmPath: string;
  bytes: number;
  messages: number;
  byKind: Record<MessageKind, number>;
  /** Messages whose new text carries a planted buying signal. */
  signalMessages: number;
  attachmentBytes: number;
  bigAttachments: number;
  companies: number;
  crmRows: number;
}

/** Decides the raw attachment size for the next message: 0 for none. */
class AttachmentPlan {
  private readonly random: Random;
  private readonly sizeBytes: number;
  private readonly bigPlanned: number;
  bigPlaced = 0;

  constructor(random: Random, options: GenerateOptions) {
    this.random = random;
    this.sizeBytes = options.sizeBytes;
    const planned = Math.floor(options.sizeBytes / BYTES_PER_BIG_ATTACHMENT);
    this.bigPlanned = options.hasBigAttachments ? Math.min(MAX_BIG_ATTACHMENTS, Math.max(1, planned)) : 0;
  }

  next(written: number, attachmentBytes: number): number {
    // Raw bytes grow by 4/3 in base64; keep a margin so the file ends near the requested size.
    const room = Math.floor(((this.sizeBytes - written) * 3) / 4 - 4000);
    const bigDue = this.bigPlaced < this.bigPlanned && written >= ((this.bigPlaced + 0.5) * this.sizeBytes) / this.bigPlanned;
    if (bigDue && room >= MIN_BIG_ATTACHMENT_BYTES) {
      this.bigPlaced += 1;
      return Math.min(room, this.random.int(MIN_BIG_ATTACHMENT_BYTES, MAX_BIG_ATTACHMENT_BYTES));
    }
    // Steer toward the target share: attach only while attachments are below it.
    const isBelowShare = attachmentBytes < ATTACHMENT_SHARE * written;
    if (!isBelowShare || !this.random.chance(0.35)) return 0;
    const bytes = Math.min(Math.floor(room * 0.7), this.random.logUniform(MIN_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES));
    return bytes >= 2_000 ? bytes : 0;
  }
}

async function writeChunk(stream: WriteStream, parts: string[]): Promise<void> {
  if (parts.length === 0) return;
  if (!stream.write(Buffer.from(parts.join(''), 'latin1'))) await once(stream, 'drain');
}

/** Streams the mbox and writes the CRM CSV into `options.folder`. */
export async function generateCorpus(options: GenerateOptions): Promise<GeneratedCorpus> {
  const mboxPath = path.join(options.folder, 'bench.mbox');
  const crmPath = path.join(options.folder, 'crm.csv');
  const companies = buildCompanies(options.seed);
  const crmRows = writeCrm(crmPath, companies, options.seed);

  const master = new Random(options.seed);
  const factory = new MessageFactory(master.fork(), companies, options.seed, options.sizeBytes / MEAN_MESSAGE_BYTES);
  const plan = new AttachmentPlan(master.fork(), options);
  const byKind: Record<MessageKind, number> = { thread: 0, newsletter: 0, 'auto-reply': 0, internal: 0 };
  const stream = createWriteStream(mboxPath);
  let written = 0;
  let attachmentBytes = 0;
  let messages = 0;
  let signalMessages = 0;
  let pending: string[] = [];
  let pendingBytes = 0;

  while (written < options.sizeBytes) {
    const message = factory.next(plan.next(written, attachmentBytes));
    pending.push(message.text);
    pendingBytes += message.text.length;
    written += message.text.length;
    attachmentBytes += message.attachmentBytes;
    messages += 1;
    byKind[message.kind] += 1;
    if (message.hasSignal) signalMessages += 1;
    if (pendingBytes >= WRITE_CHUNK_BYTES) {
      await writeChunk(stream, pending);
      pending = [];
      pendingBytes = 0;
    }
  }
  await writeChunk(stream, pending);
  stream.end();
  await once(stream, 'finish');

  return {
    mboxPath,
    crmPath,
    bytes: written,
    messages,
    byKind,
    signalMessages,
    attachmentBytes,
    bigAttachments: plan.bigPlaced,
    companies: companies.length,
    crmRows,
  };
}

/** Parses a `--seed` value: a non-negative integer below 2^32. */
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new LeakError('USAGE', `invalid --seed "${text}": use an integer from 0 to 4294967295.`);
  }
  return seed;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('generate')
    .description('Write a deterministic benchmark mbox and CRM CSV.')
    .option('--size <size>', 'mbox size, such as 200KB, 50MB or 1GB (decimal units)', '50MB')
    .option('--seed <n>', 'PRNG seed; the same seed and size give the same bytes', '1')
    .option('--out <folder>', 'folder to write into (default: a new folder under the system temp folder)')
    .option('--big-attachments', 'add a few 20-50 MB attachments', false)
    .parse(argv, { from: 'user' });
  const flags = program.opts<{ size: string; seed: string; out?: string; bigAttachments: boolean }>();
  const folder = flags.out ?? mkdtempSync(path.join(os.tmpdir(), 'leak-bench-'));
  mkdirSync(folder, { recursive: true });
  const corpus = await generateCorpus({
    sizeBytes: parseSize(flags.size),
    seed: parseSeed(flags.seed),
    folder,
    hasBigAttachments: flags.bigAttachments,
  });
  process.stderr.write(`wrote ${formatSize(corpus.bytes)}, ${corpus.messages} messages to ${corpus.mboxPath}\n`);
  process.stdout.write(JSON.stringify(corpus, null, 2) + '\n');
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
