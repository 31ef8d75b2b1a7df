// `leak catalog discover --mbox F [--eml D]`: reads a mailbox and prints the offer catalogue it
// names (plans, add-ons, billing units) as YAML that `--catalog` reads, with a comment per entry,
// so that a consultant can check and edit it. `leak audit --catalog auto` uses the same pass.
import { CatalogDiscovery, formatDiscovered, type DiscoveredCatalog, type DiscoveryMessage, type DiscoveryRead } from '../detectors/catalog-discover.js';
import { classifyMessage } from '../detectors/classify.js';
import type { Catalog } from '../detectors/catalog.js';
import { LeakError } from '../errors.js';
import { readMailSource, type MailboxCounts, type MailSource } from '../parsers/mail-sources.js';
import type { MailMessage, MessageKind, Problem } from '../types.js';
import type { Io } from './io.js';
import { rejectNoMail } from './no-mail.js';
import { cleanForTerminal } from '../report/control-chars.js';

/** Returns a reply's subject without its "Re:", "Fwd:" or "TR :" prefixes, as a fallback thread key. */
function baseSubject(subject: string): string {
  return subject.replace(/^(?:\s*(?:re|fwd?|tr|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+/iu, '').trim().toLowerCase();
}

/** Returns a parsed message as discovery reads it: subject and body, with its senders' and recipients' names. */
export function discoveryMessage(message: MailMessage): DiscoveryMessage {
  const thread = message.gmailThreadId ?? message.references[0] ?? message.inReplyTo ?? `subject:${baseSubject(message.subject)}`;
  const people = [message.from, ...message.to, ...message.cc].flatMap((address) => (address === null ? [] : [`${address.name} ${address.address}`]));
  const date = message.date === null ? '' : `${message.date.slice(0, 10)} `;
  return { thread, id: message.id, where: `${date}${message.subject}`.trim(), text: `${message.subject}\n\n${message.text}`, people };
}

/**
 * Kinds of mail that discovery leaves out as the audit does, so that a newsletter's "Pro plan" is
 * never an entry's evidence. Sent mail and chats stay in, because the owner names the offers most.
 */
const LEFT_OUT: ReadonlySet<MessageKind> = new Set<MessageKind>(['auto-reply', 'bulk', 'spam', 'deleted']);

/** A discovered catalogue with what its reads met. */
export interface DiscoveryRun extends DiscoveredCatalog {
  read: DiscoveryRead;
  /** Messages parsed and skipped as unreadable per source, from the first read. */
  mailboxes: MailboxCounts[];
}

/**
 * Discovers the catalogue of the sources, reading their messages twice, one at a time, so memory
 * does not grow with the mail (see CatalogDiscovery). The second read is skipped when the first
 * found no name it could change. Both reads leave out the kinds of LEFT_OUT, which the first read
 * counts. Problems met while reading (skipped or damaged messages) are added to `problems` from
 * the first read only, because the second meets the same ones.
 */
export async function discoverFromSources(sources: readonly MailSource[], label: string, problems: Problem[] = []): Promise<DiscoveryRun> {
  const discovery = new CatalogDiscovery();
  const read: DiscoveryRead = { messages: 0, excluded: {} };
  const mailboxes: MailboxCounts[] = [];
  for (const source of sources) {
    const { messages, counts } = readMailSource(source, problems);
    mailboxes.push(counts);
    for await (const message of messages) {
      read.messages += 1;
      const kind = classifyMessage(message).kind;
      if (LEFT_OUT.has(kind)) {
        read.excluded[kind] = (read.excluded[kind] ?? 0) + 1;
        continue;
      }
      discovery.readFrames(discoveryMessage(message));
    }
  }
  if (discovery.needsSecondRead()) {
    const again: Problem[] = [];
    for (const source of sources) {
      for await (const message of readMailSource(source, again).messages) {
        if (LEFT_OUT.has(classifyMessage(message).kind)) continue;
        discovery.readAgain(discoveryMessage(message));
      }
    }
  }
  return { ...discovery.result(label), read, mailboxes };
}

/** Describes the discovered entries in one line, for the report of `leak audit --catalog auto`. */
export function describeDiscovered(found: DiscoveredCatalog): string {
  const catalog = found.catalog;
  if (catalog === null) return 'catalogue discovered in the mailbox: none (no offer name passed the bar)';
  const list = (label: string, names: string[]) => (names.length === 0 ? [] : [`${label} ${names.join(', ')}`]);
  const parts = [
    ...list(found.ordered ? 'plans (lowest first)' : 'plans (order unknown)', catalog.plans.map((entry) => entry.name)),
    ...list('add-ons', catalog.addons.map((entry) => entry.name)),
    ...list('units', catalog.units.map((entry) => entry.name)),
  ];
  return `catalogue discovered in the mailbox: ${parts.join('; ')}`;
}

/**
 * Discovers the catalogue of the audited mail for `--catalog auto`, named in the report by its
 * entries; returns null when no name passed the bar.
 */
export async function discoverCatalogOf(sources: readonly MailSource[]): Promise<Catalog | null> {
  const found = await discoverFromSources(sources, '');
  return found.catalog === null ? null : { ...found.catalog, file: describeDiscovered(found) };
}

export interface CatalogDiscoverFlags {
  mbox: string[];
  eml: string[];
  /** Switch set by --quiet, which keeps stderr to warnings as in audit. */
  quiet: boolean;
  /** Switch set by --verbose, which lists every problem met while reading, not only the first. */
  verbose: boolean;
}

/** Runs `leak catalog discover` and returns its exit code. */
export async function catalogDiscoverCommand(flags: CatalogDiscoverFlags, io: Io): Promise<number> {
  if (flags.quiet && flags.verbose) throw new LeakError('USAGE', '--quiet and --verbose contradict each other; pass one of them.');
  const sources: MailSource[] = [
    ...flags.mbox.map((path): MailSource => ({ kind: 'mbox', path })),
    ...flags.eml.map((path): MailSource => ({ kind: 'eml', path })),
  ];
  if (sources.length === 0) throw new LeakError('USAGE', 'catalog discover needs --mbox FILE or --eml FOLDER, the mail to read the offer names from.');
  const problems: Problem[] = [];
  const found = await discoverFromSources(sources, 'discovered catalogue', problems);
  // An input with no message fails as in `leak audit`, instead of printing an empty catalogue.
  if (found.read.messages === 0) rejectNoMail(found.mailboxes, problems);
  io.stdout(formatDiscovered(found, cleanForTerminal([...flags.mbox, ...flags.eml].join(', ')), found.read));
  if (problems.length > 0 && flags.verbose) {
    io.stderr(`leak: reading the mail gave ${problems.length} problem(s), such as skipped or damaged messages, which discovery may have missed:\n`);
    for (const problem of problems) io.stderr(`  ${cleanForTerminal(`${problem.file} ${problem.where}: ${problem.detail}`)}\n`);
  } else if (problems.length > 0) {
    const first = problems[0] as Problem;
    io.stderr(`leak: reading the mail gave ${problems.length} problem(s), such as skipped or damaged messages, which discovery may have missed; the first: ${cleanForTerminal(`${first.file} ${first.where}: ${first.detail}`)}. Run with --verbose to list them all.\n`);
  }
  return 0;
}
