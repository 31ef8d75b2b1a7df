// Progress on stderr for long audits: a redrawn bar on a TTY (cli-progress),
// a plain line every few seconds otherwise, nothing when disabled.
import cliProgress from 'cli-progress';
import type { AuditProgress } from '../audit.js';
import type { Io } from './io.js';

/** Milliseconds between plain progress lines when stderr is not a TTY. */
const PLAIN_INTERVAL_MS = 5_000;

/** Milliseconds: audits shorter than this show no progress at all, so small runs stay quiet. */
const START_DELAY_MS = 2_000;

/** Bytes in a megabyte, decimal as in the benchmark's MB/s figures. */
const MB = 1_000_000;

export interface Progress {
  update: (progress: AuditProgress) => void;
  done: () => void;
}

export function createProgress(io: Io, options: { enabled: boolean }): Progress {
  if (!options.enabled) return { update: () => {}, done: () => {} };
  const startedAt = Date.now();
  let lastLine = startedAt;
  let bar: cliProgress.SingleBar | null = null;
  let last: AuditProgress | null = null;

  const update = (progress: AuditProgress): void => {
    last = progress;
    const now = Date.now();
    if (now - startedAt < START_DELAY_MS) return;
    const figures = describe(progress, (now - startedAt) / 1000);
    if (io.stderrIsTty) {
      if (bar === null) {
        bar = new cliProgress.SingleBar(
          {
            format:
              '{bar} {percentage}% | {megabytes} | {messages} messages | {signals} signals | {rate} | ETA {eta_text}',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(progress.bytesTotal, 1), 0, figures);
      }
      bar.update(Math.min(progress.bytesDone, Math.max(progress.bytesTotal, 1)), figures);
      return;
    }
    if (now - lastLine >= PLAIN_INTERVAL_MS) {
      lastLine = now;
      io.stderr(
        `leak: ${figures.megabytes}, ${figures.messages} messages, ${figures.signals} signals, ${figures.rate}, ETA ${figures.eta_text}\n`,
      );
    }
  };

  // Bytes between messages (separator lines, a trailing newline) are not counted per message,
  // so the finished bar is drawn full with the final counts before it stops.
  const done = (): void => {
    if (bar === null) return;
    if (last !== null) {
      const total = Math.max(last.bytesTotal, 1);
      const figures = describe({ ...last, bytesDone: last.bytesTotal }, (Date.now() - startedAt) / 1000);
      bar.update(total, figures);
    }
    bar.stop();
  };
  return { update, done };
}

function describe(progress: AuditProgress, seconds: number): Record<string, string | number> {
  const megabytesPerSecond = progress.bytesDone / MB / Math.max(seconds, 0.001);
  const remaining = Math.max(progress.bytesTotal - progress.bytesDone, 0);
  const eta =
    progress.bytesTotal > 0 && megabytesPerSecond > 0
      ? `${Math.round(remaining / MB / megabytesPerSecond)} s`
      : 'unknown';
  const total = progress.bytesTotal > 0 ? ` of ${(progress.bytesTotal / MB).toFixed(0)} MB` : '';
  return {
    megabytes: `${(progress.bytesDone / MB).toFixed(0)} MB${total}`,
    messages: progress.messages,
    signals: progress.signals,
    rate: `${megabytesPerSecond.toFixed(1)} MB/s`,
    eta_text: eta,
  };
}
