// Checks that the shared/ folder the tests read sits beside the checkout. `npm test` runs it first
// (the `pretest` script), because vitest prints "No test files found" before the error of a failed
// global setup. test/global-setup.ts calls it too, for runs of vitest without npm.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Returns the message naming the missing shared/ folders, or null when both are there. */
export function missingSharedMessage(root) {
  const shared = path.resolve(root, '../shared');
  const missing = ['corpus', 'cases'].filter((name) => !existsSync(path.join(shared, name)));
  if (missing.length === 0) return null;
  return (
    `${missing.map((name) => path.join(shared, name)).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.\n` +
    'The tests read public mail, CRM exports and bug-report cases from a shared/ folder beside this\n' +
    'checkout (../shared/corpus and ../shared/cases). It is not part of the repository: copy or mount\n' +
    'it next to the checkout (CI machines have it), then run npm test again. The audit itself does not\n' +
    'need it: npm ci && node bin/leak.js audit works without it.\n'
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const message = missingSharedMessage(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
  if (message !== null) {
    process.stderr.write(`npm test: ${message}`);
    process.exit(1);
  }
}
