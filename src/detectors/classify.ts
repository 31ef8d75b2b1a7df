// Tells human mail from automated mail, so out-of-office replies and campaigns
// never count as customer signals. Headers decide first (RFC 3834 and the
// de-facto bulk headers), then the subject and the opening of the text, then
// the weighted bulk evidence of bulk-evidence.ts.
import path from 'node:path';
import type { Classification, MailMessage } from '../types.js';
import { fromBulkContent, isDiscussionList, isReply, senderOf } from './bulk-evidence.js';
import { findFormRelay, NO_REPLY_SENDER } from './form-relay.js';
import { foldText } from './normalize.js';

/** Characters of text read for an out-of-office opening. */
const OUT_OF_OFFICE_WINDOW = 300;

const SENT_LABELS = new Set(['sent', 'sent mail', 'sent items', 'envoyes', 'messages envoyes', 'elements envoyes']);
const CHAT_LABELS = new Set(['chat', 'chats']);
const SPAM_LABELS = new Set(['spam', 'junk', 'pourriel', 'courrier indesirable', 'indesirables']);
const TRASH_LABELS = new Set(['trash', 'bin', 'corbeille', 'deleted items', 'elements supprimes']);
const BULK_CATEGORY_LABELS = new Set(['category promotions', 'categorie promotions', 'promotions']);

/** Thunderbird's X-Mozilla-Status bit for a message deleted but not yet compacted away. */
const MOZILLA_EXPUNGED = 0x0008;

/**
 * Flags of a Maildir file name ("1757000005.M5P1.host:2,ST"): the standard ones
 * are upper-case letters after ":2,", and T (trashed) marks a message deleted
 * but not yet expunged. Lower-case letters are Dovecot keywords, not flags.
 */
const MAILDIR_FLAGS = /:2,([A-Za-z]*)$/;

const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder'];
const CAMPAIGN_HEADERS = ['feedback-id', 'x-campaign', 'x-campaign-id', 'x-campaignid', 'x-mc-user', 'x-mailjet-campaign', 'x-sib-id', 'x-sfmc-stack', 'x-csa-complaints'];
// `Precedence: list` is left out because discussion lists set it on every
// post by a person, and those posts can carry buying signals.
const BULK_PRECEDENCE = new Set(['bulk', 'junk']);
const AUTO_PRECEDENCE = new Set(['auto_reply', 'auto-reply']);


