// Tells human mail from automated mail, so out-of-office replies and campaigns
// never count as customer signals. Headers decide first (RFC 3834 and the
// de-facto bulk headers), then the subject and the opening of the text.
import type { Classification, MailMessage } from '../types.js';
import { foldText } from './normalize.js';

/** Characters of text read for an out-of-office opening. */
const OUT_OF_OFFICE_WINDOW = 300;

const SENT_LABELS = new Set(['sent', 'sent mail', 'sent items', 'envoyes', 'messages envoyes', 'elements envoyes']);
const CHAT_LABELS = new Set(['chat', 'chats']);

const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder'];
const CAMPAIGN_HEADERS = ['feedback-id', 'x-campaign', 'x-campaign-id', 'x-campaignid', 'x-mc-user', 'x-mailjet-campaign', 'x-sib-id', 'x-sfmc-stack', 'x-csa-complaints'];
// `Precedence: list` is left out because discussion lists set it on every
// post by a person, and those posts can carry buying signals.
const BULK_PRECEDENCE = new Set(['bulk', 'junk']);
const AUTO_PRECEDENCE = new Set(['auto_reply', 'auto-reply']);

const NO_REPLY_SENDER = /^(?:no-?reply|do-?not-?reply|ne-?pas-?repondre|mailer-daemon|postmaster|bounces?|newsletters?|notifications?|marketing)(?:[+.-].*)?$/i;

// Local parts that campaign and alert senders use, as a whole word of the
// local part: "alerts@", "daily_news_html.um.a.1@", "enewsletter@".
const BULK_SENDER =
  /(?:^|[._+-])(?:e?news(?:letters?)?|alerts?|digest|promos?|promotions?|offers|deals|hotdeals|marketing|mailings?|mailer|updates|announce(?:ments?)?|campaigns?)(?:[._+\d-]|$)/i;

// Sender subdomains used only by mailing services: "reply.thestandard.com".
const BULK_SUBDOMAIN = /^(?:reply|replies|lists?|enews|news|newsletters?|alerts?|e?mailings?|mailer|bounces?|airmail|campaigns?|promo)\./i;

// Local parts shared by a team or a mailing robot: bulk only with one more cue.
const SHARED_SENDER = /^(?:info|members?|contact|hello|team|admin|sales|service|support|feedback|editors?)(?:[._+\d-].*)?$/i;

// Footers that only mass mail carries, so one is enough.
const BULK_FOOTER =
  /\byou (?:are|were|have been) (?:receiving|sent) this (?:e-?mail|message|newsletter|alert|notice)|\b(?:to be|be) removed from (?:this|our|the|future) (?:mailing |distribution |e-?mail )?(?:list|mailings)|\bview (?:this (?:e-?mail|message|newsletter) )?(?:in|with|on) (?:your|a) (?:web )?browser|\bif you (?:no longer wish|do not wish|wish not) to receive|\bto (?:stop receiving|unsubscribe|opt out)\b|\bmanage (?:your )?(?:e-?mail |subscription |newsletter )?(?:preferences|subscriptions)|\bpour (?:vous )?(?:desabonner|desinscrire)|\bvous recevez ce (?:message|courriel|mail|e-?mail)\b|\bse desinscrire\b|\bdesinscription\b/;

// Wording that also appears in human mail: bulk only with one more cue.
const BULK_WORDS = /\bunsubscribe\b|\bclick here\b|\bdesabonne|\bcliquez ici\b|\bforward (?:this|to a friend)\b|\bprivacy policy\b/;

/** Recipients beyond which a message is a mass mailing rather than a conversation. */
const MASS_RECIPIENTS = 25;

/** Characters of message text searched for bulk wording, because campaigns are short. */
const BULK_TEXT_WINDOW = 20_000;

// The footer a discussion list appends to each post (Mailman's rule and list
// name, Google Groups' "You received this message"). It names the list's
// unsubscribe address, which is not a sign of a campaign.
const LIST_FOOTER_START =
  /^(?:_{10,}|-{10,})[ \t]*\r?\n[^\n]*\b(?:mailing list|liste de diffusion)\b|^-- ?\r?\nyou received this message because you are subscribed/im;

