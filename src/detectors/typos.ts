// Typo tolerance compiled with the rules: a symmetric-deletion index over the
// rule words, so a message token is checked with a few map lookups instead of
// a distance computation against every rule word.

/** Shortest token corrected: below it, one edit too often turns a word into another. */
export const MIN_TYPO_LENGTH = 6;

/**
 * Distinct words whose correction is kept per index before the cache is
 * cleared. A cached word can keep alive the sentence it was cut from, so the
 * cache is kept small.
 */
const MAX_CACHED_CORRECTIONS = 20_000;

export interface TypoIndex {
  /** Returns the rule word one edit away from `word`, or null when there is none. */
  correct(word: string, stem: string): string | null;
}

function deletions(word: string): string[] {
  const variants: string[] = [];
  for (let position = 0; position < word.length; position += 1) {
    variants.push(word.slice(0, position) + word.slice(position + 1));
  }
  return variants;
}

/** True when a and b differ by one insertion, deletion, substitution or adjacent swap. */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const lengthGap = Math.abs(a.length - b.length);
  if (lengthGap > 1) return false;

  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }

  const restA = a.slice(start, endA);
  const restB = b.slice(start, endB);
  if (restA.length <= 1 && restB.length <= 1) return true;
  return restA.length === 2 && restB.length === 2 && restA[0] === restB[1] && restA[1] === restB[0];
}

/**
 * Rule words of one variant: a string for the usual single word, else an array
 * of distinct words. In one measurement on Node 20, a Set per variant took the
 * default packs from about 12.0 MB to 14.6 MB of heap per thread.
 */
type VariantWords = string | string[];

// The rule word one edit from `word` with the same first letter, the first in
// sort order when several are.
function findCorrection(byVariant: ReadonlyMap<string, VariantWords>, word: string): string | null {
  const candidates = new Set<string>();
  for (const variant of [word, ...deletions(word)]) {
    const words = byVariant.get(variant);
    if (typeof words === 'string') candidates.add(words);
    else for (const candidate of words ?? []) candidates.add(candidate);
  }
  // An edit on the first letter turns real words into rule words, such as
  // "slower" into "lower", and typing slips rarely hit the first letter.
  const matches = [...candidates]
    .filter((candidate) => candidate[0] === word[0] && isOneEditApart(word, candidate))
    .sort();
  return matches[0] ?? null;
}

/**
 * Builds the index from rule words. Words whose stem a rule already contains, and
 * the pack's exempt words (real words one edit from a rule word, such as
 * "contact" and "contract"), are never corrected.
 */
export function buildTypoIndex(
  words: Iterable<string>,
  knownStems: ReadonlySet<string>,
  exempt: ReadonlySet<string>,
): TypoIndex {
  const byVariant = new Map<string, VariantWords>();
  let maxLength = 0;
  for (const word of words) {
    if (word.length < MIN_TYPO_LENGTH - 1 || !/^[a-z]+$/.test(word)) continue;
    maxLength = Math.max(maxLength, word.length);
    for (const variant of [word, ...deletions(word)]) {
      const entry = byVariant.get(variant);
      if (entry === undefined) byVariant.set(variant, word);
      else if (typeof entry === 'string') {
        if (entry !== word) byVariant.set(variant, [entry, word]);
      } else if (!entry.includes(word)) entry.push(word);
    }
  }

  // Corrections per word, because the same words recur in every message.
  const corrections = new Map<string, string | null>();
  return {
    correct(word: string, stem: string): string | null {
      // A word longer than every rule word plus one cannot be one edit away, and
      // skipping it keeps a 20,000-letter token from producing 20,000 variants.
      if (word.length < MIN_TYPO_LENGTH || word.length > maxLength + 1) return null;
      if (knownStems.has(stem) || exempt.has(word)) return null;
      const cached = corrections.get(word);
      if (cached !== undefined) return cached;
      const correction = findCorrection(byVariant, word);
      if (corrections.size >= MAX_CACHED_CORRECTIONS) corrections.clear();
      corrections.set(word, correction);
      return correction;
    },
  };
}
