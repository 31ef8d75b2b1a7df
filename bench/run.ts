// `npm run bench`: generates a corpus in a temporary folder, then times each
// pipeline on it (a `cat` reading baseline, the Python peer, leak with
// --jobs 1 and with --jobs N) and prints a table and the goals. It reports and
// never gates: the exit code is 0 whether goals are met or not, and 2 only for
// invalid options.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { isLeakError, LeakError } from '../src/errors.js';
import { packageRoot } from '../src/package-root.js';
import { generateCorpus, parseSeed } from './generate.js';
import type { GeneratedCorpus } from './generate.js';
import { evaluateGoals } from './goals.js';
import { hasGnuTime, measure } from './measure.js';
import type { Measurement } from './measure.js';
import { renderReport } from './report.js';
import type { BenchmarkResult, MachineInfo, PipelineResult } from './report.js';
import { writeScaledRules } from './rules-scale.js';
import { formatSize, parseSize } from './size.js';

/** Input size multiplier of the --scaling run. */
const SCALING_FACTOR = 4;

export interface BenchmarkOptions {
  sizeBytes: number;
  seed: number;
  runs: number;
  jobs: number;
  isKept: boolean;
  hasBigAttachments: boolean;
  /** 1 runs with the default rules only; K > 1 adds rule files K times their size. */
  rulesScale: number;
  isScaling: boolean;
  /** Receives progress lines; the CLI writes them to stderr. */
  log: (line: string) => void;
}

interface PipelineSpec {
  name: string;
  command: string;
  args: string[];
  hasOutput: boolean;
  readMessages: ((output: string) => number) | null;
}

function readPeerMessages(output: string): number {
  return (JSON.parse(output) as { messages: number }).messages;
}

/** Messages leak counted in the files: analysed plus skipped, summed over mailboxes. */
function readLeakMessages(output: string): number {
  const report = JSON.parse(output) as { inputs: { mailboxes: { messages: number; skipped: number }[] } };
  return report.inputs.mailboxes.reduce((sum, mailbox) => sum + mailbox.messages + mailbox.skipped, 0);
}

/** Builds the leak audit command; `jobs` null leaves out --jobs, for builds that lack the option. */
function leakPipeline(repoRoot: string, corpus: GeneratedCorpus, jobs: number | null, ruleFiles: string[], label = ''): PipelineSpec {
  const args = [
    path.join(repoRoot, 'bin', 'leak.js'),
    'audit',
    '--mbox',
    corpus.mboxPath,
    '--crm',
    corpus.crmPath,
    '--json',
    '--no-progress',
    ...(jobs === null ? [] : ['--jobs', String(jobs)]),
    ...ruleFiles.flatMap((file) => ['--rules', file]),
  ];
  const name = jobs === null ? `leak without --jobs${label}` : `leak --jobs ${jobs}${label}`;
  return { name, command: process.execPath, args, hasOutput: true, readMessages: readLeakMessages };
}

/** Matches commander's message when the leak build does not know --jobs yet. */
const UNKNOWN_JOBS_OPTION = /unknown option '--jobs'/;

