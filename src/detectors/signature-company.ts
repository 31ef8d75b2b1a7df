// The customer's company as its signature names it ("Joe Bloggs / Procurement
// Manager / Pyramid Construction Inc."), a name the CRM can be matched on when
// the sender writes from free mail or a domain unlike the company name.
import { endsWithLegalForm } from '../match/names.js';

/** Lines read above the quoted history, from the bottom: a signature is short. */
const SIGNATURE_LINES = 12;

/** Maximum length of a signature line read, so a sentence of the body is not taken for a name. */
const MAX_LINE_CHARS = 80;

// Start of the quoted history: "> " lines, "On … wrote:", "Le … a écrit :",
// Outlook's header block and the original-message rule.
const HISTORY_START =
  /^\s*(?:>|On .{1,200} wrote:|Le .{1,200} a écrit ?:|From: |De ?: |-{2,} ?(?:Original Message|Message d'origine|Forwarded message|Message transféré) ?-{2,})/i;

// Separators inside one signature line: "Joe Bloggs | Pyramid Construction Inc.",
// "Joe Bloggs, Pyramid Construction Inc.".
const SEGMENT_SEPARATOR = /\s+[|·•–—-]\s+|\s*\|\s*|,\s+/;

// Lower-case words a company name may contain: "Bank of Ireland plc", "Caisse de Crédit SA".
const NAME_CONNECTORS = new Set(['&', 'and', 'of', 'the', 'for', 'de', 'du', 'des', 'la', 'le', 'et', 'en', 'und', 'von']);

/** Tells whether every word before the legal form is capitalised, a digit group or a connector. */
function isCapitalised(candidate: string): boolean {
  return candidate.split(/\s+/).slice(0, -1).every((word) => /^[\p{Lu}\p{N}]/u.test(word) || NAME_CONNECTORS.has(word.toLowerCase()));
}

/** Returns the company named by a legal form in the signature of the message's own text, or null. */
export function findSignatureCompany(text: string): string | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const end = lines.findIndex((line) => HISTORY_START.test(line));
  const own = (end === -1 ? lines : lines.slice(0, end)).map((line) => line.trim()).filter((line) => line !== '');
  for (const line of own.slice(-SIGNATURE_LINES)) {
    if (line.length > MAX_LINE_CHARS) continue;
    for (const segment of line.split(SEGMENT_SEPARATOR)) {
      const candidate = segment.trim();
      if (/^\p{Lu}/u.test(candidate) && isCapitalised(candidate) && endsWithLegalForm(candidate)) return candidate;
    }
  }
  return null;
}
