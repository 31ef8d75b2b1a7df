// Locale-independent ordering, so sorted output is the same on every machine.

/** Compares two strings by UTF-16 code units, for deterministic sorting. */
export function compareText(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}
