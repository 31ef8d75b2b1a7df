// Evidence that a message without bulk headers is still one-to-many mail:
// newsletters, promotions, digests and statements sent from ordinary
// mailboxes with no List-* or campaign header. Each cue carries a weight, and
// the message is bulk when the weights reach BULK_THRESHOLD, so one weak cue
// (an info@ sender, a "click here") never makes a message bulk alone.
import type { Classification, MailMessage } from '../types.js';
import { authorOf, listAddressOf } from './mailing-list.js';
import { foldText, NON_ASCII } from './normalize.js';

/** Total weight at which the cues make a message bulk. */
export const BULK_THRESHOLD = 2;

/** Weight of a cue that only mass mail carries, enough on its own. */
const STRONG = BULK_THRESHOLD;

/** Weight of a cue that also appears in mail a person wrote. */
const WEAK = 1;

export interface BulkCue {
  weight: number;
  /** Shown to users as part of the classification reason. */
  reason: string;
  /**
   * True for a cue about how the mail was sent, not what it contains (a shared
   * sender, HTML only). A small firm writes from info@ in HTML, so such cues
   * make a message bulk only together with a cue from its content or recipients.
   */
  form?: boolean;
}

// Local parts that campaign and alert senders use, as a whole word of the
// local part: "alerts@", "daily_news_html.um.a.1@", "enewsletter@".
const BULK_SENDER =
  /(?:^|[._+-])(?:e?news(?:letters?)?|alerts?|digests?|promos?|promotions?|offers|deals|hotdeals|marketing|mailings?|mailer|updates|announce(?:ments?)?|campaigns?)(?:[._+\d-]|$)/i;

// Sender subdomains used only by mailing services: "reply.thestandard.com".
const BULK_SUBDOMAIN = /^(?:reply|replies|lists?|enews|news|newsletters?|alerts?|e?mailings?|mailer|bounces?|airmail|campaigns?|promo|pmail|email-?marketing)\./i;

// Local parts shared by a team, a club or a mailing robot ("memberservices@",
// "partners@", "moneyadm2@"): a person may write from one, so it is weak.
const SHARED_SENDER =
  /^(?:info|members?|member-?services?|customer-?services?|custserv|subscriptions?|subscribers?|partners?|contact|hello|team|admin|sales|service|support|feedback|editors?|editorial|webmaster|events?|club)(?:[._+\d-].*)?$|adm(?:in)?\d*$/i;

// Footers that only mass mail carries, searched in the whole of the
// message's own text because 2001-era newsletters put them at the top too.
const BULK_FOOTER = new RegExp(
  [
    String.raw`\byou (?:are|were|have been) (?:receiving|sent) this (?:e-?mail|message|newsletter|alert|notice|update)`,
    String.raw`\b(?:to be|be) removed from (?:this|our|the|future) (?:mailing |distribution |e-?mail )?(?:list|mailings)`,
    String.raw`\bview (?:this (?:e-?mail|message|newsletter) )?(?:in|with|on) (?:your|a) (?:web )?browser`,
    String.raw`\bif you (?:no longer wish|do not wish|don't wish|wish not|no longer want|do not want) to (?:continue (?:to )?)?receiv(?:e|ing)\b`,
    String.raw`\bto (?:stop receiving|unsubscribe|opt out)\b`,
    String.raw`\bmanage (?:your )?(?:e-?mail |subscription |newsletter )?(?:preferences|subscriptions?)`,
    String.raw`\b(?:change|cancel|update|modify) (?:or (?:cancel|change) )?(?:my|your) (?:e-?mail |newsletter )?subscription to\b`,
    String.raw`\breply (?:to this (?:e-?mail|message) )?with (?:the word )?"?(?:remove|unsubscribe)\b`,
    String.raw`\bthis (?:e-?mail|message|newsletter) was sent to\b`,
    String.raw`\bpour (?:vous )?(?:desabonner|desinscrire)`,
    String.raw`\bvous recevez (?:ce (?:message|courriel|mail|e-?mail)|cette (?:lettre|newsletter|infolettre))\b`,
    String.raw`\bse desinscrire\b`,
    String.raw`\bdesinscription\b`,
  ].join('|'),
);

