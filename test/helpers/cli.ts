// Spawns the built bin the way a user runs it, and captures what it prints.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runLeak(args: string[], options: { env?: Record<string, string>; cwd?: string; command?: string[] } = {}): CliResult {
  const bin = path.join(REPO_ROOT, 'bin', 'leak.js');
  const [command, ...prefix] = options.command ?? [process.execPath];
  const result = spawnSync(command as string, [...prefix, bin, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
