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
