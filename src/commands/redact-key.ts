// The secret that keys the --redact tokens (person-3f2a1c). One key gives one
// token per person in every report made with it, and a reader without the key
// cannot test guessed addresses against a token.
//
// Sources, first found wins: the file named by --redact-key, the file named by
// LEAK_REDACT_KEY_FILE, then the user's own key file, made on first use in
// $XDG_CONFIG_HOME/leak/ or ~/.config/leak/ (64 hex digits, mode 0600, in a
// folder of mode 0700). The secret is in a file, not a flag value, so it does
// not show in the shell history or in the process list.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LeakError } from '../errors.js';
import { setRedactKey } from '../redact.js';

/** Environment variable that names the key file when --redact-key is not given. */
export const REDACT_KEY_ENV = 'LEAK_REDACT_KEY_FILE';

/** Bytes of a key made on first use. */
const NEW_KEY_BYTES = 32;

/** Minimum key length in bytes, because a shorter key could be found by trying every value. */
const MIN_KEY_BYTES = 16;

/** Returns the path of the user's own key file. */
export function defaultRedactKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME;
  // The XDG Base Directory specification treats a relative path as invalid and ignores it.
  const base = config !== undefined && path.isAbsolute(config) ? config : path.join(os.homedir(), '.config');
  return path.join(base, 'leak', 'redact.key');
}

/**
 * Loads the key for this run and sets it for the tokens of this thread.
 * `flagFile` is the value of --redact-key. `note` receives the one line printed
 * when the user's own key file is created, and the warning about a key file
 * that others can read unless `checkMode` is false.
 */
export function loadRedactKey(
  flagFile: string | undefined,
  note: (text: string) => void,
  env: NodeJS.ProcessEnv = process.env,
  checkMode = true,
): Buffer {
  let key: Buffer;
  let file: string;
  if (flagFile !== undefined) {
    file = flagFile;
    key = readKeyFile(file, `--redact-key ${file}`);
  } else if (env[REDACT_KEY_ENV] !== undefined && env[REDACT_KEY_ENV] !== '') {
    file = env[REDACT_KEY_ENV] as string;
    key = readKeyFile(file, `${REDACT_KEY_ENV}=${file}`);
  } else {
    file = defaultRedactKeyPath(env);
    if (createKeyFile(file)) {
      note(
        `leak: created the redaction key ${file}; reports redacted on this account share its tokens. ` +
          'Keep the file private; see "Redaction" in the README.\n',
      );
    }
    key = readKeyFile(file, file);
  }
  if (checkMode && isReadableByOthers(file)) {
    note(
      `leak: warning: the redaction key ${file} is readable by its group or by other users, who could test ` +
        `guessed addresses against your tokens; run \`chmod 600 ${file}\`.\n`,
    );
  }
  setRedactKey(key);
  return key;
}

/** Checks whether a file's group or other users may read it. Windows has no such mode bits, so it gives false there. */
function isReadableByOthers(file: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    return (statSync(file).mode & 0o044) !== 0;
  } catch {
    return false;
  }
}

/**
 * Reads a key file. One line break at the end is dropped, so a key written by
 * an editor or by `echo` gives the same tokens as the same key without it.
 */
function readKeyFile(file: string, named: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new LeakError(
      'REDACT_KEY_INVALID',
      `${named}: the redaction key cannot be read (${(error as Error).message}). ` +
        'Give a readable file that holds the secret, or make a new one with: openssl rand -hex 32 > FILE ' +
        '(then chmod 600 FILE; README, "Redaction key").',
    );
  }
  let end = bytes.length;
  if (bytes.subarray(-2).toString('latin1') === '\r\n') end -= 2;
  else if (bytes.subarray(-1)[0] === 0x0a) end -= 1;
  const key = bytes.subarray(0, end);
  if (key.toString('latin1').trim() === '') {
    throw new LeakError(
      'REDACT_KEY_INVALID',
      `${named}: the redaction key file is empty. Write a secret into it, such as the output of ` +
        '`openssl rand -hex 32`, or name another key file.',
    );
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new LeakError(
      'REDACT_KEY_INVALID',
      `${named}: the redaction key has ${key.length} bytes, fewer than ${MIN_KEY_BYTES}, so its tokens could be reversed ` +
        'by trying every key. Write a longer secret into it, such as the output of `openssl rand -hex 32`.',
    );
  }
  return key;
}

/**
 * Creates the key file with a new random key, unless it exists. Returns true
 * when this call created it. The exclusive open keeps two runs started at once
 * from writing two different keys.
 */
function createKeyFile(file: string): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new LeakError(
      'REDACT_KEY_INVALID',
      `${path.dirname(file)}: the folder of the redaction key cannot be made (${(error as Error).message}). ` +
        `Name a key file with --redact-key FILE or ${REDACT_KEY_ENV}.`,
    );
  }
  let descriptor: number;
  try {
    descriptor = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LeakError(
      'REDACT_KEY_INVALID',
      `${file}: the redaction key cannot be created (${(error as Error).message}). ` +
        `Name a key file with --redact-key FILE or ${REDACT_KEY_ENV}.`,
    );
  }
  try {
    writeSync(descriptor, `${randomBytes(NEW_KEY_BYTES).toString('hex')}\n`);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

/**
 * Sets a key for masking an error message under --redact: the run's key when
 * it can be loaded, else a random one, so the message's tokens then match no report.
 */
export function loadErrorRedactKey(flagFile: string | undefined, note: (text: string) => void): void {
  try {
    // No mode warning here, because a run that loaded the key before it failed has already given it.
    loadRedactKey(flagFile, note, process.env, false);
  } catch {
    setRedactKey(randomBytes(NEW_KEY_BYTES));
  }
}
