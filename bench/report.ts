// Text report of a benchmark run: the machine, the input, one table row per
// pipeline and the goals with their status. A pure function of the result.
import Table from 'cli-table3';
import { formatSize } from './size.js';

export const GOAL_MB_PER_SECOND = 150;
export const GOAL_SPEEDUP_OVER_PYTHON = 10;
export const GOAL_MAX_RSS_BYTES = 300e6;
export const GOAL_SCALING_RATIO = 4.4;

export interface PipelineResult {
  name: string;
  command: string;
  /** Size and message count of the mbox this pipeline read. */
  inputBytes: number;
  inputMessages: number;
  /** Median over the runs; null when the pipeline failed. */
  wallSeconds: number | null;
  cpuSeconds: number | null;
  /** Largest peak RSS over the runs, in bytes. */
  maxRssBytes: number | null;
  /** Messages the pipeline reported reading, when it reports them. */
  messages: number | null;
  /** Failure reason (exit code and first stderr line), or null after a clean run. */
  failure: string | null;
}

export type GoalStatus = 'met' | 'missed' | 'not measured';

export interface Goal {
  name: string;
  target: string;
  measured: string;
  status: GoalStatus;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  python: string;
  timer: string;
  /** 1-minute load average when the run started; above the CPU count, other work skews wall times. */
  loadAverage: number;
}

export interface InputInfo {
  bytes: number;
  messages: number;
  attachmentBytes: number;
  signalMessages: number;
  seed: number;
  crmRows: number;
  rules: string;
}

export interface BenchmarkResult {
  machine: MachineInfo;
  input: InputInfo;
  runs: number;
  pipelines: PipelineResult[];
  goals: Goal[];
  /** Folder kept by --keep, or null when it was deleted. */
  keptFolder: string | null;
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '-' : value.toFixed(digits);
}

/** Throughput in decimal MB per second of wall time. */
export function megabytesPerSecond(bytes: number, seconds: number | null): number | null {
  return seconds === null || seconds <= 0 ? null : bytes / 1e6 / seconds;
}

function renderTable(result: BenchmarkResult): string {
  const table = new Table({
    head: ['pipeline', 'wall s', 'CPU s', 'MB/s', 'messages/s', 'peak RSS MB', 'messages', 'status'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  });
  for (const pipeline of result.pipelines) {
    const perSecond = pipeline.wallSeconds === null ? null : pipeline.inputMessages / pipeline.wallSeconds;
    table.push([
      pipeline.name,
      fixed(pipeline.wallSeconds, 2),
      fixed(pipeline.cpuSeconds, 2),
      fixed(megabytesPerSecond(pipeline.inputBytes, pipeline.wallSeconds), 1),
      fixed(perSecond, 0),
      fixed(pipeline.maxRssBytes === null ? null : pipeline.maxRssBytes / 1e6, 1),
      pipeline.messages === null ? '-' : String(pipeline.messages),
      pipeline.failure === null ? 'ok' : 'failed',
    ]);
  }
  return table.toString();
}

/** Renders the whole report as plain text for stdout. */
export function renderReport(result: BenchmarkResult): string {
  const { machine, input } = result;
  const share = input.bytes === 0 ? 0 : (100 * input.attachmentBytes) / input.bytes;
  const lines = [
    `machine: ${machine.cpus} CPUs, ${machine.cpuModel}; Node ${machine.node}; ${machine.python}; timer: ${machine.timer}; ` +
      `load average at start: ${machine.loadAverage.toFixed(2)}`,
    `input: ${formatSize(input.bytes)} mbox, ${input.messages} messages, ${share.toFixed(0)}% attachment bytes, ` +
      `${input.signalMessages} messages with a planted signal, ${input.crmRows} CRM rows, seed ${input.seed}, rules: ${input.rules}`,
    `figures: median of ${result.runs} run(s) per pipeline; peak RSS is the largest over the runs; MB = 10^6 bytes`,
    '',
    renderTable(result),
  ];
  const failures = result.pipelines.filter((pipeline) => pipeline.failure !== null);
  for (const pipeline of failures) lines.push(`${pipeline.name} failed: ${pipeline.failure}`);

  lines.push('', 'goals:');
  for (const goal of result.goals) {
    lines.push(`  ${goal.status.padEnd(12)} ${goal.name}: ${goal.measured} (goal ${goal.target})`);
  }
  if (result.keptFolder !== null) lines.push('', `kept: ${result.keptFolder}`);
  return lines.join('\n') + '\n';
}
