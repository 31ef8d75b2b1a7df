// Rules for HTML text that a reader cannot see, judged from inline styles and attributes only (no
// style sheets). Both HTML readers in mail-body.ts apply these rules, so that text hidden in these ways,
// such as a preheader or words in white on white, does not become evidence of a customer's request.

/** A colour as red, green and blue from 0 to 255 and alpha from 0 to 1. */
type Colour = readonly [number, number, number, number];

/** Visibility that an element passes on to the text inside it. */
export interface Visibility {
  /** Not rendered with all it contains: display:none, the hidden attribute, opacity 0, or a zero-size box that clips its content. */
  isRemoved: boolean;
  /** CSS visibility hidden or collapse, which a descendant can set back to visible. */
  isVisibilityHidden: boolean;
  /** Font size zero, which a descendant can set back with an absolute size. */
  isFontSizeZero: boolean;
  /** Text colour, or undefined when no inline style or attribute sets it. */
  color: Colour | undefined;
  /** Background colour behind the text, or undefined when none is known. */
  background: Colour | undefined;
}

/** Visibility at the top of a document: nothing hidden, colours unknown. */
export const VISIBLE: Visibility = {
  isRemoved: false,
  isVisibilityHidden: false,
  isFontSizeZero: false,
  color: undefined,
  background: undefined,
};

/** Largest channel difference, out of 255, at which text counts as the colour of its background. */
const SAME_COLOUR_DISTANCE = 8;

/** Attribute names that can hide text. A tag without any of them passes its parent's visibility on. */
const HIDING_ATTRIBUTE = /style|hidden|color|size|href|background/i;

// Inline elements take no width or height, and a table cell's height is only its least height, so
// a zero size on them clips nothing unless a display value makes them boxes.
const SIZELESS_TAG = /^(?:a|abbr|b|bdi|bdo|big|cite|code|em|font|i|kbd|label|mark|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|td|th)$/;
const BOX_DISPLAY = /^(?:block|inline-block|flex|inline-flex|grid|inline-grid|list-item|table|flow-root)$/;

const ZERO_LENGTH = /^[+-]?(?:0+(?:\.0*)?|\.0+)(?:[a-z]+|%)?$/;
const RELATIVE_FONT_SIZE = /^(?:[+-]?[\d.]+(?:em|ex|ch|%|cap|ic|lh)|smaller|larger|inherit|unset)$/;

// The sixteen basic HTML colour names, with grey, as RGB.
const NAMED_COLOURS: ReadonlyMap<string, readonly [number, number, number]> = new Map([
  ['black', [0, 0, 0]],
  ['silver', [192, 192, 192]],
  ['gray', [128, 128, 128]],
  ['grey', [128, 128, 128]],
  ['white', [255, 255, 255]],
  ['maroon', [128, 0, 0]],
  ['red', [255, 0, 0]],
  ['purple', [128, 0, 128]],
  ['fuchsia', [255, 0, 255]],
  ['green', [0, 128, 0]],
  ['lime', [0, 255, 0]],
  ['olive', [128, 128, 0]],
  ['yellow', [255, 255, 0]],
  ['navy', [0, 0, 128]],
  ['blue', [0, 0, 255]],
  ['teal', [0, 128, 128]],
  ['aqua', [0, 255, 255]],
]);

const TRANSPARENT: Colour = [0, 0, 0, 0];

/** Tells whether a start tag's source names an attribute that can hide text, so it must be read. */
export function mayHide(tagSource: string): boolean {
  return HIDING_ATTRIBUTE.test(tagSource);
}

/**
 * Returns the visibility inside an element, from its parent's and its own attributes. A `body`
 * that is not inside another body starts from VISIBLE, because html-to-text reads each such body
 * on its own and never looks at the elements around it.
 */
