// Runs before `npm test` (the `pretest` script). Many tests read real public mail and CRM files
// from a shared/ folder beside the checkout. Without it, vitest would first print "No test files
// found" and bury the cause in a stack trace, so this check stops the run with one plain message.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const missing = ['corpus', 'cases'].filter((name) => !existsSync(path.join(shared, name)));
if (missing.length > 0) {
  process.stderr.write(
    `npm test: ${missing.map((name) => path.join(shared, name)).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.\n` +
      'The tests read public mail, CRM exports and bug-report cases from a shared/ folder beside this\n' +
      'checkout (../shared/corpus and ../shared/cases). It is not part of the repository: copy or mount\n' +
      'it next to the checkout (CI machines have it), then run npm test again. The audit itself does not\n' +
      'need it: npm ci && node bin/leak.js audit works without it.\n',
  );
  process.exit(1);
}
