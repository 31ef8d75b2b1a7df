// Keeps only the text a message's sender wrote: reply history, forwarded
// messages, signatures and legal disclaimers are removed, because a rep's old
// proposal quoted below a reply is not a customer signal.
import { requirePackage } from '../require-package.js';
import type { MailMessage } from '../types.js';
import { attributionLength } from './attribution.js';

const planer = requirePackage('planer') as (typeof import('planer'))['default'];

/** Lines after a `From:` line searched for a second header label. */
const HEADER_BLOCK_LINES = 5;

const SEPARATOR =
  /^\s*-{2,}\s*(?:original message|message d'origine|forwarded message|message transf[ée]r[ée]|mensaje original|urspr[üu]ngliche nachricht|weitergeleitete nachricht)\s*-{2,}\s*$/i;
const FORWARD_OPENING = /^\s*(?:begin forwarded message|d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée]))\s*:\s*$/i;
const UNDERSCORE_RULE = /^\s*_{10,}\s*$/;
const SIGNATURE_DELIMITER = /^--\s?$/;

const FROM_LABEL = /^\s*\*?(?:from|de|von|fra|van|da|fr[åa]n|od)\*?[\s\u00a0]*:/i;
const HEADER_LABEL =
  /^\s*\*?(?:sent|date|to|cc|subject|envoy[ée]|[àa]|objet|gesendet|an|betreff|datum|sendt|til|emne|verzonden|aan|onderwerp|enviado|para|asunto|inviato|oggetto)\*?[\s\u00a0]*:/i;

const CLOSING =
  /^\s*(?:best regards|kind regards|warm regards|regards|best wishes|best|many thanks|thanks and regards|sincerely|yours sincerely|yours truly|cheers|cordialement|bien cordialement|tr[èe]s cordialement|bien [àa] vous|salutations|meilleures salutations|sinc[èe]res salutations|mit freundlichen gr[üu](?:ß|ss)en|viele gr[üu](?:ß|ss)e|saludos|un saludo|atentamente|distinti saluti|cordiali saluti)[\s,.!]*$/i;
const DISCLAIMER =
  /^\s*(?:this (?:e-?mail|message|communication)\b.{0,60}\b(?:confidential|intended|privileged)|confidentiality notice|disclaimer\s*:|ce (?:message|courriel|mail|e-mail)\b.{0,80}\b(?:confidentiel|destin[ée]|strictement)|avertissement\s*:|le pr[ée]sent (?:message|courriel)|if you (?:are not|have received this)|si vous (?:n'[êe]tes pas|avez re[çc]u ce)|please consider the environment|pensez [àa] l'environnement)/i;

// A postscript opening: "P.S.", "P. S.", "P.-S." (French), "PS:", "PS -", "PPS". A bare
// "PS " is left out, because signatures start lines with it ("PS Consulting Ltd").
const POSTSCRIPT = /^\s*(?:p\.(?:\s?-\s?|\s)?s\.|p\.?\s?p\.?\s?s\b\.?|ps\s?[.:]|ps\s+[-\u2013\u2014])/i;

/** Lines after a sign-off searched for a postscript: a name, title, company, address and phones. */
const POSTSCRIPT_SEARCH_LINES = 12;

// `signature` ends the sender's text unless a postscript follows, and `history` always ends it.
type LineAction = 'keep' | 'drop' | 'signature' | 'history';

function isHeaderBlock(lines: readonly string[], index: number): boolean {
  if (!FROM_LABEL.test(lines[index] ?? '')) return false;
  const following = lines.slice(index + 1, index + 1 + HEADER_BLOCK_LINES);
  return following.some((line) => HEADER_LABEL.test(line));
}

function nextContentLine(lines: readonly string[], index: number): string {
  return lines.slice(index).find((line) => line.trim() !== '') ?? '';
}

function classifyLine(lines: readonly string[], index: number, hasContent: boolean): LineAction {
  const line = lines[index] ?? '';
  if (/^\s*>/.test(line)) return 'drop';
  if (SEPARATOR.test(line) || FORWARD_OPENING.test(line) || UNDERSCORE_RULE.test(line)) return 'history';
  if (isHeaderBlock(lines, index)) return 'history';
  if (SIGNATURE_DELIMITER.test(line)) return 'signature';
  if (hasContent && (CLOSING.test(line) || DISCLAIMER.test(line))) return 'signature';
  return 'keep';
}

function isHistoryStart(lines: readonly string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (/^\s*>/.test(line) || attributionLength(lines, index) > 0) return true;
  return classifyLine(lines, index, false) === 'history';
}

/**
 * Returns the lines above the quoted history, signature included: reply
 * openings in several languages, `>` lines, Outlook header blocks, forward
 * and original-message separators and underscore rules end them.
 */
export function linesAboveHistory(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const end = lines.findIndex((_, index) => isHistoryStart(lines, index));
  return end === -1 ? lines : lines.slice(0, end);
}

/**
 * Returns the index of a postscript line within POSTSCRIPT_SEARCH_LINES after
 * `start`, or -1. The search stops at reply history: a "P.S." quoted below
 * was written by someone else.
 */
function findPostscript(lines: readonly string[], start: number): number {
  const end = Math.min(lines.length, start + POSTSCRIPT_SEARCH_LINES);
  for (let index = start; index < end; index += 1) {
    if (isHistoryStart(lines, index)) return -1;
    if (POSTSCRIPT.test(lines[index] ?? '')) return index;
  }
  return -1;
}

/**
 * Returns the postscript paragraphs below a sign-off ("P.S. we will need 5
 * more seats"), each ending at a blank line or history, with a blank line
 * before each. The signature lines around them stay out.
 */
function postscriptsAfter(lines: readonly string[], start: number): string[] {
  const kept: string[] = [];
  let postscript = findPostscript(lines, start);
  while (postscript >= 0) {
    let end = postscript + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== '' && !isHistoryStart(lines, end)) end += 1;
    kept.push('', ...lines.slice(postscript, end));
    postscript = findPostscript(lines, end);
  }
  return kept;
}

