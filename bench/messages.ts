// The message factory: turns the company directory into a chronological
// stream of mbox entries from the salesperson's mailbox. Threads interleave,
// replies quote their history, and newsletters, auto-replies and internal
// mail are mixed in. All choices come from one seeded Random.
import { AttachmentMaker } from './attachments.js';
import type { Attachment } from './attachments.js';
import { composeBody, renderHtml, renderNewsletterHtml, renderPlain } from './body.js';
import type { Author, Body } from './body.js';
import type { Company, Contact } from './companies.js';
import {
  AUTO_REPLY,
  COLLEAGUES,
  NEWSLETTER_ARTICLES,
  NEWSLETTER_SENDERS,
  NEWSLETTER_SENTENCES,
  OWNER,
  SUBJECTS,
  VENDOR_DOMAIN,
} from './content.js';
import type { Language } from './content.js';
import { encodeHeaderText, fitsLatin1, formatAddress, isAscii, renderAttachmentPart, renderMultipart, renderTextPart } from './mime.js';
import type { Charset, TransferEncoding } from './mime.js';
import type { Random } from './random.js';

/** Threads open at the same time; their messages interleave in the mailbox. */
const OPEN_THREADS = 24;

/** Share of customer-written messages that carry a buying signal in their new text. */
const SIGNAL_SHARE = 0.08;

/** Typical size of a text message in bytes before any attachment (2-20 KB). */
const MIN_TEXT_BYTES = 2_000;
const MAX_TEXT_BYTES = 20_000;

/** Bytes of headers, greeting and signature that a text budget must leave room for. */
const OVERHEAD_BYTES = 900;

export type MessageKind = 'thread' | 'newsletter' | 'auto-reply' | 'internal';

export interface GeneratedMessage {
  /** The whole mbox entry (From_ line, headers, body, blank line) as a byte string. */
  text: string;
  kind: MessageKind;
  hasSignal: boolean;
  attachmentBytes: number;
}

interface Thread {
  company: Company;
  contact: Contact;
  language: Language;
  subject: string;
  messageIds: string[];
  remaining: number;
  isCustomerNext: boolean;
  lastText: string | null;
  lastAuthor: Author | null;
  lastDate: Date | null;
  lastTimeZone: number;
}

type Format = 'plain' | 'alternative' | 'html';

