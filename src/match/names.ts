// Company names reduced to a comparable key: accents folded, punctuation and
// legal forms removed, so "Bâtiments Durand SAS" and "BATIMENTS DURAND" meet.
// The one natural module needed: loading the package index costs about 80 MB
// and half a second, per worker thread too.
import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';

/**
 * Legal-form words dropped from company names, folded to lower case without
 * dots or accents ("S.A.R.L." and "Sàrl" both become `sarl`).
 */
const LEGAL_FORMS = new Set([
  'sas',
  'sasu',
  'sarl',
  'eurl',
  'sa',
  'sca',
  'sci',
  'snc',
  'scop',
  'selarl',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'ev',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'plc',
  'pllc',
  'bv',
  'nv',
  'bvba',
  'vof',
  'spa',
  'srl',
  'sl',
  'slu',
  'sro',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'co',
  'corp',
  'corporation',
  'company',
  'cie',
  'group',
  'groupe',
  'holding',
  'holdings',
  'pty',
  'pte',
  'kk',
  'kft',
  'zrt',
  'doo',
  'sp',
  'zoo',
]);

/**
 * Legal forms that also go before the name: French "SARL Petit", Indonesian
 * "PT Astra", Russian "OOO Romashka". Others are dropped only at the end, so
 * "KG Steel" keeps its "KG" and "SA Recycling" its "SA".
 */
const LEADING_LEGAL_FORMS = new Set([
  'sarl', 'sas', 'sasu', 'eurl', 'sci', 'snc', 'scop', 'selarl',
  'pt', 'ooo', 'zao', 'oao', 'pao', 'jsc', 'pjsc', 'ojsc', 'cjsc',
]);

/** Connecting words dropped so "Martin Fils & Associés" meets "Martin Fils et Associés". */
const CONNECTORS = new Set(['and', 'et', 'und']);

/**
 * Lowest Jaro-Winkler similarity (natural 6) between two company keys counted
 * as the same company. At 0.93, "northwind traders" meets "northwind trader"
 * (0.99) but "acme" does not meet "acne" (0.87) and "martin" does not meet
 * "martin fils" (0.91): a false match would mark a lost deal as covered.
 */
export const NAME_SIMILARITY_THRESHOLD = 0.93;

/** Characters of a company key compared, because Jaro-Winkler costs grow with the product of the lengths. */
const MAX_COMPARED_CHARS = 120;

/** Scores closer than this to the best one count as an equal match. */
export const NAME_TIE_MARGIN = 0.005;

/** Folds accents, lower-cases and splits a name into words, dropping punctuation. */
export function nameTokens(name: string): string[] {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // A dot after a single letter ("S.A.R.L.") is an abbreviation, so the letters join.
    .replace(/(?<![\p{L}\p{N}])(\p{L})\./gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded === '' ? [] : folded.split(' ');
}

/** Returns the folded words of a text as companyKey() compares them, without connecting words. */
export function nameWords(text: string): string[] {
  return nameTokens(text).filter((token) => !CONNECTORS.has(token));
}

/**
 * Returns the comparison key of a company name: folded words without
 * connecting words, and without the legal forms at its end ("Müller GmbH & Co.
 * KG") or, for forms that go first, at its start ("SARL Petit"). A legal-form
 * word inside a name stays: "Acme Corp UK" keeps `corp`. A name made only of
 * such words keeps them, so "Group" stays `group`.
 */
export function companyKey(name: string): string {
  const tokens = nameTokens(name);
  const words = tokens.filter((token) => !CONNECTORS.has(token));
  let end = words.length;
  while (end > 0 && LEGAL_FORMS.has(words[end - 1] as string)) end -= 1;
  let start = 0;
  while (start < end && LEADING_LEGAL_FORMS.has(words[start] as string)) start += 1;
  const significant = words.slice(start, end);
  return (significant.length > 0 ? significant : tokens).join(' ');
}

/** Shortest word that may differ by a letter from its match, as "telecom" and "telekom"; "bahn" and "bank" may not. */
const MIN_FUZZY_WORD_CHARS = 5;

/**
 * Tells whether two company keys of the same number of words name the same
 * words: each pair equal, one the other's start ("trader", "traders"), or a
 * spelling variant of a long word. Keys of different word counts pass, and
 * are left to the whole-name similarity.
 */
export function sameWords(left: string, right: string): boolean {
  const a = left.split(' ');
  const b = right.split(' ');
  if (a.length !== b.length || left.replace(/ /g, '') === right.replace(/ /g, '')) return true;
  return a.every((word, position) => {
    const other = b[position] as string;
    if (word === other || word.startsWith(other) || other.startsWith(word)) return true;
    return (
      Math.min(word.length, other.length) >= MIN_FUZZY_WORD_CHARS &&
      JaroWinklerDistance(word, other, {}) >= NAME_SIMILARITY_THRESHOLD
    );
  });
}

/**
 * Tells whether a short text is a company name ending in a legal form, such as
 * "Pyramid Construction Inc." or "Bâtiments Durand SAS": at least one word
 * before the form, at most six words in all.
 */
export function endsWithLegalForm(text: string): boolean {
  const tokens = nameTokens(text);
  const last = tokens[tokens.length - 1];
  return tokens.length >= 2 && tokens.length <= 6 && last !== undefined && LEGAL_FORMS.has(last);
}

/** Similarity between two company keys in [0, 1], where spacing differences alone give 1. */
export function nameSimilarity(left: string, right: string): number {
  if (left === '' || right === '') return 0;
  if (left === right || left.replace(/ /g, '') === right.replace(/ /g, '')) return 1;
  return JaroWinklerDistance(
    left.slice(0, MAX_COMPARED_CHARS),
    right.slice(0, MAX_COMPARED_CHARS),
    {},
  );
}