function definePipelines(repoRoot: string, corpus: GeneratedCorpus, jobs: number, ruleFiles: string[]): PipelineSpec[] {
  return [
    { name: 'cat', command: 'cat', args: [corpus.mboxPath], hasOutput: false, readMessages: null },
    {
      name: 'python peer',
      command: 'python3',
      args: [path.join(repoRoot, 'bench', 'peer.py'), corpus.mboxPath],
      hasOutput: true,
      readMessages: readPeerMessages,
    },
    leakPipeline(repoRoot, corpus, 1, ruleFiles),
    leakPipeline(repoRoot, corpus, jobs, ruleFiles),
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Returns the stderr line that names the error: the first one mentioning "error", else the first line. */
function errorLine(file: string): string {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    return '';
  }
  return (lines.find((line) => /error/i.test(line)) ?? lines[0] ?? '').trim();
}

/** Describes a failed run: exit code, how long and how large it ran before failing, first stderr line. */
function describeFailure(measurement: Measurement, stderrLine: string): string {
  const wall = measurement.wallSeconds.toFixed(2);
  const rss = (measurement.maxRssBytes / 1e6).toFixed(1);
  return `exit ${measurement.exitCode} after ${wall} s (peak RSS ${rss} MB): ${stderrLine || 'no message on stderr'}`;
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
}

/** Output file of the first run of a pipeline, kept for the message count and the --jobs comparison. */
function outputPath(folder: string, spec: PipelineSpec): string {
  return spec.hasOutput ? path.join(folder, `${slug(spec.name)}-1.out`) : '/dev/null';
}

async function runPipeline(spec: PipelineSpec, corpus: GeneratedCorpus, options: BenchmarkOptions, folder: string, repoRoot: string): Promise<PipelineResult> {
  const measurements: Measurement[] = [];
  let failure: string | null = null;
  for (let run = 1; run <= options.runs && failure === null; run++) {
    options.log(`running ${spec.name} (${run}/${options.runs})`);
    const base = path.join(folder, `${slug(spec.name)}-${run}`);
    const request = {
      command: spec.command,
      args: spec.args,
      stdoutPath: spec.hasOutput ? `${base}.out` : '/dev/null',
      stderrPath: `${base}.err`,
      timingPath: `${base}.time`,
      cwd: repoRoot,
    };
    try {
      const measurement = await measure(request, repoRoot);
      if (measurement.exitCode === 0) measurements.push(measurement);
      else failure = describeFailure(measurement, errorLine(request.stderrPath));
    } catch (error) {
      failure = `failed to run ${spec.command}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  let messages: number | null = null;
  if (failure === null && spec.readMessages !== null) {
    try {
      messages = spec.readMessages(readFileSync(outputPath(folder, spec), 'utf8'));
    } catch {
      messages = null;
    }
  }
  const isMeasured = failure === null && measurements.length > 0;
  return {
    name: spec.name,
    command: [spec.command, ...spec.args].join(' '),
    inputBytes: corpus.bytes,
    inputMessages: corpus.messages,
    wallSeconds: isMeasured ? median(measurements.map((m) => m.wallSeconds)) : null,
    cpuSeconds: isMeasured ? median(measurements.map((m) => m.cpuSeconds)) : null,
    maxRssBytes: isMeasured ? Math.max(...measurements.map((m) => m.maxRssBytes)) : null,
    messages,
    failure,
  };
}

function isSameOutput(first: string, second: string): boolean {
  return readFileSync(first).equals(readFileSync(second));
}

function describeMachine(loadAverage: number): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) cpuModel = match[1].trim();
  } catch {
    // /proc/cpuinfo exists on Linux only; os.cpus() names the model elsewhere.
  }
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return {
    cpus: os.cpus().length,
    cpuModel,
    node: process.version,
    python: python.status === 0 ? python.stdout.trim() : 'python3 not found',
    timer: hasGnuTime() ? 'GNU time' : 'bench/measure.py',
    loadAverage,
  };
}

async function runScaling(
  options: BenchmarkOptions,
  folder: string,
  repoRoot: string,
  ruleFiles: string[],
  baseline: PipelineResult,
  jobs: number | null,
): Promise<{ row: PipelineResult; ratio: number | null }> {
  const scaledFolder = path.join(folder, `x${SCALING_FACTOR}`);
  mkdirSync(scaledFolder);
  options.log(`generating ${formatSize(options.sizeBytes * SCALING_FACTOR)} for --scaling`);
  const corpus = await generateCorpus({
    sizeBytes: options.sizeBytes * SCALING_FACTOR,
    seed: options.seed,
    folder: scaledFolder,
    hasBigAttachments: options.hasBigAttachments,
  });
  const spec = leakPipeline(repoRoot, corpus, jobs, ruleFiles, ` (${SCALING_FACTOR}x input)`);
  const row = await runPipeline(spec, corpus, options, scaledFolder, repoRoot);
  const ratio = row.wallSeconds === null || baseline.wallSeconds === null ? null : row.wallSeconds / baseline.wallSeconds;
  return { row, ratio };
}

/** Runs the whole benchmark and returns its figures; the temporary folder is deleted unless `isKept`. */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkResult> {
  const repoRoot = packageRoot();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-bench-'));
  const loadAverage = os.loadavg()[0] ?? 0;
  try {
    options.log(`generating ${formatSize(options.sizeBytes)} in ${folder}`);
    const corpus = await generateCorpus({ sizeBytes: options.sizeBytes, seed: options.seed, folder, hasBigAttachments: options.hasBigAttachments });
    const scaled = options.rulesScale > 1 ? writeScaledRules(repoRoot, folder, options.rulesScale, options.seed) : null;
    const ruleFiles = scaled?.files ?? [];
    const rules = scaled === null ? 'default' : `default x${options.rulesScale} (${scaled.defaultRules} + ${scaled.syntheticRules} synthetic)`;

    const specs = definePipelines(repoRoot, corpus, options.jobs, ruleFiles);
    const pipelines: PipelineResult[] = [];
    for (const spec of specs) pipelines.push(await runPipeline(spec, corpus, options, folder, repoRoot));
    const [, python, leakSingle, leakParallel] = pipelines as [PipelineResult, PipelineResult, PipelineResult, PipelineResult];

    const [singleSpec, parallelSpec] = specs.slice(2) as [PipelineSpec, PipelineSpec];
    const isOutputIdentical =
      leakSingle.failure === null && leakParallel.failure === null
        ? isSameOutput(outputPath(folder, singleSpec), outputPath(folder, parallelSpec))
        : null;

    // A build without --jobs still gets timed once without the option, so its
    // throughput is reported; the --jobs rows stay in the table as failed.
    const lacksJobs = UNKNOWN_JOBS_OPTION.test(leakSingle.failure ?? '');
    let leakMeasured = leakParallel;
    let leakJobs: number | null = options.jobs;
    if (lacksJobs) {
      leakJobs = null;
      leakMeasured = await runPipeline(leakPipeline(repoRoot, corpus, null, ruleFiles), corpus, options, folder, repoRoot);
      pipelines.push(leakMeasured);
    }

    let scalingRatio: number | null = null;
    let leakScaled: PipelineResult | null = null;
    if (options.isScaling) {
      const scaling = await runScaling(options, folder, repoRoot, ruleFiles, leakMeasured, leakJobs);
      pipelines.push(scaling.row);
      scalingRatio = scaling.ratio;
      leakScaled = scaling.row;
    }

    const goals = evaluateGoals({
      bytes: corpus.bytes,
      python,
      leakSingle: lacksJobs ? leakMeasured : leakSingle,
      leakParallel: leakMeasured,
      isOutputIdentical,
      scalingRatio,
      leakScaled,
    });
    return {
      machine: describeMachine(loadAverage),
      input: {
        bytes: corpus.bytes,
        messages: corpus.messages,
        attachmentBytes: corpus.attachmentBytes,
        signalMessages: corpus.signalMessages,
        seed: options.seed,
        crmRows: corpus.crmRows,
        rules,
      },
      runs: options.runs,
      pipelines,
      goals,
      keptFolder: options.isKept ? folder : null,
    };
  } finally {
    if (!options.isKept) rmSync(folder, { recursive: true, force: true });
  }
}

function parsePositiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new LeakError('USAGE', `invalid ${option} "${text}": use a whole number of at least 1.`);
  }
  return value;
}

/** Parses the runner's argv (without node and script) into options. */
export function parseBenchmarkArgs(argv: string[], log: (line: string) => void): BenchmarkOptions {
  const program = new Command()
    .name('bench')
    .description('Time the cat baseline, the Python peer and leak on a generated mbox.')
    .option('--size <size>', 'mbox size, such as 50MB, 1GB or 4GB (decimal units)', '50MB')
    .option('--seed <n>', 'PRNG seed of the generated corpus', '1')
    .option('--runs <n>', 'runs per pipeline; the table shows the median', '3')
    .option('--jobs <n>', 'leak --jobs value of the parallel leak run (default: CPU count)', String(os.cpus().length))
    .option('--keep', 'keep the temporary folder with the corpus and outputs', false)
    .option('--big-attachments', 'add a few 20-50 MB attachments to the corpus', false)
    .option('--rules-scale <k>', 'add synthetic rules so each default pack is k times larger', '1')
    .option('--scaling', `also time leak on ${SCALING_FACTOR}x the size and print the time ratio`, false)
    .exitOverride()
    .parse(argv, { from: 'user' });
  const flags = program.opts<Record<string, string | boolean>>();
  return {
    sizeBytes: parseSize(String(flags.size)),
    seed: parseSeed(String(flags.seed)),
    runs: parsePositiveInteger('--runs', String(flags.runs)),
    jobs: parsePositiveInteger('--jobs', String(flags.jobs)),
    isKept: flags.keep === true,
    hasBigAttachments: flags.bigAttachments === true,
    rulesScale: parsePositiveInteger('--rules-scale', String(flags.rulesScale)),
    isScaling: flags.scaling === true,
    log,
  };
}

async function main(argv: string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  let options: BenchmarkOptions;
  try {
    options = parseBenchmarkArgs(argv, log);
  } catch (error) {
    if (isLeakError(error)) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 2;
    }
    // commander has already printed the usage error or the help text.
    const exitCode = (error as { exitCode?: number }).exitCode;
    return exitCode === 0 ? 0 : 2;
  }
  const result = await runBenchmark(options);
  process.stdout.write(renderReport(result));
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
