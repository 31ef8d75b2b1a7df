// Paths to the shared public corpus and bug-report cases, which sit beside the
// checkout (in CI too), and to this repository's own fixtures.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(REPO_ROOT, '../shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const CASES = path.join(SHARED, 'cases');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');

export function casePath(caseDir: string, file: string): string {
  return path.join(CASES, caseDir, file);
}

export function corpusPath(...parts: string[]): string {
  return path.join(CORPUS, ...parts);
}
