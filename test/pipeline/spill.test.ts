import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { NumberRecords, openSpillFolders, removeStaleSpillFolders, SPILL_MARKER, SpillFile, spillFolderPrefix } from '../../src/pipeline/spill.js';
import { runLeak } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('SpillFile', () => {
  test('records read back exactly in order', () => {
    const spill = new SpillFile<{ text: string; amount: number | null; list: string[] }>('test');
    try {
      // Long enough to cross both the write buffer and the read chunk, with multi-byte
      // characters and a lone surrogate that a UTF-8 round trip would otherwise lose.
      const records = Array.from({ length: 3000 }, (_, index) => ({
        text: `${'é€'.repeat(index % 200)}\n\u0000${index % 7 === 0 ? '\ud800' : ''}>From ${index}`,
        amount: index % 5 === 0 ? null : index * 1.5,
        list: index % 3 === 0 ? [] : [`a${index}`, 'b'],
      }));
      for (const record of records) spill.push(record);
      expect(spill.length).toBe(records.length);
      expect([...spill]).toEqual(records);
      // A second pass reads the same records again.
      expect([...spill].length).toBe(records.length);
    } finally {
      spill.close();
    }
  });

  test('records cut by chunk ends', () => {
    const spill = new SpillFile<string>('test');
    try {
      // Records of many lengths put the 256 KB chunk ends at varied places inside a line.
      // The records longer than a chunk make the read buffer grow, and the later ones reuse it.
      const records: string[] = [];
      for (let length = 0; records.length < 1200; length += 1) records.push('x'.repeat(length % 700));
      records.push('y'.repeat(300 * 1024), 'z'.repeat(1100 * 1024), 'short', 'é'.repeat(200 * 1024));
      for (let index = 0; index < 800; index += 1) records.push(`${index}`.repeat(index % 97));
      for (const record of records) spill.push(record);
      expect([...spill]).toEqual(records);
    } finally {
      spill.close();
    }
  });

  test('close removes file and folder', () => {
    const spill = new SpillFile<number>('test');
    spill.push(1);
    const { folder } = spill;
    expect(existsSync(folder)).toBe(true);
    expect(openSpillFolders()).toContain(folder);
    spill.close();
    expect(existsSync(folder)).toBe(false);
    expect(openSpillFolders()).not.toContain(folder);
    // Closing twice is harmless. Reading after closing is an error.
    spill.close();
    expect(() => [...spill]).toThrow(/closed/);
  });

  test('signal listeners only while open', () => {
    const before = process.listenerCount('SIGINT');
    const spill = new SpillFile<number>('test');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    const second = new SpillFile<number>('test');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    spill.close();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    second.close();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('NumberRecords', () => {
  test('records read back by number', () => {
    const records = new NumberRecords('test', 3);
    try {
      // Past the write buffer, so some records come from the file and some from memory.
      for (let record = 0; record < 9000; record += 1) records.push([record, record % 7 === 0 ? Number.NaN : record * 0.5, -record]);
      expect(records.length).toBe(9000);
      for (const record of [0, 4095, 4096, 8191, 8192, 8999]) {
        const [first, second, third] = records.get(record);
        expect(first).toBe(record);
        expect(second).toBe(record % 7 === 0 ? Number.NaN : record * 0.5);
        expect(third).toBe(-record);
      }
      expect(() => records.get(9000)).toThrow(RangeError);
    } finally {
      records.close();
    }
  });

  test('close removes the folder', () => {
    const records = new NumberRecords('test', 1);
    records.push([1]);
    const { folder } = records;
    expect(existsSync(folder)).toBe(true);
    records.close();
    expect(existsSync(folder)).toBe(false);
    expect(openSpillFolders()).not.toContain(folder);
  });
});

describe('spill files of a whole process', () => {
  test('Ctrl-C removes folder, ends process', async () => {
    const spillModule = pathToFileURL(path.join(REPO_ROOT, 'dist', 'src', 'pipeline', 'spill.js')).href;
    const script = [
      `const { SpillFile } = await import(${JSON.stringify(spillModule)});`,
      "const spill = new SpillFile('signals');",
      'spill.push({ a: 1 });',
      'process.stdout.write(spill.folder + "\\n");',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const folder = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('\n')) resolve(text.trim());
      });
      child.on('error', reject);
      child.on('close', () => reject(new Error(`child ended early: ${text}`)));
    });
    expect(existsSync(folder)).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    expect(existsSync(folder)).toBe(false);
  });

  test('audit leaves temp folder empty', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'leak-spill-test-'));
    try {
      const result = await runLeak(['audit', '--json', '--no-progress'], { env: { TMPDIR: tmp } });
      expect(result.status).toBe(0);
      expect(readdirSync(tmp)).toEqual([]);
      // A second mailbox that is not mail fails the read after the spill files were opened.
      const notMail = path.join(tmp, 'notes.mbox');
      writeFileSync(notMail, 'just some text, not mail\n');
      const sample = path.join(REPO_ROOT, 'fixtures', 'sample', 'inbox.mbox');
      const failed = await runLeak(['audit', '--json', '--no-progress', '--mbox', sample, '--mbox', notMail], {
        env: { TMPDIR: tmp },
      });
      expect(failed.stderr).toContain('is not an mbox file');
      expect(failed.status).not.toBe(0);
      expect(readdirSync(tmp)).toEqual(['notes.mbox']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/** Makes a folder as leak makes a spill folder: mode 0700, with a marker naming `pid`. */
function makeStale(parent: string, name: string, pid: number): string {
  const folder = path.join(parent, name);
  mkdirSync(folder, { mode: 0o700 });
  chmodSync(folder, 0o700);
  writeFileSync(path.join(folder, SPILL_MARKER), `${pid}\n`);
  return folder;
}

/** Returns the id of a process that has ended. */
async function endedProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid as number;
}

describe('spill folders of ended runs', () => {
  test('a spill folder is named after the process', () => {
    const spill = new SpillFile<number>('named');
    try {
      expect(path.basename(spill.folder)).toMatch(new RegExp(`^${spillFolderPrefix()}[A-Za-z0-9]{6}$`));
      expect(spillFolderPrefix()).toBe(`leak-${process.pid}-`);
    } finally {
      spill.close();
    }
  });

  test('spill folder contains its marker', () => {
    const spill = new SpillFile<number>('marked');
    try {
      expect(readFileSync(path.join(spill.folder, SPILL_MARKER), 'utf8')).toBe(`${process.pid}\n`);
      expect(statSync(spill.folder).mode & 0o777).toBe(0o700);
    } finally {
      spill.close();
    }
  });

  test('stale clean-up removes marked folders only', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'leak-stale-test-'));
    try {
      const ended = await endedProcessId();
      const stale = makeStale(tmp, `leak-${ended}-abc123`, ended);
      mkdirSync(path.join(stale, `leak-${ended}-def456`), { recursive: true });
      writeFileSync(path.join(stale, `leak-${ended}-def456`, 'senders.jsonl'), '{}\n');
      const kept = [
        `leak-${process.pid}-abc123`, // this process is running
        'leak-tests-abc123', // no process id: not a spill folder
        'leak-abc123', // the old naming, whose process cannot be told
        `leak-${ended}-toolongname`, // not a name mkdtemp gives
        `other-${ended}-abc123`,
      ];
      for (const name of kept) makeStale(tmp, name, name.includes(String(process.pid)) ? process.pid : ended);
      // A file and a link with a spill folder's name are left alone too.
      writeFileSync(path.join(tmp, `leak-${ended}-file01`), 'not a folder');
      const target = mkdtempSync(path.join(os.tmpdir(), 'leak-link-target-'));
      writeFileSync(path.join(target, SPILL_MARKER), `${ended}\n`);
      symlinkSync(target, path.join(tmp, `leak-${ended}-link01`));
      expect(removeStaleSpillFolders(tmp)).toBe(1);
      expect(readdirSync(tmp).sort()).toEqual([...kept, `leak-${ended}-file01`, `leak-${ended}-link01`].sort());
      expect(existsSync(target)).toBe(true);
      rmSync(target, { recursive: true, force: true });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('stale clean-up keeps look-alike folders', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'leak-lookalike-test-'));
    try {
      const ended = await endedProcessId();
      // No marker: a user's folder named like one (process 2026 does not run here).
      mkdirSync(path.join(tmp, 'leak-2026-client'), { mode: 0o700 });
      writeFileSync(path.join(tmp, 'leak-2026-client', 'contract.pdf'), 'signed');
      mkdirSync(path.join(tmp, `leak-${ended}-nomark`), { mode: 0o700 });
      // A marker, but the folder is open to others.
      chmodSync(makeStale(tmp, `leak-${ended}-open77`, ended), 0o755);
      // A marker naming another process, or containing something else.
      makeStale(tmp, `leak-${ended}-other1`, ended + 1);
      const odd = makeStale(tmp, `leak-${ended}-text01`, ended);
      writeFileSync(path.join(odd, SPILL_MARKER), 'hello\n');
      // A marker that is a folder, not a file.
      mkdirSync(path.join(tmp, `leak-${ended}-dirmrk`), { mode: 0o700 });
      mkdirSync(path.join(tmp, `leak-${ended}-dirmrk`, SPILL_MARKER));
      const before = readdirSync(tmp).sort();
      expect(removeStaleSpillFolders(tmp)).toBe(0);
      expect(readdirSync(tmp).sort()).toEqual(before);
      expect(readFileSync(path.join(tmp, 'leak-2026-client', 'contract.pdf'), 'utf8')).toBe('signed');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('an audit removes what a killed audit left, and says so', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'leak-stale-audit-'));
    try {
      const ended = await endedProcessId();
      makeStale(tmp, `leak-${ended}-abc123`, ended);
      mkdirSync(path.join(tmp, `leak-${ended}-abc123`, `leak-${ended}-def456`), { recursive: true });
      mkdirSync(path.join(tmp, 'leak-2026-client'));
      writeFileSync(path.join(tmp, 'leak-2026-client', 'notes.txt'), 'keep me');
      const result = await runLeak(['audit', '--json', '--no-progress'], { env: { TMPDIR: tmp } });
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`leak: removed a spill folder left in ${tmp} by ended leak runs.`);
      expect(readdirSync(tmp)).toEqual(['leak-2026-client']);
      expect(readFileSync(path.join(tmp, 'leak-2026-client', 'notes.txt'), 'utf8')).toBe('keep me');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
