// The stored YAML parses of the rule packs: a stored parse gives what the yaml
// package gives for the same text, and any other text is parsed as before.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readPackFile } from '../../src/detectors/rule-file.js';
import { defaultRuleFiles } from '../../src/detectors/rule-set.js';
import { parseRuleYaml, parseRuleYamlText, storedParseFiles, storeRuleParses, type RuleYaml } from '../../src/detectors/rule-yaml.js';

function freshFolder(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-rule-parses-')), 'parses');
}

function linesOf(parsed: RuleYaml, count: number): (number | null)[] {
  return Array.from({ length: count }, (_, position) => parsed.ruleLine?.(position) ?? null);
}

function ruleCount(parsed: RuleYaml): number {
  const root = parsed.root as { rules?: unknown[] } | undefined;
  return root?.rules?.length ?? 0;
}

describe('stored rule parses', () => {
  const files = defaultRuleFiles();
  const folder = freshFolder();
  const stored = storeRuleParses(files, folder);

  test('every default pack is stored', () => {
    expect(stored).toEqual(files);
    expect(storedParseFiles(folder)).toHaveLength(files.length);
  });

  test.each(files.map((file) => [path.basename(file), file]))('%s: stored parse equals yaml parse', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const live = parseRuleYamlText(text);
    const read = parseRuleYaml(text, folder);
    expect(live.error).toBeNull();
    expect(read.error).toBeNull();
    expect(read.root).toStrictEqual(live.root);
    // One past the last rule too, where both give null.
    const count = ruleCount(live) + 1;
    expect(linesOf(read, count)).toEqual(linesOf(live, count));
    expect(linesOf(live, count).slice(0, -1).every((line) => typeof line === 'number')).toBe(true);
  });

  test('packs read equal packs parsed again', () => {
    const withStore = files.map((file) => readPackFile(file));
    // The build's folder may contain no parse for an edited pack, and the result must match either way.
    const again = files.map((file) => {
      const text = readFileSync(file, 'utf8');
      const copy = path.join(path.dirname(freshFolder()), path.basename(file));
      writeFileSync(copy, `${text}\n# a comment makes the text differ from every stored one\n`);
      return { ...readPackFile(copy), file };
    });
    const withFile = (pack: (typeof withStore)[number]) => ({ ...pack, rules: pack.rules.map((rule) => ({ ...rule, file: pack.file })) });
    expect(withStore).toStrictEqual(again.map(withFile));
  });

  test('edited text finds no stored parse', () => {
    const [file] = files;
    const text = readFileSync(file as string, 'utf8').replace(/weight: (0\.\d+)/, 'weight: 0.123');
    const read = parseRuleYaml(text, folder);
    expect(read.root).toStrictEqual(parseRuleYamlText(text).root);
    expect(JSON.stringify(read.root)).toContain('0.123');
  });

  test('damaged stored file is ignored', () => {
    const damaged = freshFolder();
    const text = 'language: en\nrules:\n  - id: en-a\n    category: closing\n    weight: 0.5\n    phrases: [a b]\n';
    const source = path.join(path.dirname(damaged), 'en.yaml');
    writeFileSync(source, text);
    storeRuleParses([source], damaged);
    const [name] = storedParseFiles(damaged);
    writeFileSync(path.join(damaged, name as string), '{"root": {"language": "fr"');
    expect(parseRuleYaml(text, damaged).root).toStrictEqual(parseRuleYamlText(text).root);
    expect(parseRuleYaml(text, damaged).ruleLine?.(0)).toBe(3);
  });

  test('syntax errors and non-JSON values are skipped', () => {
    const target = freshFolder();
    const base = path.dirname(target);
    const broken = path.join(base, 'broken.yaml');
    const infinite = path.join(base, 'infinite.yaml');
    const negativeZero = path.join(base, 'zero.yaml');
    writeFileSync(broken, 'language: en\nrules: [\n');
    writeFileSync(infinite, 'language: en\nnumbers:\n  lots: .inf\nrules: []\n');
    writeFileSync(negativeZero, 'language: en\nnumbers:\n  none: -0.0\nrules: []\n');
    expect(storeRuleParses([broken, infinite, negativeZero], target)).toEqual([]);
    expect(storedParseFiles(target)).toEqual([]);
    expect(parseRuleYaml('language: en\nrules: [\n', target).error?.line).toBe(3);
  });

  test('storing again empties the folder first', () => {
    const target = freshFolder();
    const source = path.join(path.dirname(target), 'one.yaml');
    writeFileSync(source, 'language: en\nrules: []\n');
    storeRuleParses([source], target);
    writeFileSync(source, 'language: fr\nrules: []\n');
    storeRuleParses([source], target);
    expect(storedParseFiles(target)).toHaveLength(1);
    expect(parseRuleYaml('language: fr\nrules: []\n', target).root).toEqual({ language: 'fr', rules: [] });
  });
});