// Planer (a port of Mailgun's talon) finds reply openings in several languages.
// This pass removes what it leaves: quoted lines kept between inline replies,
// forward and original-message separators, signatures and disclaimers.
function stripRemainder(lines: readonly string[]): string[] {
  const keptLines: string[] = [];
  let hasContent = false;
  for (let index = 0; index < lines.length; index += 1) {
    const wroteLength = attributionLength(lines, index);
    if (wroteLength > 0) {
      // With `>` quoting below, the opening goes and inline replies stay.
      if (!nextContentLine(lines, index + wroteLength).trimStart().startsWith('>')) break;
      index += wroteLength - 1;
      continue;
    }
    const action = classifyLine(lines, index, hasContent);
    if (action === 'history') break;
    if (action === 'signature') {
      keptLines.push(...postscriptsAfter(lines, index + 1));
      break;
    }
    if (action === 'keep') {
      const line = lines[index] ?? '';
      keptLines.push(line);
      hasContent ||= line.trim() !== '';
    }
  }
  return keptLines;
}

// Planer 1.2's regexes take quadratic time on long lines (seconds for one
// 20,000-character line of "On "), and reply headers are far shorter. Planer
// receives the lines cut to this length, and its result is mapped back by line count.
const PLANER_LINE_CHARS = 200;

/** Lines planer 1.2 reads; it drops any line after these. */
const PLANER_MAX_LINES = 1000;

// Cues that planer 1.2 reacts to in plain text, each looser than the regex it
// stands for: a line starting with ">", a forward or original-message
// separator, the start and end words of an "On ... wrote:" opening, a "From:"
// or "Date:" label at a line start, a line starting with a date, a
// spelled-out date, and the "<http" and "@@" of its link round trip. Planer
// returns text with none of them trimmed and otherwise unchanged, and
// runPlaner maps that result to the text itself, so planer is skipped for it.
const PLANER_HINTS = [
  /^>/m,
  /forwarded message|original message|reply message|urspr\u00fcngliche nachricht|antwort nachricht|oprindelig meddelelse/i,
  /^[^\S\n]*(?::?\*?from|van|de|von|fra|fr\u00e5n|date|datum|envoy\u00e9|skickat|sendt)\s?:/im,
  /^\d+[/.]\d+[/.]\d/m,
  /, \d\d? \S{3,10} 20\d\d/,
  /<http|@@/,
];
const PLANER_OPENING_WORDS = /(?:On|Le|W dniu|Op|Am|P\u00e5|Den) /;
const PLANER_CLOSING_WORDS = /wrote|sent|a \u00e9crit|napisa\u0142|schreef|verzond|geschreven|schrieb|skrev/;

