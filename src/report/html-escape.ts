import { replaceControls } from './control-chars.js';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and for quoted attribute values.
 * Control characters other than tab and line breaks become U+FFFD.
 */
export function escapeHtml(text: string): string {
  return replaceControls(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
