// The key of the redaction tokens: where it is read from, the file made on
// first use, and the errors for an unusable key file. A token depends on the
// key, so a reader without it cannot test guessed addresses.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultRedactKeyPath, loadRedactKey, REDACT_KEY_ENV } from '../../src/commands/redact-key.js';
import { isLeakError } from '../../src/errors.js';
import { hashToken, setRedactKey } from '../../src/redact.js';
import { TEST_REDACT_KEY } from '../helpers/redact-key.js';

let dir: string;
let notes: string[];
const note = (text: string): void => {
  notes.push(text);
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leak-key-test-'));
  notes = [];
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  setRedactKey(Buffer.from(TEST_REDACT_KEY));
});

/** Returns the LeakError code and message that loading throws. */
function loadError(load: () => unknown): { code: string; message: string } {
  try {
    load();
  } catch (error) {
    if (isLeakError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the key loaded');
}

describe('loadRedactKey', () => {
  test('per-user key made on first use', () => {
    // A 0700 folder, a 0600 file, 32 random bytes in hex, and one note.
    const env = { XDG_CONFIG_HOME: path.join(dir, 'config') };
    const file = path.join(dir, 'config', 'leak', 'redact.key');
    expect(defaultRedactKeyPath(env)).toBe(file);
    const key = loadRedactKey(undefined, note, env);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(key.toString('utf8')).toBe(readFileSync(file, 'utf8').trim());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(file);
    // The second run reads the same key and prints no note.
    expect(loadRedactKey(undefined, note, env).equals(key)).toBe(true);
    expect(notes).toHaveLength(1);
  });

  test('default key under ~/.config', () => {
    expect(defaultRedactKeyPath({})).toBe(path.join(os.homedir(), '.config', 'leak', 'redact.key'));
    // A relative XDG_CONFIG_HOME is ignored.
    expect(defaultRedactKeyPath({ XDG_CONFIG_HOME: 'relative' })).toBe(path.join(os.homedir(), '.config', 'leak', 'redact.key'));
  });

  test('flag, then environment, then own file', () => {
    const flag = path.join(dir, 'flag.key');
    const fromEnv = path.join(dir, 'env.key');
    writeFileSync(flag, 'the secret named on the command line', { mode: 0o600 });
    writeFileSync(fromEnv, 'the secret named in the environment\n', { mode: 0o600 });
    const env = { [REDACT_KEY_ENV]: fromEnv, XDG_CONFIG_HOME: path.join(dir, 'config') };
    expect(loadRedactKey(flag, note, env).toString()).toBe('the secret named on the command line');
    // One line break at the end is not part of the key.
    expect(loadRedactKey(undefined, note, env).toString()).toBe('the secret named in the environment');
    expect(notes).toEqual([]);
  });

  test('key file open to group warns', () => {
    const open = path.join(dir, 'open.key');
    writeFileSync(open, 'a secret that the group can read');
    chmodSync(open, 0o640);
    loadRedactKey(open, note, {});
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`run \`chmod 600 ${open}\``);
    // The error path loads the key again without a second warning.
    loadRedactKey(open, note, {}, false);
    expect(notes).toHaveLength(1);
  });

  test.each([
    ['missing', null, /cannot be read/],
    ['empty', '', /is empty/],
    ['blank', ' \n', /is empty/],
    ['short', 'tiny secret\n', /11 bytes, fewer than 16/],
  ])('a %s key file is an error that names it', (_, content, reason) => {
    const file = path.join(dir, 'bad.key');
    if (content !== null) writeFileSync(file, content);
    const error = loadError(() => loadRedactKey(file, note, {}));
    expect(error.code).toBe('REDACT_KEY_INVALID');
    expect(error.message).toContain(`--redact-key ${file}`);
    expect(error.message).toMatch(reason);
    const fromEnv = loadError(() => loadRedactKey(undefined, note, { [REDACT_KEY_ENV]: file }));
    expect(fromEnv.message).toContain(`${REDACT_KEY_ENV}=${file}`);
  });

  test('missing key names openssl command', () => {
    expect(loadError(() => loadRedactKey(path.join(dir, 'absent.key'), note, {})).message).toContain('openssl rand -hex 32 > FILE');
  });

  test('folder as key file fails', () => {
    mkdirSync(path.join(dir, 'folder'));
    expect(loadError(() => loadRedactKey(path.join(dir, 'folder'), note, {})).message).toMatch(/cannot be read/);
  });
});

describe('keyed tokens', () => {
  test('token depends on the key', () => {
    setRedactKey(Buffer.from('first key of sixteen bytes or more'));
    const first = hashToken('claire.martin@vendor.example');
    expect(hashToken('Claire.Martin@vendor.example ')).toBe(first);
    setRedactKey(Buffer.from('second key of sixteen bytes or more'));
    expect(hashToken('claire.martin@vendor.example')).not.toBe(first);
    expect(first).toMatch(/^person-[0-9a-f]{6}$/);
  });

  test('token differs from the unkeyed hash', () => {
    // The old unkeyed token, which anyone could compute to reverse a token.
    const unkeyed = createHash('sha256').update('leak-redact-v1:claire.martin@vendor.example').digest('hex').slice(0, 6);
    expect(hashToken('claire.martin@vendor.example')).not.toBe(`person-${unkeyed}`);
  });

  test('no token without a key', () => {
    setRedactKey(null);
    expect(() => hashToken('claire.martin@vendor.example')).toThrow(/no redaction key/);
  });
});
