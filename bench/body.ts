// Message text for the generator: greeting, business paragraphs, an optional
// buying signal, closing and signature, then the quoted history of the
// thread. Rendered as plain text (wrapped at 72 columns) or as HTML.
import { CLOSINGS, GREETINGS, MONTHS, PLANS, SENTENCES, SIGNALS, VENDOR_SENTENCES, WEEKDAYS } from './content.js';
import type { Language } from './content.js';
import { escapeHtml, wrapWords } from './mime.js';
import type { Random } from './random.js';

export interface Author {
  name: string;
  address: string;
  /** Lines under the name: job title, company, phone. */
  signature: string[];
}

export interface BodyRequest {
  language: Language;
  author: Author;
  recipientFirstName: string;
  isVendor: boolean;
  hasSignal: boolean;
  /** Characters of new text to write before the closing. */
  freshChars: number;
  /** Characters of quoted history to keep at most; 0 for a first message. */
  quoteChars: number;
  /** Plain text of the message replied to, with its own quotes, or null. */
  previousText: string | null;
  previousAuthor: Author | null;
  /** Local time of the message replied to, for the attribution line. */
  previousDate: Date | null;
}

export interface Body {
  /** Paragraphs of the new text, greeting first and signature last. */
  paragraphs: string[];
  attribution: string | null;
  quotedLines: string[];
}

function fillTemplate(random: Random, template: string, first: string): string {
  return template
    .replace('{first}', first)
    .replace('{n}', String(random.pick([3, 5, 8, 10, 12, 15, 20, 25, 40, 50])))
    .replace('{plan}', random.pick(PLANS.slice(1)));
}

function buildParagraph(random: Random, request: BodyRequest): string {
  const count = random.int(1, 4);
  const sentences: string[] = [];
  for (let attempt = 0; sentences.length < count && attempt < count * 3; attempt++) {
    // The vendor bank is short, so it gets one sentence in five to limit repeats.
    const isVendorSentence = request.isVendor && random.chance(0.2);
    const sentence = random.pick((isVendorSentence ? VENDOR_SENTENCES : SENTENCES)[request.language]);
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  return sentences.join(' ');
}

/** Formats the "On ... wrote:" or "Le ... a écrit :" line as mail clients write it. */
export function formatAttribution(language: Language, date: Date, author: Author): string {
  const day = date.getUTCDate();
  const month = MONTHS[language][date.getUTCMonth()] ?? '';
  const weekday = WEEKDAYS[language][date.getUTCDay()] ?? '';
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  const sender = `${author.name} <${author.address}>`;
  if (language === 'fr') return `Le ${weekday} ${day} ${month} ${date.getUTCFullYear()} à ${time}, ${sender} a écrit :`;
  return `On ${weekday}, ${day} ${month} ${date.getUTCFullYear()} at ${time}, ${sender} wrote:`;
}

function quoteHistory(request: BodyRequest): string[] {
  if (request.previousText === null || request.quoteChars <= 0) return [];
  const lines: string[] = [];
  let used = 0;
  for (const line of request.previousText.split('\n')) {
    if (used + line.length > request.quoteChars) break;
    lines.push(line.startsWith('>') ? `>${line}` : `> ${line}`);
    used += line.length + 2;
  }
  return lines;
}

/** Composes the new text and quoted history of one message. */
export function composeBody(random: Random, request: BodyRequest): Body {
  const greeting = fillTemplate(random, random.pick(GREETINGS[request.language]), request.recipientFirstName);
  const paragraphs = [greeting];
  let written = greeting.length;
  const signalAt = request.hasSignal ? random.int(1, 3) : -1;

  while (written < request.freshChars || paragraphs.length <= signalAt) {
    let paragraph = buildParagraph(random, request);
    if (paragraphs.length === signalAt) {
      const signal = fillTemplate(random, random.pick(SIGNALS[request.language]), '');
      paragraph = random.chance(0.5) ? `${signal} ${paragraph}` : `${paragraph} ${signal}`;
    }
    paragraphs.push(paragraph);
    written += paragraph.length + 2;
  }

  paragraphs.push(random.pick(CLOSINGS[request.language]));
  paragraphs.push([request.author.name, ...request.author.signature].join('\n'));
  const hasHistory = request.previousText !== null && request.previousDate !== null && request.previousAuthor !== null;
  const attribution = hasHistory
    ? formatAttribution(request.language, request.previousDate as Date, request.previousAuthor as Author)
    : null;
  return { paragraphs, attribution, quotedLines: quoteHistory(request) };
}

/** Renders a body as plain text: paragraphs wrapped at 72 columns, signature lines kept. */
export function renderPlain(body: Body): string {
  const blocks = body.paragraphs.map((paragraph) =>
    paragraph
      .split('\n')
      .flatMap((line) => wrapWords(line))
      .join('\n'),
  );
  let text = blocks.join('\n\n') + '\n';
  if (body.attribution !== null) text += `\n${body.attribution}\n${body.quotedLines.join('\n')}\n`;
  return text;
}

/** Renders a body as the HTML a webmail client sends, quoted history in a blockquote. */
export function renderHtml(body: Body, charset: string): string {
  const paragraphs = body.paragraphs
    .map((paragraph) => `<p>${paragraph.split('\n').map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
  let quote = '';
  if (body.attribution !== null) {
    const lines = body.quotedLines.map((line) => escapeHtml(line.replace(/^> ?/, ''))).join('<br>\n');
    quote =
      `\n<div class="quote"><p>${escapeHtml(body.attribution)}</p>\n` +
      `<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">\n${lines}\n</blockquote></div>`;
  }
  return (
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">\n` +
    '<style>p{margin:0 0 12px}</style></head>\n' +
    `<body><div style="font-family:Calibri,Arial,sans-serif;font-size:11pt">\n${paragraphs}${quote}\n</div></body></html>\n`
  );
}

/** Renders a newsletter issue as table-based HTML with inline styles, as bulk senders do. */
export function renderNewsletterHtml(
  sender: string,
  articles: [string, string][],
  promotion: string,
  unsubscribe: string,
): string {
  const cell = 'style="padding:16px 24px;font-family:Helvetica,Arial,sans-serif;font-size:15px;color:#333333"';
  const rows = articles
    .map(
      ([title, summary]) =>
        `<tr><td ${cell}><h2 style="margin:0 0 8px;font-size:20px;color:#1a3c6e">${escapeHtml(title)}</h2>\n` +
        `<p style="margin:0">${escapeHtml(summary)} <a href="${unsubscribe.replace('/u/', '/r/')}" ` +
        'style="color:#1a73e8">Read more &rarr;</a></p></td></tr>',
    )
    .join('\n');
  return (
    '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">\n' +
    '<style>@media (max-width:600px){.wrap{width:100% !important}}</style></head>\n' +
    '<body style="margin:0;background:#f4f4f4"><table class="wrap" width="600" align="center" cellpadding="0" cellspacing="0">\n' +
    `<tr><td ${cell}><img src="https://cdn.example/logo.png" alt="${escapeHtml(sender)}" width="120"></td></tr>\n` +
    `${rows}\n<tr><td ${cell}><strong>${escapeHtml(promotion)}</strong></td></tr>\n` +
    `<tr><td ${cell}><a href="${unsubscribe}">Unsubscribe</a></td></tr></table></body></html>\n`
  );
}
