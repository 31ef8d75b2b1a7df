// The per-message stage: one parsed message in, one compact summary out.
// It is pure (no shared state), so a worker thread can run it unchanged.
import { createHash } from 'node:crypto';
// Each detector is imported from its own module, not from detectors/index.ts,
// so a worker does not load the explanation code it never runs.
import { classifyMessage } from '../detectors/classify.js';
import { detectSignals, MAX_SCANNED_CHARS } from '../detectors/detect.js';
import { findFormRelay } from '../detectors/form-relay.js';
import { findForwardedSender } from '../detectors/forwarded.js';
import { authorOf, listAddressOf } from '../detectors/mailing-list.js';
import { extractNewLinesOf } from '../detectors/reply.js';
import type { RuleSet } from '../detectors/rule-set.js';
import { findSignatureCompany } from '../detectors/signature-company.js';
import type { MailMessage, MessageSummary } from '../types.js';
import { isOwnerSide, type OwnerSide } from './owners.js';

export interface AnalyzedMessage {
  summary: MessageSummary;
  /** Hash of the fields that make two copies of one message identical. */
  fingerprint: string;
  /** Hash of the Message-ID, in the fingerprint's form, or null when the message has none. */
  messageIdKey: string | null;
  /** The sender, when detection was skipped because `ownerSide` covers it; else null. */
  skippedSender: string | null;
}

/**
 * Classifies a message, runs detection on human mail, and drops the text. Mail
 * from `ownerSide` (the owners as known so far) skips detection, because the
 * owners' own mail never creates a signal. The caller checks the skipped
 * senders against the final owners.
 */
export function analyzeMessage(message: MailMessage, rules: RuleSet, ownerSide: OwnerSide | null = null): AnalyzedMessage {
  const classification = classifyMessage(message);
  const author = authorOf(message);
  const sender = author?.address ?? '';
  const isSkipped = classification.kind === 'human' && ownerSide !== null && sender !== '' && isOwnerSide(sender, ownerSide);
  const hits = classification.kind === 'human' && !isSkipped ? detectSignals(message, rules) : [];
  const summary: MessageSummary = {
    id: message.id,
    hasMessageId: message.hasMessageId,
    mailbox: message.mailbox,
    file: message.file,
    index: message.index,
    offset: message.offset,
    ...(message.attached === undefined ? {} : { attached: message.attached }),
    date: message.date,
    dateSource: message.dateSource,
    from: author,
    relayedBy: findFormRelay(message)?.relay ?? null,
    to: message.to,
    cc: message.cc,
    listAddress: listAddressOf(message),
    subject: message.subject,
    inReplyTo: message.inReplyTo,
    references: message.references,
    gmailThreadId: message.gmailThreadId,
    classification,
    hits,
    signatureCompany: hits.length > 0 ? findSignatureCompany(message.text) : null,
    referralText: hits.some((hit) => hit.category === 'referral') ? referralTextOf(message) : null,
  };
  // Read so that excluding a colleague's forward can name the mail it carried, left unread.
  const forwardedFrom = classification.kind === 'human' ? findForwardedSender(message.text) : null;
  if (forwardedFrom !== null) summary.forwardedFrom = forwardedFrom;
  const messageIdKey = message.hasMessageId ? createHash('sha256').update(message.id).digest('hex').slice(0, 32) : null;
  return { summary, fingerprint: fingerprintOf(message), messageIdKey, skippedSender: isSkipped ? sender : null };
}

/** Returns the new text that detection read, where a referral names the company it introduces. */
function referralTextOf(message: MailMessage): string {
  return extractNewLinesOf(message.text.slice(0, MAX_SCANNED_CHARS)).join('\n');
}

/**
 * Identifies a message across mailboxes. Without a Message-ID the id is a
 * hash of the raw bytes, and a client adds Status or X-Mozilla-Status lines
 * to its copy. So that id is left out, and copies compare by header date,
 * sender, subject and text.
 */
function fingerprintOf(message: MailMessage): string {
  const id = message.hasMessageId ? message.id : '';
  // A date read from the mbox separator line is when that copy was stored, not when it was sent.
  const date = message.dateSource === 'header' ? (message.date ?? '') : '';
  // The text gets its own update, so it is not copied into a joined string. A NUL
  // ends each field, so no surrogate pair spans two updates and the bytes stay the same.
  const hash = createHash('sha256');
  hash.update(`${id}\u0000${date}\u0000${message.from?.address ?? ''}\u0000${message.subject}\u0000`);
  hash.update(fingerprintText(message.text));
  hash.update('\u0000');
  // 128 bits keep accidental collisions out of reach while the set of seen messages stays small.
  return hash.digest('hex').slice(0, 32);
}

/**
 * Returns the text as fingerprintOf() hashes it. Copies in mbox, mboxrd, EML
 * and Maildir must compare equal, so the text leaves out what the file format
 * added. That is CRLF line ends, the blank line an mbox keeps before the next
 * "From " line, and the ">" that writers put before body lines starting with
 * "From " (mboxo quoting cannot be undone exactly). Each replace runs only on
 * text that contains what it removes.
 */
export function fingerprintText(text: string): string {
  let kept = text;
  if (kept.includes('\r')) kept = kept.replace(/\r\n?/g, '\n');
  if (kept.includes('>From ')) kept = kept.replace(/^>+(?=From )/gm, '');
  return kept.trimEnd();
}
