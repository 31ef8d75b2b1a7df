// Input limits. Each is a named constant with its reason. A message or row
// over a limit is truncated or skipped and counted in `problems`, never fatal.

/** Largest raw message analysed in full; larger ones are truncated to this many bytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Bytes of decoded text kept per message: buying signals sit in the first pages. */
export const MAX_TEXT_CHARS = 200_000;

/** Deepest MIME nesting followed; real mail rarely passes 5, hostile mail can nest thousands. */
export const MAX_MIME_DEPTH = 20;

/**
 * Deepest HTML element nesting converted to text. html-to-text walks the tree
 * recursively, and 5,000 nested elements overflowed the stack (1,000 did not).
 * Real mail rarely nests past a few dozen (an estimate).
 */
export const MAX_HTML_DEPTH = 256;

/** Largest header block read; fields past it are ignored and the message gets a MESSAGE_HEADER_TRUNCATED problem. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** Maximum line length kept in analysed text; longer lines (base64 blobs, minified HTML) are cut. */
export const MAX_LINE_CHARS = 20_000;
