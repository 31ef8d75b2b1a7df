// Control characters in mail and CRM text (ESC, BEL, NUL, C1 codes) reach the
// reports from subjects, snippets and CRM cells. A terminal acts on ESC
// sequences printed from a file, and the HTML standard lists control characters
// as parse errors. Every renderer writes them as U+FFFD, as the terminal does.

/** C0 controls except tab, line feed and carriage return, then DEL and the C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Returns text with each control character written as U+FFFD. Tab, line feed
 * and carriage return stay: CSV quotes them and HTML reads them as spaces.
 */
export function replaceControls(text: string): string {
  return text.replace(CONTROLS, '\uFFFD');
}

/**
 * Bidirectional controls: the embeddings and overrides U+202A to U+202E, the
 * isolates U+2066 to U+2069, and the marks U+200E, U+200F and U+061C. Inside a
 * sentence they make it display in another order than it reads ("TXE.exe"
 * shown as "exe.EXT"), so a reader sees other text than the report holds.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Returns text with each bidirectional control written as a visible escape
 * such as `\u202E`, for the HTML, terminal and Markdown reports. CSV and JSON
 * keep them, because they hold the text as found.
 */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

// C0 and C1 control characters, ESC included: mail text and file names could
// otherwise move the cursor or recolour the terminal.
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Returns text on one line for a terminal: tabs and line breaks become a space,
 * other control characters U+FFFD, and bidirectional controls escapes such as `\u202E`.
 */
export function cleanForTerminal(text: string): string {
  return showBidiControls(text.replace(/[\t\n\r]+/g, ' ').replace(TERMINAL_CONTROLS, '\uFFFD'));
}

/**
 * Returns a copy of `value` with every string in arrays and plain objects passed
 * through cleanForTerminal, for output that prints fields such as file names
 * from many places of a report. Other objects, such as a list read lazily from a
 * spill file, are returned as they are, so their caller cleans what it prints.
 */
export function cleanAllForTerminal<T>(value: T): T {
  if (typeof value === 'string') return cleanForTerminal(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => cleanAllForTerminal(item)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[cleanForTerminal(key)] = cleanAllForTerminal(item);
  return copy as T;
}
