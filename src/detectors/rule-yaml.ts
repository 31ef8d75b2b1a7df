// Parses the YAML of a rule file, or reads the parse that the build stored for
// the same text. Parsing the two default packs costs every audit about 0.2 s of
// CPU before a worker can start (0.5-0.7 s under load, a few timings), and a
// stored parse takes milliseconds. A stored parse is named by a hash of the
// text, the yaml version and the parse options, so any other text, release or
// options is parsed as before. Every check of the rule file still runs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requirePackage } from '../require-package.js';
import type { Document } from 'yaml';
import { packagePath } from '../package-root.js';

const { isNode, isSeq, LineCounter, parseDocument } = requirePackage('yaml') as typeof import('yaml');

/** Options of every rule file parse: part of a stored parse's name. */
const PARSE_OPTIONS = { uniqueKeys: true } as const;

/** Version of the stored file layout: part of a stored parse's name. */
const STORE_FORMAT = 1;

/** Folder of the stored parses, written by `npm run build`. */
export const STORED_PARSES = ['dist', 'rule-parses'];

/** The first syntax error of a rule file, with its place when the parser gave one. */
export interface YamlSyntaxError {
  message: string;
  line: number | null;
  column: number | null;
}

/** A rule file's YAML as readPackFile() reads it. */
export type RuleYaml =
  | {
      /** The document as document.toJS() gives it. */
      root: unknown;
      /** The 1-based line where rule number `position` starts, or null when the parser kept no range. */
      ruleLine: (position: number) => number | null;
      error: null;
    }
  | { root?: undefined; ruleLine?: undefined; error: YamlSyntaxError };

/** The content of a stored parse file. */
interface StoredParse {
  root: unknown;
  ruleLines: (number | null)[];
}

let yamlVersion: string | null = null;

function parseKey(text: string): string {
  yamlVersion ??= (requirePackage('yaml/package.json') as { version: string }).version;
  const setting = JSON.stringify({ format: STORE_FORMAT, yaml: yamlVersion, options: PARSE_OPTIONS });
  return createHash('sha256').update(setting).update('\u0000').update(text).digest('hex');
}

function storedPath(folder: string, text: string): string {
  return path.join(folder, `${parseKey(text)}.json`);
}

/** Returns the stored parse of `text` in `folder`, or null when the build stored none. */
function readStored(text: string, folder: string): StoredParse | null {
  const file = storedPath(folder, text);
  if (!existsSync(file)) return null;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredParse>;
    return Array.isArray(stored.ruleLines) && 'root' in stored ? { root: stored.root, ruleLines: stored.ruleLines } : null;
  } catch {
    // A damaged or half-written file is no parse: the text is parsed instead.
    return null;
  }
}

/** Returns the 1-based line where rule number `position` starts, or null when the parser kept no range. */
function ruleLineOf(document: Document, lines: InstanceType<typeof LineCounter>, position: number): number | null {
  const rules = document.get('rules', true);
  if (!isSeq(rules)) return null;
  const item = rules.items[position];
  const offset = isNode(item) ? item.range?.[0] : undefined;
  return offset === undefined ? null : lines.linePos(offset).line;
}

/** Parses `text` with the yaml package. */
export function parseRuleYamlText(text: string): RuleYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  const syntaxError = document.errors[0];
  if (syntaxError !== undefined) {
    const place = syntaxError.linePos?.[0];
    return { error: { message: syntaxError.message, line: place?.line ?? null, column: place?.col ?? null } };
  }
  return { root: document.toJS(), ruleLine: (position) => ruleLineOf(document, lineCounter, position), error: null };
}

/** Returns parseRuleYamlText(text), read from a stored parse when `folder` contains one for this text. */
export function parseRuleYaml(text: string, folder = packagePath(STORED_PARSES)): RuleYaml {
  const stored = readStored(text, folder);
  if (stored === null) return parseRuleYamlText(text);
  return { root: stored.root, ruleLine: (position) => stored.ruleLines[position] ?? null, error: null };
}

// True when JSON gives back the same value: plain objects and arrays of
// strings, booleans, null and finite numbers other than -0.
function isJsonExact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonExact);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (Object.getOwnPropertySymbols(value).length > 0 || Object.hasOwn(value, '__proto__')) return false;
  return Object.values(value).every(isJsonExact);
}

/**
 * Stores the parse of each rule file in `folder` (emptied first), for parseRuleYaml().
 * A file with a syntax error, or whose value JSON cannot carry exactly, gets none.
 * Returns the files stored.
 */
export function storeRuleParses(files: readonly string[], folder: string): string[] {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const stored: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const parsed = parseRuleYamlText(text);
    if (parsed.error !== null || !isJsonExact(parsed.root)) continue;
    const root = parsed.root;
    const count = typeof root === 'object' && root !== null && 'rules' in root && Array.isArray(root.rules) ? root.rules.length : 0;
    const ruleLines = Array.from({ length: count }, (_, position) => parsed.ruleLine(position));
    const content: StoredParse = { root, ruleLines };
    // Written under a temporary name and renamed, so a reader never sees half a file.
    const target = storedPath(folder, text);
    const partial = `${target}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(content));
    renameSync(partial, target);
    stored.push(file);
  }
  return stored;
}

/** Lists the stored parse files in `folder`. */
export function storedParseFiles(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.json')) : [];
}