// Wording that also appears in human mail: bulk only with one more cue.
const BULK_WORDS = /\bunsubscribe\b|\bclick here\b|\bdesabonne|\bcliquez ici\b|\bforward (?:this|to a friend)\b|\bprivacy policy\b/;

// Subscription selling and management, which people rarely write to a
// supplier: "sign up for a free trial issue", "resubscribe now".
const SUBSCRIPTION_WORDS =
  /\b(?:re)?subscribe (?:now|today|here|online)\b|\bto (?:re)?subscribe\b|\bfree (?:trial )?issues?\b|\btrial issue\b|\bopt[- ]?(?:out|in)\b|\bsubscription (?:services?|department|center|centre)\b|\bremoved? (?:you |yourself )?from (?:the|this|our) (?:mailing |distribution |e-?mail )?list\b|\bsubscription (?:options|information|info)\b|\bof this mailing\b/;

// Risk disclaimers of broker statements and trading newsletters.
const BROKER_DISCLAIMER =
  /\bpast (?:performance|results) (?:is|are) not (?:necessarily )?(?:indicative|a guarantee)|\brisk of loss\b|\b(?:trading|investing) in (?:futures|commodities|options)\b|\bfutures trading\b|\bif the market moves against your position\b/;

// Promotional subjects of a first message: "50% off", "FREE", "Holiday Real
// Deals", "Notice #7734228", "Issue 12", "Newsletter".
const PROMOTIONAL_SUBJECT =
  /\b\d{1,3} ?% (?:off|discount)|\bFREE\b|\bfree (?:trial|issue|gift|shipping)\b|\b(?:hot|real|best|great|holiday|travel|weekly|daily|exclusive|member) deals\b|\bsave \$?\d|\bspecial offer\b|\bnewsletter\b|\bdigest\b|\bissue (?:no\.? ?)?#?\d+|\bvol(?:ume|\.)? ?\d+|#\d{4,}/i;

/** The wording cues that textCues() searches for in folded text. */
export const WORDING_CUES: readonly RegExp[] = [BULK_FOOTER, BULK_WORDS, SUBSCRIPTION_WORDS, BROKER_DISCLAIMER];

/**
 * The letters that start a wording cue: each alternative of each cue starts with a word
 * boundary and then one of them. A test reads the cues' alternatives and checks this list against them.
 */
export const WORDING_CUE_LETTERS = 'bcdfimoprstuvy';

// The wording cues as one case-insensitive regex for unfolded ASCII text, each space widened to
// a run of whitespace (the space in `opt[- ]?` too). Folding ASCII text only lowers its case and
// collapses whitespace, and the cues are lower case with spaces only between words. So this regex
// matches the text exactly when a cue matches the folded text. Every cue starts at a word boundary
// before one of WORDING_CUE_LETTERS, so the regex tests that first and tries the cues only there:
// the same matches, in about half the time on ASCII bench mail (one timing, an estimate).
const RAW_ASCII_WORDING = new RegExp(
  String.raw`\b(?=[${WORDING_CUE_LETTERS}])(?:` +
    WORDING_CUES.map((cue) => `(?:${cue.source.replaceAll('[- ]', String.raw`(?:-|\s+)`).replaceAll(' ', String.raw`\s+`)})`).join('|') +
    ')',
  'i',
);

// The wording cues as one regex for folded text, with the same test of WORDING_CUE_LETTERS first.
// It matches exactly when one of the cues matches, and on the benchmark mailbox's folded non-ASCII
// text it took about 0.4 of the time of trying the four cues in turn (one timing, an estimate).
const FOLDED_WORDING = new RegExp(
  String.raw`\b(?=[${WORDING_CUE_LETTERS}])(?:` + WORDING_CUES.map((cue) => `(?:${cue.source})`).join('|') + ')',
);

/** Tells whether one of WORDING_CUES matches text that foldText() folded. */
export function hasFoldedWordingCue(folded: string): boolean {
  return FOLDED_WORDING.test(folded);
}

