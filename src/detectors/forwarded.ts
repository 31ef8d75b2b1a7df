// Finds the author of a message forwarded inline ("---------- Forwarded message ---------"
// then a From: line), so that excluding a colleague's forward can name whose mail it carried.

/**
 * A line that opens an inline forward: Gmail's and Thunderbird's separators, and Apple
 * Mail's "Begin forwarded message:", in English, French and German. "Original Message"
 * is left out, because Outlook writes it above the history of a reply too.
 */
const FORWARD_MARKER =
  /^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|message transf[ée]r[ée]|weitergeleitete nachricht)[ \t]*-{2,}|begin forwarded message[ \t]*:|d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])[ \t]*:)[ \t]*$/im;

/** Lines after the marker searched for the From: line; clients put it first or second. */
const FROM_SEARCH_LINES = 3;

const FROM_LINE = /^[ \t]*\*?(?:from|de|von)\*?[ \t\u00a0]*:(.*)$/i;

const ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[^\s<>"'(),;:@]+/;

/**
 * Returns the lower-cased address on the From: line of the first inline forward in
 * `text`, or null when the text forwards nothing inline or that line has no address.
 */
export function findForwardedSender(text: string): string | null {
  const marker = FORWARD_MARKER.exec(text);
  if (marker === null) return null;
  const after = text.slice(marker.index + marker[0].length).split('\n', FROM_SEARCH_LINES + 1).slice(1);
  for (const line of after) {
    const from = FROM_LINE.exec(line);
    if (from === null) continue;
    const address = ADDRESS.exec(from[1] ?? '');
    return address === null ? null : address[0].toLowerCase();
  }
  return null;
}
