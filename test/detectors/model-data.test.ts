// Tests the set of each tuning file, which is its fold in the model's cross-validation.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ORDINARY_SETS, setOf, TUNING_SETS, weighOrdinary, type PreparedThread } from '../../eval/model-data.js';
import { FIXTURES } from '../helpers/paths.js';

describe('setOf', () => {
  test('no prefix gives h', () => {
    expect(setOf('tuning', '/x/en-saas.yaml')).toBe('h');
    expect(setOf('tuning', 'fr-finance.yaml')).toBe('h');
  });

  test('prefix and writer letter name the set', () => {
    expect(setOf('tuning', '/x/b9-en-saas.yaml')).toBe('b9');
    expect(setOf('tuning', '/x/h2-fr-finance.yaml')).toBe('h2');
    expect(setOf('tuning', '/x/n2-fr-saas.yaml')).toBe('n2');
    expect(setOf('tuning', '/x/t1-e-en-saas.yaml')).toBe('t1e');
  });

  test('dev file gives dev', () => {
    expect(setOf('dev', '/x/zz9-en-saas.yaml')).toBe('dev');
  });

  test('unknown prefix throws with file', () => {
    expect(() => setOf('tuning', '/x/b99-en-saas.yaml')).toThrow(/b99-en-saas\.yaml: unknown set prefix "b99"/);
    expect(() => setOf('tuning', '/x/t1-z-fr-saas.yaml')).toThrow(/t1-z-fr-saas\.yaml.*"t1-z"/);
  });

  test('missing language part throws', () => {
    expect(() => setOf('tuning', '/x/notes.yaml')).toThrow(/notes\.yaml/);
  });

  test('tuning files and listed sets match', () => {
    const folder = path.join(FIXTURES, 'eval', 'tuning');
    const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name) && name !== 'catalogs.yaml');
    const sets = new Set(files.map((name) => setOf('tuning', path.join(folder, name))));
    expect([...sets].sort()).toEqual([...TUNING_SETS, ...ORDINARY_SETS].sort());
  });
});

describe('weighOrdinary', () => {
  const thread = (set: PreparedThread['set'], language: string): PreparedThread =>
    ({ thread: { id: `${set}-${language}`, language }, set, messages: [], doc: { features: ['loyer'], labels: [] }, messageDocs: [] }) as unknown as PreparedThread;

  test('weighs ordinary threads of the language only', () => {
    const threads = [thread('n1', 'fr'), thread('n3', 'en'), thread('b14', 'fr'), thread('mail', 'fr')];
    weighOrdinary(threads, 'fr', 3);
    expect(threads.map((item) => item.doc.weight)).toEqual([3, undefined, undefined, undefined]);
  });

  test('invalid weight throws', () => {
    expect(() => weighOrdinary([], 'fr', Number.NaN)).toThrow(/invalid ordinary weight NaN/);
    expect(() => weighOrdinary([], 'fr', 0)).toThrow(/invalid ordinary weight 0/);
  });
});
