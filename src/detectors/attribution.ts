// Reply attributions ("On Mon, 1 Sep 2026, Claire <c@x> wrote:", "Le lun. 1 sept. 2026,
// Claire a écrit :"). An attribution is the line or the few wrapped lines that end in the
// verb and a colon. A customer's paragraph just above it that happens to open with the
// same word ("On behalf of our team, …", "Le mois prochain, …") is new text, not part of it.

/** Lines an attribution may span: clients wrap a long name and address once or twice. */
export const ATTRIBUTION_MAX_LINES = 3;

/** Opening words of an attribution in the languages planer 1.2 and leak read. */
const OPENING = /^[\s-]*(?:on|le|am|el|il|op|den|p\u00e5|w dniu)\s/i;

// The attribution verb ends the line before a colon ("wrote:", "a écrit :", "napisał(a):").
// "a écrit" must follow a space, so "comme Paul l'a écrit :" does not end an attribution.
const VERB_LAST =
  /(?:wrote|(?:^|\s)a [ée]crit|schrieb|escribi[óo]|ha scritto|schreef|skrev|geschreven|napisa[łl](?:\(a\)|a)?)[\s\u00a0]*:[\s-]*$/i;
// German, Dutch and Scandinavian clients put the verb before the sender:
// "Am 01.09.2026 um 10:00 schrieb Claire Martin <c@x>:".
const VERB_SECOND = /\s(?:schrieb|schreef|skrev|verzond)\s.*:[\s-]*$/i;

// A date or a time in the attribution: a four-digit year, "10:00", "14h32" or "01/09/26".
const DATE_OR_TIME = /\b(?:19|20)\d\d\b|\b\d{1,2}[:h]\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/i;

// A line that ends a sentence. Clients wrap an attribution after a name, a date or "<", rarely after a full stop.
const SENTENCE_END = /[.!?\u2026]["'\u2019\u201d)\]]*\s*$/;

function endsAttribution(joined: string): boolean {
  return VERB_LAST.test(joined) || VERB_SECOND.test(joined);
}

/**
 * Returns the number of lines of the attribution that starts at `index`, or 0 when none does.
 * The lines hold no blank line. When a later line of them starts an attribution of its own,
 * and the line before it ends a sentence or that attribution is dated, the attribution starts
 * there, and the lines above it are the sender's text.
 */
export function attributionLength(lines: readonly string[], index: number): number {
  if (!OPENING.test(lines[index] ?? '')) return 0;
  const length = spanLength(lines, index);
  if (length === 0) return 0;
  for (let later = index + 1; later < index + length; later += 1) {
    if (startsLaterAttribution(lines, later, index + length)) return 0;
  }
  return length;
}

/** Number of lines from `index` whose joined text ends an attribution, or 0. */
function spanLength(lines: readonly string[], index: number): number {
  let joined = '';
  for (let length = 1; length <= ATTRIBUTION_MAX_LINES; length += 1) {
    const line = lines[index + length - 1];
    if (line === undefined || line.trim() === '') return 0;
    joined = `${joined} ${line}`;
    if (endsAttribution(joined)) return length;
  }
  return 0;
}

/** Tells whether the lines from `start` up to `end` (exclusive) are an attribution that the line above does not begin. */
function startsLaterAttribution(lines: readonly string[], start: number, end: number): boolean {
  if (!OPENING.test(lines[start] ?? '')) return false;
  const joined = lines.slice(start, end).join(' ');
  if (!endsAttribution(joined)) return false;
  return SENTENCE_END.test(lines[start - 1] ?? '') || DATE_OR_TIME.test(joined);
}
