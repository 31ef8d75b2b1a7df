import { replaceControls, showBidiControls } from './control-chars.js';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and for quoted attribute values.
 * Control characters other than tab and line breaks become U+FFFD, and
 * bidirectional controls become visible escapes such as `\u202E`.
 */
export function escapeHtml(text: string): string {
  return showBidiControls(replaceControls(text)).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