export function childVisibility(parent: Visibility, tagName: string, attribute: (name: string) => string | undefined): Visibility {
  const style = attribute('style');
  const hidden = attribute('hidden');
  const fontColor = tagName === 'font' ? attribute('color') : undefined;
  const fontSize = tagName === 'font' ? attribute('size') : undefined;
  const bgcolor = attribute('bgcolor');
  const backgroundImage = attribute('background');
  const isLink = tagName === 'a' && attribute('href') !== undefined;
  const isPlain = style === undefined && hidden === undefined && fontColor === undefined && fontSize === undefined;
  if (isPlain && bgcolor === undefined && backgroundImage === undefined && !isLink) return parent;

  const declarations = style === undefined ? new Map<string, string>() : parseStyle(style);
  const next: Visibility = { ...parent };
  next.isRemoved = parent.isRemoved || hidden !== undefined || removesBox(tagName, declarations);
  // <font size> sets an absolute size, as a font-size in px would.
  if (fontSize !== undefined) next.isFontSizeZero = false;
  // A link shows in the reader's link colour unless its own style sets one.
  if (isLink) next.color = undefined;
  if (fontColor !== undefined) next.color = parseColour(fontColor, true) ?? undefined;
  if (bgcolor !== undefined) next.background = opaque(parseColour(bgcolor, true)) ?? undefined;
  // An image behind the text leaves its background unknown.
  if (backgroundImage !== undefined) next.background = undefined;
  applyInherited(next, parent, declarations);
  return next;
}

/** Tells whether text read under `visibility` is hidden from the reader. */
export function isTextHidden(visibility: Visibility): boolean {
  if (visibility.isRemoved || visibility.isVisibilityHidden || visibility.isFontSizeZero) return true;
  const { color, background } = visibility;
  if (color === undefined) return false;
  if (color[3] === 0) return true;
  if (background === undefined) return false;
  // Text of alpha a over the background differs from it by a times each channel's difference.
  return [0, 1, 2].every((channel) => color[3] * Math.abs(color[channel]! - background[channel]!) <= SAME_COLOUR_DISTANCE);
}

function removesBox(tagName: string, declarations: ReadonlyMap<string, string>): boolean {
  const display = declarations.get('display');
  if (display === 'none') return true;
  const opacity = declarations.get('opacity');
  if (opacity !== undefined && ZERO_LENGTH.test(opacity)) return true;
  const isClipped = ['overflow', 'overflow-x', 'overflow-y'].some((name) => /^(?:hidden|clip)\b/.test(declarations.get(name) ?? ''));
  if (!isClipped) return false;
  if (SIZELESS_TAG.test(tagName) && !BOX_DISPLAY.test(display ?? '')) return false;
  return ['height', 'max-height', 'width', 'max-width'].some((name) => ZERO_LENGTH.test(declarations.get(name) ?? 'auto'));
}