/**
 * Tells whether the folded text may contain a wording cue. For ASCII text the
 * result is exact and needs no folded copy. Other text always returns true,
 * because folding accents and punctuation can make a cue.
 */
export function mayHaveWordingCue(text: string): boolean {
  return NON_ASCII.test(text) || RAW_ASCII_WORDING.test(text);
}

/** Recipients beyond which a message is a mass mailing rather than a conversation. */
const MASS_RECIPIENTS = 25;

/** Links in a message's own text from which it reads as a newsletter; twice as many weigh double. */
const MANY_LINKS = 8;

/** Lines of 30 or more characters in capitals from which a message reads as a printed disclaimer. */
const CAPITAL_LINES = 3;

/** Characters of message text searched for bulk wording, because campaigns are short. */
const BULK_TEXT_WINDOW = 20_000;

// The footer a discussion list appends to each post (Mailman's rule and list
// name, Google Groups' "You received this message"), or the header of a
// quoted Mailman digest. Both name the list's subscription addresses, which
// are not a sign of a campaign.
const LIST_FOOTER_START =
  /^(?:_{10,}|-{10,})[ \t]*\r?\n[^\n]*\b(?:mailing list|liste de diffusion)\b|^-- ?\r?\nyou received this message because you are subscribed|^[^\n]*\bsend \S+ mailing list submissions to\b/im;

