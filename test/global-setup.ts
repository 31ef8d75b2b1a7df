// Builds dist/ once before the tests that spawn bin/leak.js, so they never
// run a stale build, and gives the run one temporary folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingSharedMessage } from '../scripts/check-shared.mjs';
import { TEST_REDACT_KEY } from './helpers/redact-key.js';

export default function setup(): () => void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // Many tests read real mail from ../shared; without it they would fail one by one with ENOENT.
  const missingShared = missingSharedMessage(root);
  if (missingShared !== null) throw new Error(missingShared);
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  // tsc exits 2 on type errors but still emits. The tests go on with that
  // output, because `npm run build` (and so npm ci) already fails on type errors.
  const isEmitted = existsSync(path.join(root, 'dist/src/cli.js'));
  if (result.status !== 0 && !(result.status === 2 && isEmitted)) {
    throw new Error(`tsc -p tsconfig.build.json failed with status ${result.status}`);
  }
  // As `npm run build` does, so the spawned audits read the rule packs' stored parses.
  const store = spawnSync(process.execPath, [path.join(root, 'scripts/store-rule-parses.mjs')], { cwd: root, stdio: 'inherit' });
  if (store.status !== 0) throw new Error(`scripts/store-rule-parses.mjs failed with status ${store.status}; run npm run build to see why`);
  // The test files and the leak processes they start inherit TMPDIR, so every
  // temporary folder of the run lands in one folder that the teardown removes.
  const temporary = mkdtempSync(path.join(os.tmpdir(), 'leak-tests-'));
  process.env.TMPDIR = temporary;
  // --redact reads this fixed key, and a key made by mistake lands in the run's folder, never in the home folder.
  const keyFile = path.join(temporary, 'redact.key');
  writeFileSync(keyFile, TEST_REDACT_KEY, { mode: 0o600 });
  process.env.LEAK_REDACT_KEY_FILE = keyFile;
  process.env.XDG_CONFIG_HOME = path.join(temporary, 'config');
  return () => rmSync(temporary, { recursive: true, force: true });
}
