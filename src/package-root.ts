// Locates the installed package, for the data files shipped beside the code
// (rule packs, alias tables, the bundled sample). Works from src/ under vitest
// and from dist/src/ after a build.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function packageRoot(): string {
  if (cached !== null) return cached;
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('package.json of leak not found above ' + folder);
    folder = parent;
  }
  cached = folder;
  return folder;
}

export const SAMPLE_MAILBOX = ['fixtures', 'sample', 'inbox.mbox'];
export const SAMPLE_CRM = ['fixtures', 'sample', 'crm.csv'];

export function packagePath(parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}
