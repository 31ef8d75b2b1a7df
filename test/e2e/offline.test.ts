// leak never opens a network connection: the audit gives the same outputs in
// a network namespace with no interfaces, and with every socket API denied.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLeak, type CliResult } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const DENY_NETWORK = path.join(REPO_ROOT, 'test', 'helpers', 'deny-network.mjs');

function hasNetworkNamespaces(): boolean {
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

async function auditWithOutputs(dir: string, command?: string[]): Promise<CliResult> {
  const args = [
    'audit',
    '--no-progress',
    '--json',
    '--csv',
    path.join(dir, 'out.csv'),
    '--html',
    path.join(dir, 'out.html'),
    '--markdown',
    path.join(dir, 'out.md'),
  ];
  return await runLeak(args, { command });
}

describe('offline', () => {
  test('socket apis are never called', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-offline-'));
    const result = await auditWithOutputs(dir, [process.execPath, '--import', DENY_NETWORK]);
    expect(result.stderr).not.toContain('NETWORK-ATTEMPT');
    expect(result.status).toBe(0);
  });

  test.skipIf(!hasNetworkNamespaces())('audit runs without any network interface', async () => {
    const online = mkdtempSync(path.join(os.tmpdir(), 'leak-online-'));
    const offline = mkdtempSync(path.join(os.tmpdir(), 'leak-netns-'));
    const expected = await auditWithOutputs(online);
    const result = await auditWithOutputs(offline, ['unshare', '-n', process.execPath]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expected.stdout);
    for (const file of ['out.csv', 'out.html', 'out.md']) {
      expect(readFileSync(path.join(offline, file))).toEqual(readFileSync(path.join(online, file)));
    }
  });

  test('html report references nothing remote', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-html-'));
    expect((await auditWithOutputs(dir)).status).toBe(0);
    const html = readFileSync(path.join(dir, 'out.html'), 'utf8');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
  });
});