/** Encoded size of each format relative to the plain text: HTML adds markup, alternative sends both. */
const FORMAT_SIZE_FACTORS: Record<Format, number> = { plain: 1, html: 1.15, alternative: 1.9 };

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Formats a UTC instant shifted to a time-zone offset as an RFC 5322 date. */
function formatRfcDate(utc: number, offsetMinutes: number): string {
  const local = new Date(utc + offsetMinutes * 60_000);
  const text = local.toUTCString().replace('GMT', '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
  return `${text.trim()} ${zone}`;
}

/** Formats the asctime date of an mbox From_ line, such as `Mon Jan  5 09:14:00 2026`. */
function formatFromLineDate(utc: number): string {
  const date = new Date(utc);
  const [weekday, , month] = date.toUTCString().split(' ');
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const time = date.toISOString().slice(11, 19);
  return `${weekday?.slice(0, 3)} ${month} ${day} ${time} ${date.getUTCFullYear()}`;
}

function vendorAuthor(language: Language): Author {
  const title = language === 'fr' ? 'Responsable de compte' : 'Account Executive';
  return { name: OWNER.name, address: OWNER.address, signature: [title, 'Vendor', '+33 1 84 88 00 00'] };
}

function customerAuthor(company: Company, contact: Contact, random: Random): Author {
  const phone = company.language === 'fr' ? `01 ${random.int(10, 99)} ${random.int(10, 99)} 00 00` : `+1 555 01${random.int(10, 99)}`;
  return { name: contact.name, address: contact.address, signature: [contact.title, company.name, phone] };
}

export class MessageFactory {
  private readonly random: Random;
  private readonly companies: Company[];
  private readonly attachments: AttachmentMaker;
  private readonly seed: number;
  private readonly meanStepMs: number;
  private readonly threads: Thread[] = [];
  private clock = Date.UTC(2026, 0, 5, 8, 0, 0);
  private count = 0;

  /** `expectedMessages` spreads the corpus over about one year whatever its size. */
  constructor(random: Random, companies: Company[], seed: number, expectedMessages: number) {
    this.random = random;
    this.companies = companies;
    this.seed = seed;
    this.attachments = new AttachmentMaker(random.fork());
    this.meanStepMs = (365 * 24 * 3600 * 1000) / Math.max(1, expectedMessages);
  }

  /** Makes the next mbox entry, with attachments of about `attachmentBytes` raw bytes when it is above 0. */
  next(attachmentBytes: number): GeneratedMessage {
    this.clock += Math.round(-Math.log(1 - this.random.next()) * this.meanStepMs) + 1000;
    this.count += 1;
    const roll = this.random.next();
    if (roll < 0.08) return this.newsletter();
    if (roll < 0.12) return this.internal(attachmentBytes);
    return this.threadMessage(attachmentBytes);
  }

  private messageId(domain: string): string {
    return `<${this.seed.toString(36)}.${this.count.toString(36)}.${this.random.nextUint32().toString(16)}@${domain}>`;
  }

  private pickThread(): Thread {
    const index = this.random.int(0, OPEN_THREADS - 1);
    const existing = this.threads[index];
    if (existing !== undefined && existing.remaining > 0) return existing;
    const thread = this.openThread();
    this.threads[index] = thread;
    return thread;
  }

  private openThread(): Thread {
    const company = this.random.pick(this.companies);
    const contact = this.random.pick(company.contacts);
    const template = this.random.pick(SUBJECTS[company.language]);
    const subject = template
      .replace('{n}', String(this.random.int(10000, 99999)))
      .replace('{year}', String(2026 + this.random.int(0, 1)))
      .replace('{day}', new Date(this.clock).toISOString().slice(0, 10));
    const timeZone = company.language === 'fr' ? 60 : this.random.pick([-300, -360, 0, 60]);
    return {
      company,
      contact,
      language: company.language,
      subject,
      messageIds: [],
      remaining: this.random.int(1, 6),
      isCustomerNext: this.random.chance(0.7),
      lastText: null,
      lastAuthor: null,
      lastDate: null,
      lastTimeZone: timeZone,
    };
  }

  private threadMessage(attachmentBytes: number): GeneratedMessage {
    const thread = this.pickThread();
    const wasVendorLast = thread.lastAuthor?.address === OWNER.address;
    if (wasVendorLast && this.random.chance(0.05)) return this.autoReply(thread);

    const isCustomer = thread.isCustomerNext;
    const author = isCustomer ? customerAuthor(thread.company, thread.contact, this.random) : vendorAuthor(thread.language);
    const recipient = isCustomer ? { name: OWNER.name, address: OWNER.address } : thread.contact;
    const firstName = isCustomer ? 'Claire' : thread.contact.first;
    const hasSignal = isCustomer && this.random.chance(SIGNAL_SHARE);
    const format = this.pickFormat();
    const encoding = this.pickEncoding(thread.language);
    const budget = this.textBudget(format, encoding.encoding);
    const freshChars = Math.min(budget, this.random.logUniform(1200, 9000));

    const body = composeBody(this.random, {
      language: thread.language,
      author,
      recipientFirstName: firstName,
      isVendor: !isCustomer,
      hasSignal,
      freshChars,
      quoteChars: Math.max(0, budget - freshChars),
      previousText: thread.lastText,
      previousAuthor: thread.lastAuthor,
      previousDate: thread.lastDate,
    });

    const zone = isCustomer ? thread.lastTimeZone : 60;
    const prefix = thread.language === 'fr' ? 'RE : ' : 'Re: ';
    const subject = thread.messageIds.length > 0 ? `${prefix}${thread.subject}` : thread.subject;
    const id = this.messageId(isCustomer ? thread.company.domain : VENDOR_DOMAIN);
    const headers = [
      `From: ${formatAddress(author.name, author.address)}`,
      `To: ${formatAddress(recipient.name, recipient.address)}`,
      ...this.copyHeader(thread, isCustomer),
      `Subject: ${encodeHeaderText(subject)}`,
      `Date: ${formatRfcDate(this.clock, zone)}`,
      `Message-ID: ${id}`,
      ...this.threadHeaders(thread),
      this.random.pick(['User-Agent: Mozilla Thunderbird 128.3', 'X-Mailer: Microsoft Outlook 16.0', 'X-Mailer: Apple Mail (2.3826)']),
    ];
    const content = this.renderContent(body, format, encoding, attachmentBytes);

    thread.messageIds.push(id);
    thread.remaining -= 1;
    thread.isCustomerNext = !thread.isCustomerNext;
    thread.lastText = renderPlain(body);
    thread.lastAuthor = author;
    thread.lastDate = new Date(this.clock + zone * 60_000);
    return this.finish(author.address, headers, content.text, 'thread', hasSignal, content.attachmentBytes);
  }

  private copyHeader(thread: Thread, isCustomer: boolean): string[] {
    const others = thread.company.contacts.filter((contact) => contact.address !== thread.contact.address);
    if (!isCustomer || others.length === 0 || !this.random.chance(0.3)) return [];
    const cc = this.random.pick(others);
    return [`Cc: ${formatAddress(cc.name, cc.address)}`];
  }

  private threadHeaders(thread: Thread): string[] {
    const last = thread.messageIds[thread.messageIds.length - 1];
    if (last === undefined) return [];
    return [`In-Reply-To: ${last}`, `References: ${thread.messageIds.join('\n ')}`];
  }

  private autoReply(thread: Thread): GeneratedMessage {
    const template = AUTO_REPLY[thread.language];
    const returnDate = new Date(this.clock + this.random.int(2, 14) * 86_400_000).toISOString().slice(0, 10);
    const colleague = this.random.pick(thread.company.contacts);
    const text = template.body.replace('{date}', returnDate).replace('{colleague}', colleague.address) + '\n';
    const subject = template.subject.replace('{subject}', thread.subject);
    const last = thread.messageIds[thread.messageIds.length - 1] ?? '';
    const headers = [
      `From: ${formatAddress(thread.contact.name, thread.contact.address)}`,
      `To: ${formatAddress(OWNER.name, OWNER.address)}`,
      `Subject: ${encodeHeaderText(subject)}`,
      `Date: ${formatRfcDate(this.clock, thread.lastTimeZone)}`,
      `Message-ID: ${this.messageId(thread.company.domain)}`,
      `In-Reply-To: ${last}`,
      'Auto-Submitted: auto-replied',
      'X-Auto-Response-Suppress: All',
      'X-Autoreply: yes',
    ];
    const charset: Charset = thread.language === 'fr' && !isAscii(text) ? 'iso-8859-1' : 'utf-8';
    const part = renderTextPart(text, 'plain', charset, isAscii(text) ? '7bit' : 'quoted-printable');
    return this.finish(thread.contact.address, headers, part, 'auto-reply', false, 0);
  }

  private newsletter(): GeneratedMessage {
    const sender = this.random.pick(NEWSLETTER_SENDERS);
    const language = sender.language;
    const articles = shuffled(this.random, NEWSLETTER_ARTICLES[language]).slice(0, this.random.int(3, 7));
    const promotion = this.random.pick(NEWSLETTER_SENTENCES[language]);
    const domain = sender.address.split('@')[1] ?? 'news.example';
    const unsubscribe = `https://${domain}/u/${this.random.nextUint32().toString(16)}`;
    const subject = `${sender.name}: ${articles[0]?.[0] ?? ''}`;
    const headers = [
      `From: ${formatAddress(sender.name, sender.address)}`,
      `To: ${OWNER.address}`,
      `Subject: ${encodeHeaderText(subject)}`,
      `Date: ${formatRfcDate(this.clock, 0)}`,
      `Message-ID: ${this.messageId(domain)}`,
      `List-Id: ${sender.name} <${sender.address.replace('@', '.')}>`,
      `List-Unsubscribe: <${unsubscribe}>, <mailto:${sender.address}?subject=unsubscribe>`,
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'Precedence: bulk',
      `X-Campaign-Id: ${this.random.int(100000, 999999)}`,
    ];
    const plain = [subject, '', ...articles.flatMap(([title, summary]) => [title, summary, '']), promotion, '', unsubscribe].join('\n') + '\n';
    const html = renderNewsletterHtml(sender.name, articles, promotion, unsubscribe);
    const { charset, encoding } = this.pickEncoding(language);
    const safeCharset: Charset = fitsLatin1(html) ? charset : 'utf-8';
    const htmlPart = renderTextPart(html, 'html', safeCharset, encoding);
    const content = this.random.chance(0.5)
      ? htmlPart
      : renderMultipart('alternative', this.boundary('alt'), [renderTextPart(plain, 'plain', safeCharset, encoding), htmlPart]);
    return this.finish(sender.address, headers, content, 'newsletter', false, 0);
  }

  private internal(attachmentBytes: number): GeneratedMessage {
    const colleague = this.random.pick(COLLEAGUES);
    const company = this.random.pick(this.companies);
    const isOutgoing = this.random.chance(0.5);
    const from = isOutgoing ? OWNER : colleague;
    const to = isOutgoing ? colleague : OWNER;
    const body = composeBody(this.random, {
      language: 'en',
      author: { name: from.name, address: from.address, signature: [] },
      recipientFirstName: to.name.split(' ')[0] ?? '',
      isVendor: true,
      hasSignal: false,
      freshChars: this.random.logUniform(300, 2500),
      quoteChars: 0,
      previousText: null,
      previousAuthor: null,
      previousDate: null,
    });
    const headers = [
      `From: ${formatAddress(from.name, from.address)}`,
      `To: ${formatAddress(to.name, to.address)}`,
      `Subject: ${encodeHeaderText(`${company.name}: account notes`)}`,
      `Date: ${formatRfcDate(this.clock, 60)}`,
      `Message-ID: ${this.messageId(VENDOR_DOMAIN)}`,
    ];
    const content = this.renderContent(body, 'plain', { charset: 'utf-8', encoding: '8bit' }, attachmentBytes);
    return this.finish(from.address, headers, content.text, 'internal', false, content.attachmentBytes);
  }

  private pickFormat(): Format {
    const roll = this.random.next();
    if (roll < 0.45) return 'plain';
    if (roll < 0.8) return 'alternative';
    return 'html';
  }

  private pickEncoding(language: Language): { charset: Charset; encoding: TransferEncoding } {
    const roll = this.random.next();
    if (language === 'fr' && roll < 0.3) {
      return { charset: 'iso-8859-1', encoding: this.random.chance(0.6) ? 'quoted-printable' : '8bit' };
    }
    if (roll < 0.45) return { charset: 'utf-8', encoding: '8bit' };
    if (roll < 0.85) return { charset: 'utf-8', encoding: 'quoted-printable' };
    return { charset: 'utf-8', encoding: 'base64' };
  }

  /** Characters of text that keep the encoded message within a 2-20 KB draw. */
  private textBudget(format: Format, encoding: TransferEncoding): number {
    const target = this.random.logUniform(MIN_TEXT_BYTES, MAX_TEXT_BYTES);
    const formatFactor = FORMAT_SIZE_FACTORS[format];
    const encodingFactor = encoding === 'base64' ? 1.37 : 1.05;
    return Math.max(400, Math.round((target - OVERHEAD_BYTES) / formatFactor / encodingFactor));
  }

  private renderContent(
    body: Body,
    format: Format,
    choice: { charset: Charset; encoding: TransferEncoding },
    attachmentBytes: number,
  ): { text: string; attachmentBytes: number } {
    const plain = renderPlain(body);
    const html = renderHtml(body, choice.charset);
    // Fall back to UTF-8 where the text has characters ISO-8859-1 lacks, and
    // to 8bit where 7bit was chosen for text that is not ASCII.
    const charset: Charset = choice.charset === 'iso-8859-1' && !fitsLatin1(plain) ? 'utf-8' : choice.charset;
    const encoding: TransferEncoding = choice.encoding === '7bit' && !isAscii(plain) ? '8bit' : choice.encoding;

    let text: string;
    if (format === 'plain') text = renderTextPart(plain, 'plain', charset, encoding);
    else if (format === 'html') text = renderTextPart(html, 'html', charset, encoding);
    else {
      const parts = [renderTextPart(plain, 'plain', charset, encoding), renderTextPart(html, 'html', charset, encoding)];
      text = renderMultipart('alternative', this.boundary('alt'), parts);
    }
    if (attachmentBytes <= 0) return { text, attachmentBytes: 0 };

    const files = this.makeAttachments(attachmentBytes);
    const parts = [text, ...files.map((file) => renderAttachmentPart(file.fileName, file.contentType, file.content))];
    const encodedBytes = files.reduce((sum, file) => sum + Math.ceil(file.content.length / 57) * 77, 0);
    return { text: renderMultipart('mixed', this.boundary('mix'), parts), attachmentBytes: encodedBytes };
  }

  private makeAttachments(rawBytes: number): Attachment[] {
    const count = rawBytes > 200_000 && this.random.chance(0.3) ? 2 : 1;
    return Array.from({ length: count }, () => this.attachments.make(this.random, Math.round(rawBytes / count)));
  }

  private boundary(kind: string): string {
    return `----=_Part_${kind}_${this.count}_${this.random.nextUint32().toString(16)}`;
  }

  /** Assembles an mbox entry: From_ line, headers, MIME body with `From ` lines escaped, blank line. */
  private finish(
    sender: string,
    headers: string[],
    content: string,
    kind: MessageKind,
    hasSignal: boolean,
    attachmentBytes: number,
  ): GeneratedMessage {
    const received =
      `Received: from mail.${sender.split('@')[1]} (mail.${sender.split('@')[1]} [192.0.2.${this.random.int(1, 254)}])\n` +
      `\tby mx.${VENDOR_DOMAIN} with ESMTPS id ${this.random.nextUint32().toString(16)}; ${formatRfcDate(this.clock, 0)}`;
    const header = [received, ...headers, 'MIME-Version: 1.0'].join('\n');
    // mboxo escaping: a body line starting with "From " would start a new message.
    const escaped = content.replace(/^From /gm, '>From ');
    const text = `From ${sender} ${formatFromLineDate(this.clock)}\n${header}\n${escaped}\n`;
    return { text, kind, hasSignal, attachmentBytes };
  }
}
