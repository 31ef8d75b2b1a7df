// Redaction for --redact: a copy of the report with personal data replaced, so
// it can be shared outside the team. Every renderer then prints the copy.
//
// Replaced:
// - email addresses everywhere (contacts, owners, evidence senders, free-mail
//   accounts, and addresses inside subjects, snippets, match reasons, problem
//   details, exclusion reasons and file paths): the local part becomes
//   `person-<hash>` and the domain stays, as in `person-3f2a1c@northwind.example`;
// - person names: display names in `Name <address>` senders, and names found in
//   text that match a known display name or a `first.last` local part, become
//   the same `person-<hash>` token as that person's address;
// - person names are found in any letter case, with or without accents, in
//   "First Last", "Last First" and "Last, First" order, with dots,
//   underscores or hyphens between the words, as in file paths, with or
//   without a middle initial, and a longer name by its first and last words;
// - phone numbers (international `+…`, national `0…`, `(555) 123-4567`,
//   `555-123-4567` and `555 123 4567` forms with 8 to 15 digits) become `[phone]`;
// - IBAN-like strings (two letters, two check digits, 11 to 30 more letters or
//   digits in groups of four, any case, spaces or hyphens) become `[IBAN]`;
// - Message-IDs become `message-<hash>`, because many clients build them from
//   the sender's address or host name.
//
// CRM opportunity names (`crm.record`) are free text, so emails, phones, IBANs
// and known names inside them are masked like subjects.
//
// Kept as they are: company domains, CRM account names, opportunity ids, rule ids, categories, dates, amounts, CRM column names, and
// file paths apart from the addresses and known names inside them.
//
// Tokens are the first 6 hex digits of SHA-256 over a fixed prefix and the
// lower-cased value. There is no random salt, so two runs over the same mail
// give the same tokens and redacted reports can be compared.
//
// NOTE: a first name alone ("Claire") or a name that appears in no sender
// header and in no first.last address is not detected, so it stays readable.
import { createHash } from 'node:crypto';
import type { CrmVerdict, Evidence, Opportunity, Problem } from './types.js';
import type { AuditReport, Exclusion } from './report/schema.js';

/** Hex digits kept from the hash: 16.7 million tokens, enough to keep people in one audit apart. */
const TOKEN_HEX_DIGITS = 6;

/** Fixed prefix hashed with every value, so tokens do not equal a plain SHA-256 of an address. */
const TOKEN_PREFIX = 'leak-redact-v1:';

// Bounded repetition keeps these scans linear on hostile text.
const EMAIL_PATTERN = /[\p{L}\p{N}._%+'-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.){1,8}[\p{L}]{2,24}/gu;
// Any case, grouped by spaces or hyphens, as people type them.
const IBAN_PATTERN = /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b/gi;
const PHONE_PATTERNS = [
  /(?<![\w+])(?:\+|00)\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?!\w)/g,
  /(?<![\w+])0\d(?:[ .-]?\d{2}){4}(?!\w)/g,
  /(?<![\w+])0\d{2,4}[ .-]\d{3,4}[ .-]?\d{3,4}(?!\w)/g,
  /(?<![\w+])\(\d{3}\) ?\d{3}[ .-]\d{4}(?!\w)/g,
  /(?<![\w+])\d{3}[.-]\d{3}[.-]\d{4}(?!\w)/g,
  /(?<![\w+.,])\d{3} \d{3} \d{4}(?![\w.,])/g,
  /(?<![\w+.,])0\d{2} \d{3} \d{2} \d{2}(?![\w.,])/g,
];

/**
 * Letters that no Unicode decomposition turns into a plain one, so "Lukasz"
 * typed plainly matches a sender "Łukasz". Accents that decompose (é, ș, ň)
 * are matched as combining marks after the plain letter.
 */
const LETTER_VARIANTS: Record<string, string> = {
  d: 'dđ',
  l: 'lł',
  o: 'oø',
};

/** Lower case without accents, straight apostrophes, single spaces: the key a name is looked up by. */
function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđ]/g, (letter) => ({ ł: 'l', ø: 'o', đ: 'd' })[letter] ?? letter)
    .replace(/[\u2019\u02bc]/g, "'")
    .replace(/[\s._-]+/g, ' ')
    .trim();
}

/**
 * Builds the pattern of a folded name over text in NFD form: any combining
 * accents after each letter, either apostrophe, and space, dot, underscore
 * or hyphen between words.
 */