// The start of quoted history in a reply: a footer under it belongs to the quoted mail.
const QUOTE_START = /^(?:>|-{2,} ?(?:original message|message d'origine|forwarded message|message transf[eé]r[eé]) ?-{2,}|on .{1,200} wrote:[ \t]*$|le .{1,200} a [eé]crit ?:[ \t]*$|from: )/im;
const AUTO_SUBJECT =
  /^\s*(?:automatic reply|auto(?:matic)?[- ]?reply|autoreply|r[ée]ponse automatique|out of (?:the )?office|absence|abwesenheit(?:snotiz)?|respuesta autom[áa]tica|risposta automatica)\b\s*(?::|$)/i;
// Weaker absence wording, trusted only together with X-Auto-Response-Suppress.
const ABSENCE_WORDS = /\b(?:absente?|away|vacation|holiday|conges?|vacances|jusqu'au|until|back on|de retour)\b/;
const OUT_OF_OFFICE_TEXT =
  /\b(?:i am|i'm|i will be)\s+(?:currently\s+)?(?:out of (?:the )?office|on (?:vacation|holiday|leave|annual leave)|away from (?:the )?office)|\bje (?:suis|serai) (?:actuellement )?(?:absente?|en conges?|en vacances)\b/;

function headerValue(message: MailMessage, name: string): string | null {
  const value = message.headers[name];
  return value === undefined ? null : value.trim();
}

// The posting address of a list people post to, from List-Post. Newsletters
// leave the field out or set it to NO (RFC 2369).
function listPostAddress(message: MailMessage): string | null {
  const post = headerValue(message, 'list-post');
  const address = post === null ? null : /<?mailto:([^>?\s,]+)/i.exec(post)?.[1];
  return address === undefined || address === null ? null : address.toLowerCase();
}

function isDiscussionList(message: MailMessage): boolean {
  return listPostAddress(message) !== null;
}

// Lists that rewrite From to their own address ("Ann via Users <users@...>")
// hide the author, so the sender address is no evidence of bulk mail.
function senderOf(message: MailMessage): string {
  const sender = message.from?.address ?? '';
  return sender !== '' && sender === listPostAddress(message) ? '' : sender;
}

function isReply(message: MailMessage): boolean {
  return message.inReplyTo !== null || message.references.length > 0 || /^\s*(?:re|aw|sv|tr)\s*:/i.test(message.subject);
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
  if (autoSubmitted !== null && submittedKind !== '' && submittedKind !== 'no') {
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

  const sender = message.from?.address ?? '';
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

// The folded text before any quoted history and any discussion-list footer,
// capped, so a footer quoted in a customer's reply or added by the list does
// not make the message bulk.
function ownText(message: MailMessage): string {
  let text = message.text.slice(0, BULK_TEXT_WINDOW);
  const quote = QUOTE_START.exec(text);
  if (quote !== null) text = text.slice(0, quote.index);
  const footer = isDiscussionList(message) ? LIST_FOOTER_START.exec(text) : null;
  if (footer !== null) text = text.slice(0, footer.index);
  return foldText(text);
}

function weakBulkCues(message: MailMessage, text: string): string[] {
  const cues: string[] = [];
  const sender = senderOf(message);
  const [localPart = '', domain = ''] = sender.split('@');
  if (SHARED_SENDER.test(localPart)) cues.push(`shared sender ${sender}`);
  const words = BULK_WORDS.exec(text);
  if (words !== null) cues.push(`"${words[0]}" in the text`);
  if (message.to.length + message.cc.length >= MASS_RECIPIENTS) cues.push(`${message.to.length + message.cc.length} recipients`);
  if (message.textSource === 'html' && !isReply(message)) cues.push('HTML-only message that is not a reply');
  if (domain.split('.').length > 3) cues.push(`deep sender subdomain ${domain}`);
  return cues;
}

// Newsletters and alerts sent without bulk headers: the sender's address, a
// mass-mail footer, or two weaker cues together.
function fromBulkContent(message: MailMessage): Classification | null {
  const sender = senderOf(message);
  const [localPart = '', domain = ''] = sender.split('@');
  if (BULK_SENDER.test(localPart)) return { kind: 'bulk', reason: `mailing sender ${sender}` };
  if (BULK_SUBDOMAIN.test(domain)) return { kind: 'bulk', reason: `mailing-service subdomain ${domain}` };

  const text = ownText(message);
  const footer = BULK_FOOTER.exec(text);
  if (footer !== null) return { kind: 'bulk', reason: `mass-mail footer "${footer[0].trim()}"` };
  const cues = weakBulkCues(message, text);
  return cues.length >= 2 ? { kind: 'bulk', reason: cues.join(' and ') } : null;
}

function fromContent(message: MailMessage): Classification | null {
  const subjectMatch = AUTO_SUBJECT.exec(message.subject);
  if (subjectMatch !== null) return { kind: 'auto-reply', reason: `subject starts with "${subjectMatch[0].trim()}"` };

  const opening = foldText(message.text.slice(0, OUT_OF_OFFICE_WINDOW));
  const textMatch = OUT_OF_OFFICE_TEXT.exec(opening);
  if (textMatch !== null) return { kind: 'auto-reply', reason: `out-of-office text "${textMatch[0]}"` };

  // Senders set X-Auto-Response-Suppress on ordinary mail too, to suppress
  // auto-replies to it, so the header only counts next to absence wording.
  const suppress = headerValue(message, 'x-auto-response-suppress');
  const absence = suppress === null ? null : ABSENCE_WORDS.exec(opening);
  if (absence === null) return null;
  return { kind: 'auto-reply', reason: `X-Auto-Response-Suppress: ${suppress} and "${absence[0]}" in the text` };
}

/** Classifies a message as human, auto-reply, bulk, chat or sent, with the reason. */
export function classifyMessage(message: MailMessage): Classification {
  return (
    fromLabels(message) ??
    fromAutoReplyHeaders(message) ??
    fromBulkHeaders(message) ??
    fromContent(message) ??
    fromBulkContent(message) ?? { kind: 'human', reason: 'no automated-mail header or wording' }
  );
}
