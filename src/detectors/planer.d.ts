// Types for planer 1.2, which ships none. Only the plain-text entry point is used.
declare module 'planer' {
  /** Returns the reply without quoted history; `dom` is needed only for HTML. */
  function extractFrom(body: string, contentType: 'text/plain' | 'text/html', dom?: unknown): string;
  const planer: { extractFrom: typeof extractFrom };
  export default planer;
}