function namePatternOf(folded: string): string {
  return [...folded]
    .map((char) => {
      // A middle initial may stand between two words: "Marc J. Durand" for "Marc Durand".
      if (char === ' ') return '[\\s._-]+(?:\\p{L}\\.?[\\s._-]+)?';
      if (char === "'") return "['\u2019\u02bc]";
      const variants = LETTER_VARIANTS[char];
      const letter = variants === undefined ? escapeRegExp(char) : `[${variants}]`;
      return /\p{L}/u.test(char) ? `${letter}\\p{M}*` : letter;
    })
    .join('');
}

/**
 * Lists the forms a display name is written in: as given, "Last, First" turned
 * around, a two-word name in both orders ("DURAND Marc", "Marc Durand"), and a
 * longer name as its first and last words, in both orders.
 */
function nameForms(name: string): string[] {
  const forms = [name];
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name);
  if (comma !== null) forms.push(`${(comma[2] ?? '').trim()} ${(comma[1] ?? '').trim()}`, name.replace(',', ' '));
  for (const form of [...forms]) {
    const words = form.trim().split(/\s+/);
    const first = words[0] ?? '';
    const last = words[words.length - 1] ?? '';
    if (words.length === 2) forms.push(`${last} ${first}`, `${last}, ${first}`);
    // Text often drops middle names and initials: "Anne-Marie J. Lebrun" is also "Anne-Marie Lebrun".
    // Lists write the surname first: "Lebrun, Anne-Marie J.".
    if (words.length >= 3) {
      forms.push(`${first} ${last}`, `${last} ${first}`, `${last}, ${first}`, `${last}, ${words.slice(0, -1).join(' ')}`);
    }
  }
  return forms;
}
const NAME_ADDRESS_PATTERN = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/;

/** Phone matches need this many digits, so short numbers such as quantities stay. */
const MIN_PHONE_DIGITS = 8;
const MAX_PHONE_DIGITS = 15;

function hashToken(value: string): string {
  const digest = createHash('sha256').update(TOKEN_PREFIX + value.trim().toLowerCase());
  return `person-${digest.digest('hex').slice(0, TOKEN_HEX_DIGITS)}`;
}