// A subject that names the absence notice itself ("Message d'absence", "Out of office
// notice") is one too, while "Absence de Paul lundi" names a colleague's absence.
const AUTO_SUBJECT =
  /^\s*(?:automatic reply|auto(?:matic)?[- ]?reply|autoreply|r[ée]ponse automatique|out of (?:the )?office(?: (?:reply|notice|message))?|absence(?: (?:notice|message))?|(?:message|avis|notification) d['’]absence|abwesenheit(?:snotiz)?|respuesta autom[áa]tica|risposta automatica)\b\s*(?::|$)/i;
// Weaker absence wording, trusted only together with X-Auto-Response-Suppress.
const ABSENCE_WORDS = /\b(?:absente?|away|vacation|holiday|conges?|vacances|jusqu'au|until|back on|de retour)\b/;
// Return cues: the return date or another contact, which an auto-reply adds after its absence sentence.
const RETURN_CUE =
  /\b(?:until|till|back on|back in the office|returning|return on|i will return|limited access|no access|urgent|in my absence|contact|jusqu'au|jusqu a|de retour|retour le|acces limite|en cas d'urgence|pendant mon absence|contacter)\b/;

/** Characters after the absence wording searched for a return cue. */
const RETURN_CUE_WINDOW = 200;

const OUT_OF_OFFICE_TEXT =
  /\b(?:i am|i'm|i will be)\s+(?:currently\s+)?(?:out of (?:the )?office|on (?:vacation|holiday|leave|annual leave)|away from (?:the )?office)|\bje (?:suis|serai) (?:actuellement )?(?:absente?|en conges?|en vacances)\b/;

function headerValue(message: MailMessage, name: string): string | null {
  const value = message.headers[name];
  return value === undefined ? null : value.trim();
}

/**
 * Mail the user never kept as live mail: deleted in Thunderbird (still in
 * the file until compaction) or trashed in a Maildir, flagged as spam by the server's filter, or in
 * Gmail's Spam or Trash (Takeout exports them with everything else).
 */
function fromMailboxState(message: MailMessage): Classification | null {
  if (isMaildirTrashed(message.file)) {
    return { kind: 'deleted', reason: `Maildir flag T in ${path.basename(message.file)} (trashed, not yet expunged)` };
  }
  const mozilla = headerValue(message, 'x-mozilla-status');
  if (mozilla !== null && /^[0-9a-f]{1,4}$/i.test(mozilla) && (Number.parseInt(mozilla, 16) & MOZILLA_EXPUNGED) !== 0) {
    return { kind: 'deleted', reason: `X-Mozilla-Status: ${mozilla} (deleted in Thunderbird)` };
  }
  const spamFlag = headerValue(message, 'x-spam-flag')?.toLowerCase() ?? '';
  if (spamFlag === 'yes') return { kind: 'spam', reason: 'X-Spam-Flag: YES' };
  const spamStatus = headerValue(message, 'x-spam-status') ?? '';
  if (/^yes\b/i.test(spamStatus)) return { kind: 'spam', reason: 'X-Spam-Status: Yes' };
  const labels = message.gmailLabels.map((label) => foldText(label));
  const spam = labels.find((label) => SPAM_LABELS.has(label));
  if (spam !== undefined) return { kind: 'spam', reason: `Gmail label ${spam}` };
  const trash = labels.find((label) => TRASH_LABELS.has(label));
  if (trash !== undefined) return { kind: 'deleted', reason: `Gmail label ${trash}` };
  const category = labels.find((label) => BULK_CATEGORY_LABELS.has(label));
  if (category !== undefined) return { kind: 'bulk', reason: `Gmail label ${category}` };
  return null;
}

/** True for a file in a Maildir cur/ or new/ folder whose name carries the T flag. */
function isMaildirTrashed(file: string): boolean {
  const folder = path.basename(path.dirname(file));
  if (folder !== 'cur' && folder !== 'new') return false;
  const flags = MAILDIR_FLAGS.exec(path.basename(file))?.[1] ?? '';
  return flags.includes('T');
}

function fromLabels(message: MailMessage): Classification | null {
  const labels = message.gmailLabels.map((label) => foldText(label));
  const chat = labels.find((label) => CHAT_LABELS.has(label));
  if (chat !== undefined) return { kind: 'chat', reason: `Gmail label ${chat}` };
  const sent = labels.find((label) => SENT_LABELS.has(label));
  return sent === undefined ? null : { kind: 'sent', reason: `Gmail label ${sent}` };
}

function fromAutoReplyHeaders(message: MailMessage): Classification | null {
  const autoSubmitted = headerValue(message, 'auto-submitted');
  const submittedKind = autoSubmitted?.split(';')[0]?.trim().toLowerCase() ?? '';
  // A form robot marks the visitor's request auto-generated, but a person wrote it.
  const isFormRequest = submittedKind === 'auto-generated' && findFormRelay(message) !== null;
  if (autoSubmitted !== null && submittedKind !== '' && submittedKind !== 'no' && !isFormRequest) {
    return { kind: 'auto-reply', reason: `Auto-Submitted: ${submittedKind}` };
  }
  for (const name of AUTO_REPLY_HEADERS) {
    const value = headerValue(message, name);
    if (value !== null && value.toLowerCase() !== 'no') return { kind: 'auto-reply', reason: `${name} header` };
  }
  const precedence = headerValue(message, 'precedence')?.toLowerCase() ?? '';
  if (AUTO_PRECEDENCE.has(precedence)) return { kind: 'auto-reply', reason: `Precedence: ${precedence}` };
  return null;
}

function fromBulkHeaders(message: MailMessage): Classification | null {
  const precedence = headerValue(message, 'precedence')?.toLowerCase() ?? '';
  if (BULK_PRECEDENCE.has(precedence)) return { kind: 'bulk', reason: `Precedence: ${precedence}` };
  const campaign = CAMPAIGN_HEADERS.find((name) => headerValue(message, name) !== null);
  if (campaign !== undefined) return { kind: 'bulk', reason: `${campaign} header` };

  const sender = senderOf(message);
  const localPart = sender.split('@')[0] ?? '';
  if (NO_REPLY_SENDER.test(localPart)) return { kind: 'bulk', reason: `no-reply sender ${sender}` };

  // A group address or ticketing system adds List-* headers to real replies
  // too, and a discussion list adds them to every post.
  const isConversation = isReply(message) || isDiscussionList(message);
  if (headerValue(message, 'list-unsubscribe') !== null && !isConversation) {
    return { kind: 'bulk', reason: 'List-Unsubscribe on a message that is not a reply' };
  }
  return null;
}

function fromContent(message: MailMessage): Classification | null {
  const subjectMatch = AUTO_SUBJECT.exec(message.subject);
  if (subjectMatch !== null) return { kind: 'auto-reply', reason: `subject starts with "${subjectMatch[0].trim()}"` };

  const opening = foldText(message.text.slice(0, OUT_OF_OFFICE_WINDOW));
  const textMatch = OUT_OF_OFFICE_TEXT.exec(opening);
  // A person writes "I'm on vacation next week, so please send the quote today".
  // An auto-reply also gives the return date or another contact.
  const after = textMatch === null ? '' : opening.slice(textMatch.index, textMatch.index + RETURN_CUE_WINDOW);
  if (textMatch !== null && RETURN_CUE.test(after)) {
    return { kind: 'auto-reply', reason: `out-of-office text "${textMatch[0]}"` };
  }

  // Senders set X-Auto-Response-Suppress on ordinary mail too, to suppress
  // auto-replies to it, so the header only counts next to absence wording.
  const suppress = headerValue(message, 'x-auto-response-suppress');
  const absence = suppress === null ? null : ABSENCE_WORDS.exec(opening);
  if (absence === null) return null;
  return { kind: 'auto-reply', reason: `X-Auto-Response-Suppress: ${suppress} and "${absence[0]}" in the text` };
}

/** Classifies a message as human, auto-reply, bulk, chat, sent, spam or deleted, with the reason. */
export function classifyMessage(message: MailMessage): Classification {
  return (
    fromMailboxState(message) ??
    fromLabels(message) ??
    fromAutoReplyHeaders(message) ??
    fromBulkHeaders(message) ??
    fromContent(message) ??
    fromBulkContent(message) ?? { kind: 'human', reason: 'no automated-mail header or wording' }
  );
}