/** Returns true when planer 1.2 could change `shadow` beyond trimming it. */
export function hasPlanerHint(shadow: string): boolean {
  if (PLANER_HINTS.some((hint) => hint.test(shadow))) return true;
  return PLANER_OPENING_WORDS.test(shadow) && PLANER_CLOSING_WORDS.test(shadow);
}

// Planer 1.2 tests its splitter regexes, unanchored, on every line joined to
// the three after it, and then keeps a match only if it starts at index 0. So
// each line costs a scan of four lines per regex. Anchored copies return the
// same match at index 0 and fail elsewhere without scanning. planer.js reads
// the array from its regex module on each call, so replacing the entries
// here changes no result, only the time.
function anchorPlanerSplitters(): void {
  const regexes = requirePackage('planer/lib/regexes.js') as { SPLITTER_PATTERNS?: RegExp[] };
  const patterns = regexes.SPLITTER_PATTERNS;
  if (patterns === undefined) return;
  patterns.forEach((pattern, index) => {
    // Flags m, g and y would change what ^ and exec() do, and planer 1.2 uses none of them.
    if (pattern.source.startsWith('^') || /[gmy]/.test(pattern.flags)) return;
    patterns[index] = new RegExp(`^(?:${pattern.source})`, pattern.flags);
  });
}
anchorPlanerSplitters();

// Planer 1.2 starts an attribution at any line that opens with one of these words and has a
// comma, when "wrote", "sent" or "a écrit" follows within three lines. So it cuts a customer's
// paragraph just above a real attribution ("On behalf of our team, we would like …"), and a lone
// "On our side, the order was sent." with everything below it. Lines that open this way are
// tested with attributionLength(), and planer reads MASKED_LINE in place of each line that
// starts no attribution. The mask is one character that none of planer's patterns matches.
const PLANER_OPENING_LINE = /^-*>? ?(?:On|Le|W dniu|Op|Am|P\u00e5|Den) /;
const PLANER_OPENING_ANY_LINE = /^-*>? ?(?:On|Le|W dniu|Op|Am|P\u00e5|Den) /m;
const MASKED_LINE = '.';

/** Lines after a false opening searched for the real attribution or the quote below it. */
const MASK_LOOKAHEAD = 5;

/**
 * Tells whether planer may be kept from cutting at `index`: an attribution that
 * attributionLength() accepts starts below it, or no ">" line follows it. A line such as
 * "On Mon, 1 Sep 2026, Claire <c@x> wrote" with no colon, above ">" lines, is an attribution
 * that attributionLength() does not read, and unmasked planer cuts the quote below it.
 */
function isMaskable(lines: readonly string[], index: number): boolean {
  const end = Math.min(lines.length, index + 1 + MASK_LOOKAHEAD);
  for (let later = index + 1; later < end; later += 1) {
    if (attributionLength(lines, later) > 0) return true;
  }
  for (let later = index + 1; later < end; later += 1) {
    if ((lines[later] ?? '').startsWith('>')) return false;
  }
  return true;
}

/** Returns `lines` with each planer opening that starts no attribution replaced by MASKED_LINE. */
function maskFalseOpenings(lines: readonly string[]): readonly string[] {
  let masked: string[] | null = null;
  lines.forEach((line, index) => {
    // A line that starts with ">" is quoted text to planer, whatever follows.
    if (line.startsWith('>') || !PLANER_OPENING_LINE.test(line)) return;
    if (attributionLength(lines, index) > 0 || !isMaskable(lines, index)) return;
    masked ??= [...lines];
    masked[index] = MASKED_LINE;
  });
  return masked ?? lines;
}

/** Returns the lines of `text` that planer keeps, a prefix of `lines` (text.split('\n')). */
export function runPlaner(text: string, lines: readonly string[]): readonly string[] {
  // Most messages have no line to cut or mask, and their shadow is the text itself.
  const fits = lines.length <= PLANER_MAX_LINES && lines.every((line) => line.length <= PLANER_LINE_CHARS);
  const cutLines = fits ? lines : lines.slice(0, PLANER_MAX_LINES).map((line) => line.slice(0, PLANER_LINE_CHARS));
  const shadowLines = maskFalseOpenings(cutLines);
  const shadow = shadowLines === lines ? text : shadowLines.join('\n');
  if (!hasPlanerHint(shadow)) return lines;
  const reply = planer.extractFrom(shadow, 'text/plain').trimEnd();

  // Planer returns the lines above the history. When its output is not such a
  // prefix, the post-pass alone decides.
  if (!isPrefixOf(reply, shadow)) return lines;
  const keptCount = reply === '' ? 0 : reply.split('\n').length;

  // With no history in the lines planer read, the lines after them stay for the post-pass.
  if (keptCount >= shadowLines.length - trailingBlankCount(shadowLines)) return lines;
  return lines.slice(0, keptCount);
}