// The start of quoted history in a reply: a footer under it belongs to the quoted mail. Each
// alternative starts with ">", "-", "on", "le" or "from", so the lookahead lets most lines go at
// their first character.
const QUOTE_START = /^(?=[>\-olf])(?:>|-{2,} ?(?:original message|message d'origine|forwarded message|message transf[eé]r[eé]) ?-{2,}|on .{1,200} wrote:[ \t]*$|le .{1,200} a [eé]crit ?:[ \t]*$|from: )/im;

const LINK = /\bhttps?:\/\/|\bwww\./gi;
const CAPITAL_LINE = /^[^a-z\n]*[A-Z][^a-z\n]{29,}$/gm;

export function isDiscussionList(message: MailMessage): boolean {
  return listAddressOf(message) !== null;
}

/**
 * Returns the author's address, or an empty string when a list rewrote From
 * to its own address and gave no Reply-To, because the list address does
 * not show whether a person or a robot wrote the post.
 */
export function senderOf(message: MailMessage): string {
  const sender = authorOf(message)?.address ?? '';
  return sender !== '' && sender === listAddressOf(message) ? '' : sender;
}

export function isReply(message: MailMessage): boolean {
  return message.inReplyTo !== null || message.references.length > 0 || /^\s*(?:re|aw|sv|tr)\s*:/i.test(message.subject);
}

// The text before any quoted history and any discussion-list footer, capped,
// so a footer quoted in a customer's reply or added by the list does not make
// the message bulk.
function ownText(message: MailMessage): string {
  let text = message.text.slice(0, BULK_TEXT_WINDOW);
  const quote = QUOTE_START.exec(text);
  if (quote !== null) text = text.slice(0, quote.index);
  const footer = isDiscussionList(message) ? LIST_FOOTER_START.exec(text) : null;
  if (footer !== null) text = text.slice(0, footer.index);
  return text;
}

function senderCues(message: MailMessage): BulkCue[] {
  const sender = senderOf(message);
  const [localPart = '', domain = ''] = sender.split('@');
  const cues: BulkCue[] = [];
  if (BULK_SENDER.test(localPart)) cues.push({ weight: STRONG, reason: `mailing sender ${sender}` });
  if (BULK_SUBDOMAIN.test(domain)) cues.push({ weight: STRONG, reason: `mailing-service subdomain ${domain}` });
  if (SHARED_SENDER.test(localPart)) cues.push({ weight: WEAK, reason: `shared sender ${sender}`, form: true });
  if (domain.split('.').length > 3) cues.push({ weight: WEAK, reason: `deep sender subdomain ${domain}` });
  return cues;
}

function recipientCues(message: MailMessage): BulkCue[] {
  const cues: BulkCue[] = [];
  const recipients = message.to.length + message.cc.length;
  if (recipients >= MASS_RECIPIENTS) cues.push({ weight: WEAK, reason: `${recipients} recipients` });
  // A mailing sent with every reader in Bcc shows the sender as its only recipient.
  const sender = senderOf(message);
  const onlyRecipient = recipients === 1 ? message.to[0]?.address : undefined;
  if (sender !== '' && onlyRecipient === sender && !isReply(message)) {
    cues.push({ weight: WEAK, reason: 'sender is the only visible recipient' });
  }
  return cues;
}

function textCues(message: MailMessage, raw: string): BulkCue[] {
  const cues = mayHaveWordingCue(raw) ? wordingCues(message, foldText(raw)) : [];

  const links = countMatches(LINK, raw);
  if (links >= MANY_LINKS) cues.push({ weight: links >= 2 * MANY_LINKS ? STRONG : WEAK, reason: `${links} links` });
  const capitals = countMatches(CAPITAL_LINE, raw);
  if (capitals >= CAPITAL_LINES) cues.push({ weight: WEAK, reason: `${capitals} lines in capitals` });
  if (message.textSource === 'html' && !isReply(message)) {
    cues.push({ weight: WEAK, reason: 'HTML-only message that is not a reply', form: true });
  }
  return cues;
}

/**
 * Counts the matches of a global regex that never matches an empty string,
 * as `text.match(pattern).length` would, without building the array of matches.
 */
export function countMatches(pattern: RegExp, text: string): number {
  let count = 0;
  pattern.lastIndex = 0;
  while (pattern.test(text)) count += 1;
  return count;
}

function wordingCues(message: MailMessage, text: string): BulkCue[] {
  const cues: BulkCue[] = [];
  // Most text has no cue, and one combined regex rules that out faster than the four below.
  if (!hasFoldedWordingCue(text)) return cues;
  const footer = BULK_FOOTER.exec(text);
  if (footer !== null) cues.push({ weight: STRONG, reason: `mass-mail footer "${footer[0].trim()}"` });
  const words = BULK_WORDS.exec(text);
  if (words !== null) cues.push({ weight: WEAK, reason: `"${words[0]}" in the text` });
  // A post to a discussion list often quotes the list's own subscription notes.
  const subscription = isDiscussionList(message) ? null : SUBSCRIPTION_WORDS.exec(text);
  if (subscription !== null) cues.push({ weight: WEAK, reason: `subscription wording "${subscription[0]}"` });
  const disclaimer = BROKER_DISCLAIMER.exec(text);
  if (disclaimer !== null) cues.push({ weight: WEAK, reason: `trading-risk disclaimer "${disclaimer[0]}"` });
  return cues;
}

function subjectCues(message: MailMessage): BulkCue[] {
  if (isReply(message)) return [];
  const promotion = PROMOTIONAL_SUBJECT.exec(message.subject);
  return promotion === null ? [] : [{ weight: WEAK, reason: `promotional subject "${promotion[0]}"` }];
}

/** Collects every bulk cue of a message, strongest first and in a fixed order within a weight. */
export function bulkCues(message: MailMessage): BulkCue[] {
  const cues = [...senderCues(message), ...textCues(message, ownText(message)), ...subjectCues(message), ...recipientCues(message)];
  return cues.sort((a, b) => b.weight - a.weight);
}

/**
 * Classifies newsletters, promotions and statements sent without bulk
 * headers: bulk when the cue weights reach BULK_THRESHOLD, with the cues
 * that decided it as the reason.
 */
export function fromBulkContent(message: MailMessage): Classification | null {
  const cues = bulkCues(message);
  const total = cues.reduce((sum, cue) => sum + cue.weight, 0);
  if (total < BULK_THRESHOLD) return null;
  const strong = cues.find((cue) => cue.weight >= BULK_THRESHOLD);
  if (strong === undefined && cues.every((cue) => cue.form === true)) return null;
  const deciding = strong === undefined ? cues : [strong];
  return { kind: 'bulk', reason: deciding.map((cue) => cue.reason).join(' and ') };
}
