// The view of a text that --redact matches on. Word processors and HTML mail put
// characters into names and numbers that a reader does not see, or reads as the
// plain character. Examples are a soft hyphen inside "Lef<U+00AD>èvre", a zero-width
// space between two names, and a non-breaking hyphen in "Jean<U+2011>François" or
// "123<U+2011>4567". Each of them splits a word or a number, so no pattern matches
// and the parts stay readable.

/** Characters a reader does not see, such as the soft hyphen, zero-width space and joiners, word joiner and byte order mark. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
/** Hyphens that read as "-": hyphen, non-breaking hyphen, figure dash, minus sign, small and full-width hyphen-minus. */
const HYPHENS = /[\u2010\u2011\u2012\u2212\ufe63\uff0d]/u;
/** Spaces that read as one: no-break, narrow no-break, figure, ideographic and the other fixed-width spaces. */
const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;
/** Full-width letters, digits and signs, which NFKC writes as ASCII: "Ｏｌｉｖｉａ", "５５５". */
const FULL_WIDTH = /[\uff01-\uff5e]/u;

/**
 * Returns the text as --redact reads it. Invisible characters are dropped,
 * except that one between a small letter and a capital ("Hélène<U+200B>Lefèvre",
 * "Olivia<U+2060>Hart") becomes a space, because the reader sees two words there.
 * Unicode hyphens become "-", fixed-width spaces " ", and full-width
 * characters and other digits with an ASCII form under NFKC that form.
 */
export function redactionView(text: string): string {
  // Every character the view changes is outside ASCII.
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const chars = [...text];
  let view = '';
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] as string;
    if (char < '\x80') {
      view += char;
      continue;
    }
    if (IGNORABLE.test(char)) {
      let next = index + 1;
      while (next < chars.length && IGNORABLE.test(chars[next] as string)) next += 1;
      if (/\p{Ll}/u.test(view.slice(-1)) && /\p{Lu}/u.test(chars[next] ?? '')) view += ' ';
      continue;
    }
    if (HYPHENS.test(char)) view += '-';
    else if (SPACES.test(char)) view += ' ';
    else if (FULL_WIDTH.test(char) || (/\p{Nd}/u.test(char) && !/[0-9]/.test(char))) view += asciiForm(char);
    else view += char;
  }
  return view;
}

/** Returns the NFKC form of a character when that form is ASCII, else the character itself. */
function asciiForm(char: string): string {
  const folded = char.normalize('NFKC');
  return /^[\x20-\x7e]$/.test(folded) ? folded : char;
}