function applyInherited(next: Visibility, parent: Visibility, declarations: ReadonlyMap<string, string>): void {
  const visibility = declarations.get('visibility');
  if (visibility !== undefined && visibility !== 'inherit' && visibility !== 'unset') {
    next.isVisibilityHidden = visibility === 'hidden' || visibility === 'collapse';
  }
  const fontSize = declarations.get('font-size');
  if (fontSize !== undefined && !RELATIVE_FONT_SIZE.test(fontSize)) next.isFontSizeZero = ZERO_LENGTH.test(fontSize);

  const color = declarations.get('color');
  if (color !== undefined && !/^(?:inherit|unset|currentcolor)$/.test(color)) next.color = parseColour(color, false) ?? undefined;
  if (/url\(|gradient\(|image-set\(/.test(declarations.get('background-image') ?? '')) {
    next.background = undefined;
    return;
  }
  const background = declarations.has('background-color') ? declarations.get('background-color') : backgroundColour(declarations.get('background'));
  if (background === undefined || background === 'inherit') return;
  const parsed = background === 'transparent' || background === 'initial' || background === 'unset' ? TRANSPARENT : parseColour(background, false);
  // A transparent background shows the one behind it; a translucent one blends into an unknown colour.
  next.background = parsed !== null && parsed[3] === 0 ? parent.background : (opaque(parsed) ?? undefined);
}

/** Returns the colour of a `background` shorthand, 'transparent' when it names none, or undefined when an image may cover it. */
function backgroundColour(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/url\(|gradient\(|image-set\(/.test(value)) return 'unknown';
  const tokens = value.match(/[a-z-]+\([^)]*\)|[^\s()]+/g) ?? [];
  if (tokens.length === 1 && tokens[0] === 'inherit') return 'inherit';
  return tokens.find((token) => parseColour(token, false) !== null) ?? 'transparent';
}

function opaque(colour: Colour | null): Colour | null {
  return colour !== null && colour[3] === 1 ? colour : null;
}

/**
 * Parses `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()` and the basic colour names.
 * An HTML attribute (`bgcolor`, `<font color>`) may also leave out the `#`. Returns null for others.
 */
function parseColour(value: string, isAttribute: boolean): Colour | null {
  const text = value.trim().toLowerCase();
  const named = NAMED_COLOURS.get(text);
  if (named !== undefined) return [...named, 1];
  if (text === 'transparent') return TRANSPARENT;
  const hex = /^#?([0-9a-f]{3,8})$/.exec(text);
  if (hex !== null && (text.startsWith('#') || isAttribute)) return parseHex(hex[1] as string);
  const functional = /^rgba?\(([^)]*)\)$/.exec(text);
  return functional === null ? null : parseRgb(functional[1] as string);
}

function parseHex(digits: string): Colour | null {
  if (digits.length === 3 || digits.length === 4) {
    const [r, g, b, a = 'ff'] = [...digits].map((digit) => digit + digit);
    return [Number.parseInt(r!, 16), Number.parseInt(g!, 16), Number.parseInt(b!, 16), Number.parseInt(a, 16) / 255];
  }
  if (digits.length !== 6 && digits.length !== 8) return null;
  const channel = (at: number): number => Number.parseInt(digits.slice(at, at + 2), 16);
  return [channel(0), channel(2), channel(4), digits.length === 8 ? channel(6) / 255 : 1];
}

function parseRgb(inside: string): Colour | null {
  const parts = inside.split(/\s*[,/]\s*|\s+/).filter((part) => part !== '');
  if (parts.length !== 3 && parts.length !== 4) return null;
  const numbers = parts.map((part, index) => {
    const isPercent = part.endsWith('%');
    const number = Number.parseFloat(part);
    if (!Number.isFinite(number)) return Number.NaN;
    if (index === 3) return isPercent ? number / 100 : number;
    return isPercent ? (number * 255) / 100 : number;
  });
  if (numbers.some((number) => Number.isNaN(number))) return null;
  return [numbers[0]!, numbers[1]!, numbers[2]!, numbers[3] ?? 1];
}

/**
 * Parses an inline style into lower-case property names and values, `!important` removed. A later
 * declaration wins unless an earlier one of the same property is important, as in CSS.
 */
export function parseStyle(style: string): Map<string, string> {
  const declarations = new Map<string, string>();
  const important = new Set<string>();
  for (const declaration of splitDeclarations(style.replace(/\/\*[\s\S]*?\*\//g, ''))) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const name = declaration.slice(0, colon).trim().toLowerCase();
    let value = declaration.slice(colon + 1).trim().toLowerCase();
    const isImportant = /!\s*important$/.test(value);
    if (isImportant) value = value.replace(/\s*!\s*important$/, '');
    if (important.has(name) && !isImportant) continue;
    if (isImportant) important.add(name);
    declarations.set(name, value);
  }
  return declarations;
}

/** Splits at each `;` outside quotes and brackets, so `url("a;b")` stays whole. */
function splitDeclarations(style: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let at = 0; at < style.length; at += 1) {
    const character = style[at];
    if (quote !== '') {
      if (character === quote) quote = '';
    } else if (character === '"' || character === "'") {
      quote = character;
    } else if (character === '(') {
      depth += 1;
    } else if (character === ')') {
      depth = Math.max(0, depth - 1);
    } else if (character === ';' && depth === 0) {
      parts.push(style.slice(start, at));
      start = at + 1;
    }
  }
  parts.push(style.slice(start));
  return parts;
}