/**
 * Returns text.startsWith(prefix). Planer's reply is often most of the text, and on the benchmark
 * mailbox's replies Node 20's startsWith took about 30 times as long as this (one timing, an estimate).
 */
export function isPrefixOf(prefix: string, text: string): boolean {
  return prefix.length <= text.length && text.slice(0, prefix.length) === prefix;
}

function trailingBlankCount(lines: readonly string[]): number {
  let count = 0;
  while (count < lines.length && (lines[lines.length - 1 - count] ?? '').trim() === '') count += 1;
  return count;
}

/**
 * Tidies lines as extractNewText() once tidied their joined text: line ends trimmed,
 * each blank run cut to one blank line, and blank lines and spaces at both ends removed.
 */
export function tidyLines(lines: readonly string[]): string[] {
  const tidy: string[] = [];
  let isAfterBlank = false;
  for (const line of lines) {
    // trimEnd per line, because /[ \t]+$/m backtracks quadratically on long runs of spaces.
    const trimmed = line.trimEnd();
    if (trimmed === '') {
      isAfterBlank = tidy.length > 0;
      continue;
    }
    if (tidy.length === 0) {
      tidy.push(trimmed.trimStart());
    } else {
      if (isAfterBlank) tidy.push('');
      tidy.push(trimmed);
    }
    isAfterBlank = false;
  }
  return tidy;
}

/** Returns the lines of the message's own new text, tidied by tidyLines(): extractNewText() joins them. */
export function extractNewLines(message: MailMessage): string[] {
  return extractNewLinesOf(message.text);
}

/** Returns extractNewLines() of a message whose text is `text`. */
export function extractNewLinesOf(messageText: string): string[] {
  const text = messageText.includes('\r') ? messageText.replace(/\r\n?/g, '\n') : messageText;
  return tidyLines(stripRemainder(fitsPlaner(text) ? runPlanerOnText(text) : runPlaner(text, text.split('\n'))));
}

/** Tells whether planer reads `text` whole: at most PLANER_MAX_LINES lines, none longer than PLANER_LINE_CHARS. */
export function fitsPlaner(text: string): boolean {
  let lineCount = 0;
  let start = 0;
  for (;;) {
    lineCount += 1;
    if (lineCount > PLANER_MAX_LINES) return false;
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start > PLANER_LINE_CHARS) return false;
    if (end === -1) return true;
    start = end + 1;
  }
}

/**
 * Returns runPlaner(text, text.split('\n')) for a text that fits planer whole. The text is
 * split into lines only as far as they are returned, because planer usually keeps a few
 * lines above a long history.
 */
export function runPlanerOnText(text: string): readonly string[] {
  if (!hasPlanerHint(text)) return text.split('\n');
  if (PLANER_OPENING_ANY_LINE.test(text)) return runPlaner(text, text.split('\n'));
  const reply = planer.extractFrom(text, 'text/plain').trimEnd();
  if (!isPrefixOf(reply, text)) return text.split('\n');
  const keptCount = reply === '' ? 0 : reply.split('\n').length;
  if (keptCount >= lineCountOf(text) - trailingBlankLineCount(text)) return text.split('\n');
  if (keptCount === 0) return [];
  // The kept lines are a prefix of the lines: the text before the keptCount-th line feed.
  let end = -1;
  for (let line = 0; line < keptCount; line += 1) end = text.indexOf('\n', end + 1);
  return text.slice(0, end).split('\n');
}

function lineCountOf(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

// trailingBlankCount() of text.split('\n'), read from the end of the text.
function trailingBlankLineCount(text: string): number {
  let count = 0;
  let end = text.length;
  for (;;) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    if (text.slice(start, end).trim() !== '') return count;
    count += 1;
    if (start === 0) return count;
    end = start - 1;
  }
}

/** Returns the message's own new text, lines joined with `\n` and blank runs collapsed. */
export function extractNewText(message: MailMessage): string {
  return extractNewLines(message).join('\n');
}