function hashMessageId(id: string): string {
  const digest = createHash('sha256').update(TOKEN_PREFIX + id);
  return `message-${digest.digest('hex').slice(0, 12)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns `jean-marc.dubois` into `jean-marc dubois`, or null when it is not first.last. */
function nameFromLocalPart(local: string): string | null {
  const parts = local.split(/[._]/).filter((part) => part !== '');
  if (parts.length < 2 || parts.length > 3) return null;
  if (!parts.every((part) => /^\p{L}[\p{L}'-]+$/u.test(part))) return null;
  return parts.join(' ');
}

/** Replaces people consistently: one token per person across the whole report. */
class Redactor {
  private readonly tokenByName = new Map<string, string>();
  private namePattern: RegExp | null = null;

  /** Records the people in the report before any text is rewritten. */
  learn(report: AuditReport): void {
    const senders = report.opportunities.flatMap((o) => [
      ...o.contacts,
      ...o.evidence.map((item) => item.from),
    ]);
    for (const sender of [...report.owners, ...senders]) {
      const { name, address } = splitSender(sender);
      const token = address === null ? hashToken(name) : hashToken(address);
      if (address !== null) {
        const derived = nameFromLocalPart(address.split('@')[0] ?? '');
        if (derived !== null) this.addName(derived, token);
      }
      if (name !== '' && address !== null) for (const form of nameForms(name)) this.addName(form, token);
    }
    // Longer names first, so "Jean Dubois Martin" wins over "Jean Dubois".
    const names = [...this.tokenByName.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b, 'en'));
    if (names.length > 0) {
      const alternatives = names.map(namePatternOf);
      this.namePattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    }
  }

  private addName(name: string, token: string): void {
    const key = foldName(name);
    // Single words are too often company or product names to replace in text.
    if (!key.includes(' ') || this.tokenByName.has(key)) return;
    this.tokenByName.set(key, token);
  }

  /** Looks a matched name up, also without the middle initial the pattern allows ("Marc J. Durand"). */
  private nameToken(match: string): string | undefined {
    const key = foldName(match);
    const words = key.split(' ');
    const withoutInitials = words.filter((word, index) => index === 0 || index === words.length - 1 || word.length > 1);
    return this.tokenByName.get(key) ?? this.tokenByName.get(withoutInitials.join(' '));
  }

  address(address: string): string {
    const at = address.lastIndexOf('@');
    if (at < 0) return hashToken(address);
    return `${hashToken(address)}${address.slice(at)}`;
  }

  /** Rewrites a sender written as `Name <address>`, a bare address or a bare name. */
  sender(sender: string): string {
    const { name, address } = splitSender(sender);
    if (address === null) return name === '' ? sender : hashToken(name);
    const masked = this.address(address);
    return name === '' ? masked : `${hashToken(address)} <${masked}>`;
  }

  text(text: string): string {
    let result = text.replace(EMAIL_PATTERN, (match) => this.address(match));
    result = result.replace(IBAN_PATTERN, (match) => (isIbanLike(match) ? '[IBAN]' : match));
    for (const pattern of PHONE_PATTERNS) {
      result = result.replace(pattern, (match) => (isPhoneLength(match) ? '[phone]' : match));
    }
    if (this.namePattern !== null) {
      // Matched in NFD, so an accent typed as a combining mark or precomposed matches either way.
      result = result
        .normalize('NFD')
        .replace(this.namePattern, (match) => this.nameToken(match) ?? match)
        .normalize('NFC');
    }
    return result;
  }
}

/** An IBAN's account part is mostly digits; "FY26 each team will need" has none after the check digits. */
const MIN_IBAN_DIGITS = 10;

function isIbanLike(match: string): boolean {
  return match.replace(/\D/g, '').length >= MIN_IBAN_DIGITS;
}

function isPhoneLength(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
}

function splitSender(sender: string): { name: string; address: string | null } {
  const named = NAME_ADDRESS_PATTERN.exec(sender);
  if (named !== null) return { name: (named[1] ?? '').trim(), address: (named[2] ?? '').trim() };
  const trimmed = sender.trim();
  if (/^[^\s@]+@[^\s@]+$/.test(trimmed)) return { name: '', address: trimmed };
  return { name: trimmed, address: null };
}

export function redactReport(report: AuditReport): AuditReport {
  const redactor = new Redactor();
  redactor.learn(report);
  const text = (value: string) => redactor.text(value);
  return {
    ...report,
    inputs: {
      mailboxes: report.inputs.mailboxes.map((m) => ({ ...m, path: text(m.path) })),
      crm: report.inputs.crm === null ? null : report.inputs.crm.map((c) => ({ ...c, path: text(c.path) })),
    },
    owners: report.owners.map((owner) => redactor.sender(owner)),
    redacted: true,
    opportunities: report.opportunities.map((o) => redactOpportunity(o, redactor)),
    exclusions: {
      byKind: { ...report.exclusions.byKind },
      // NOTE: a redacted report keeps every exclusion as an object, so --redact
      // costs memory in proportion to the excluded messages.
      messages: Array.from(report.exclusions.messages, (e) => redactExclusion(e, redactor)),
    },
    problems: report.problems.map((p) => redactProblem(p, redactor)),
  };
}

function redactOpportunity(o: Opportunity, redactor: Redactor): Opportunity {
  return {
    ...o,
    account: o.account.includes('@') ? redactor.sender(o.account) : o.account,
    owner: o.owner === null ? null : redactor.sender(o.owner),
    contacts: o.contacts.map((contact) => redactor.sender(contact)).sort(),
    crm: redactVerdict(o.crm, redactor),
    evidence: o.evidence.map((item) => redactEvidence(item, redactor)),
  };
}

function redactVerdict(verdict: CrmVerdict, redactor: Redactor): CrmVerdict {
  return {
    ...verdict,
    // CRM opportunity names are free text: users type contact names and phone numbers into them.
    record: verdict.record === null ? null : redactor.text(verdict.record),
    reason: redactor.text(verdict.reason),
    candidates: [...verdict.candidates],
  };
}

function redactEvidence(item: Evidence, redactor: Redactor): Evidence {
  return {
    ...item,
    messageId: hashMessageId(item.messageId),
    mailbox: redactor.text(item.mailbox),
    file: redactor.text(item.file),
    from: redactor.sender(item.from),
    subject: redactor.text(item.subject),
    snippet: redactor.text(item.snippet),
  };
}

function redactExclusion(exclusion: Exclusion, redactor: Redactor): Exclusion {
  return {
    ...exclusion,
    mailbox: redactor.text(exclusion.mailbox),
    messageId: hashMessageId(exclusion.messageId),
    reason: redactor.text(exclusion.reason),
  };
}

function redactProblem(problem: Problem, redactor: Redactor): Problem {
  return { ...problem, file: redactor.text(problem.file), detail: redactor.text(problem.detail) };
}
