// Runs one benchmark command and measures it: wall time from Node's
// monotonic clock, CPU time (user + system) and peak RSS from GNU time
// (`/usr/bin/time -f '%x %U %S %M'`), or from bench/measure.py where GNU time is
// not installed. Both report the peak RSS of the largest single process of
// the command, not a sum over its processes.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  exitCode: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Peak resident set size in bytes. */
  maxRssBytes: number;
}

export interface MeasureRequest {
  command: string;
  args: string[];
  /** File that receives the command's stdout; `/dev/null` to drop it. */
  stdoutPath: string;
  stderrPath: string;
  /** File GNU time writes its figures into. */
  timingPath: string;
  cwd: string;
}

function runChild(command: string, args: string[], stdoutPath: string, stderrPath: string, cwd: string) {
  const stdout = openSync(stdoutPath, 'w');
  const stderr = openSync(stderrPath, 'w');
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd, stdio: ['ignore', stdout, stderr] });
  return new Promise<{ exitCode: number; wallSeconds: number }>((resolve, reject) => {
    child.on('error', (error) => {
      closeSync(stdout);
      closeSync(stderr);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      closeSync(stdout);
      closeSync(stderr);
      resolve({ exitCode: code ?? (signal === null ? 1 : 128), wallSeconds });
    });
  });
}

/** Parses GNU time's `-f '%x %U %S %M'` line; the last line is the one it wrote. */
export function parseGnuTime(text: string): { exitCode: number; cpuSeconds: number; maxRssBytes: number } {
  const lines = text.trim().split('\n');
  const fields = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
  if (fields.length !== 4 || fields.some((field) => !Number.isFinite(field))) {
    throw new Error(`unexpected output of ${GNU_TIME}: "${text.trim()}"`);
  }
  const [exitCode, user, system, maxRssKib] = fields as [number, number, number, number];
  return { exitCode, cpuSeconds: user + system, maxRssBytes: maxRssKib * 1024 };
}

async function measureWithGnuTime(request: MeasureRequest): Promise<Measurement> {
  const args = ['-f', '%x %U %S %M', '-o', request.timingPath, request.command, ...request.args];
  const { wallSeconds } = await runChild(GNU_TIME, args, request.stdoutPath, request.stderrPath, request.cwd);
  const timing = parseGnuTime(readFileSync(request.timingPath, 'utf8'));
  return { exitCode: timing.exitCode, wallSeconds, cpuSeconds: timing.cpuSeconds, maxRssBytes: timing.maxRssBytes };
}

async function measureWithPython(request: MeasureRequest, repoRoot: string): Promise<Measurement> {
  const wrapper = path.join(repoRoot, 'bench', 'measure.py');
  const args = [wrapper, request.stdoutPath, request.stderrPath, '--', request.command, ...request.args];
  const { exitCode } = await runChild('python3', args, request.timingPath, `${request.timingPath}.err`, request.cwd);
  if (exitCode !== 0) return { exitCode, wallSeconds: 0, cpuSeconds: 0, maxRssBytes: 0 };
  const result = JSON.parse(readFileSync(request.timingPath, 'utf8')) as Record<string, number>;
  return {
    exitCode: result.exitCode ?? 1,
    wallSeconds: result.wallSeconds ?? 0,
    cpuSeconds: (result.userSeconds ?? 0) + (result.systemSeconds ?? 0),
    maxRssBytes: (result.maxRssKib ?? 0) * 1024,
  };
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs the command once and returns its figures; a command that fails still returns its exit code. */
export function measure(request: MeasureRequest, repoRoot: string): Promise<Measurement> {
  return hasGnuTime() ? measureWithGnuTime(request) : measureWithPython(request, repoRoot);
}
