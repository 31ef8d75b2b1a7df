// The benchmark goals, checked against measured figures. They are reported,
// never enforced: the runner exits 0 whether they are met or not.
import {
  GOAL_MAX_RSS_BYTES,
  GOAL_MB_PER_SECOND,
  GOAL_SCALING_RATIO,
  GOAL_SPEEDUP_OVER_PYTHON,
  megabytesPerSecond,
} from './report.js';
import type { Goal, PipelineResult } from './report.js';

export interface GoalInputs {
  bytes: number;
  python: PipelineResult;
  leakSingle: PipelineResult;
  leakParallel: PipelineResult;
  /** Whether the --jobs 1 and --jobs N JSON outputs are byte-identical; null when one failed. */
  isOutputIdentical: boolean | null;
  /** Wall time on 4x the input divided by wall time on 1x; null without --scaling. */
  scalingRatio: number | null;
  /** The --scaling run on 4x the input, which the peak RSS goal covers too; null without --scaling. */
  leakScaled: PipelineResult | null;
}

function goal(name: string, target: string, value: number | null, format: (value: number) => string, isMet: (value: number) => boolean): Goal {
  if (value === null) return { name, target, measured: 'not measured', status: 'not measured' };
  return { name, target, measured: format(value), status: isMet(value) ? 'met' : 'missed' };
}

function identityGoal(isIdentical: boolean | null): Goal {
  const name = '--jobs 1 and --jobs N JSON byte-identical';
  if (isIdentical === null) return { name, target: 'yes', measured: 'not measured', status: 'not measured' };
  if (isIdentical) return { name, target: 'yes', measured: 'yes', status: 'met' };
  return { name, target: 'yes', measured: 'no', status: 'missed' };
}

/** Checks every goal; leak's throughput goals use `leakParallel`, its --jobs N run. */
export function evaluateGoals(inputs: GoalInputs): Goal[] {
  const { python, leakSingle, leakParallel } = inputs;
  const throughput = megabytesPerSecond(inputs.bytes, leakParallel.wallSeconds);
  const speedup =
    python.wallSeconds === null || leakParallel.wallSeconds === null ? null : python.wallSeconds / leakParallel.wallSeconds;
  const rss = [leakSingle.maxRssBytes, leakParallel.maxRssBytes, inputs.leakScaled?.maxRssBytes ?? null].filter(
    (value): value is number => value !== null,
  );
  return [
    goal(`${leakParallel.name} throughput`, `>= ${GOAL_MB_PER_SECOND} MB/s`, throughput, (v) => `${v.toFixed(1)} MB/s`, (v) => v >= GOAL_MB_PER_SECOND),
    goal(`${leakParallel.name} speed-up over Python`, `>= ${GOAL_SPEEDUP_OVER_PYTHON}x`, speedup, (v) => `${v.toFixed(1)}x`, (v) => v >= GOAL_SPEEDUP_OVER_PYTHON),
    goal('leak peak RSS (every leak run)', `< ${GOAL_MAX_RSS_BYTES / 1e6} MB`, rss.length === 0 ? null : Math.max(...rss), (v) => `${(v / 1e6).toFixed(1)} MB`, (v) => v < GOAL_MAX_RSS_BYTES),
    identityGoal(inputs.isOutputIdentical),
    goal('time on 4x the input / time on 1x', `<= ${GOAL_SCALING_RATIO}x`, inputs.scalingRatio, (v) => `${v.toFixed(2)}x`, (v) => v <= GOAL_SCALING_RATIO),
  ];
}
