// Progress on stderr for long audits: a redrawn bar on a TTY (cli-progress),
// a plain line every few seconds otherwise, nothing when disabled.
// cli-progress is loaded only for a TTY, while the bar waits for START_DELAY_MS,
// so the main thread starts the audit thread without it.
import type cliProgress from 'cli-progress';
import type { AuditProgress } from '../audit.js';
import type { Io } from './io.js';

/** Milliseconds between plain progress lines when stderr is not a TTY. */
const PLAIN_INTERVAL_MS = 5_000;

/** Milliseconds: audits shorter than this show no progress at all, so small runs stay quiet. */
const START_DELAY_MS = 2_000;

/** Bytes in a megabyte, decimal as in the benchmark's MB/s figures. */
const MB = 1_000_000;

/**
 * A rate and an ETA need this much time and data since the first message was analysed:
 * before that, worker start-up and the first message's parse dominate the figures.
 */
const RATE_MIN_MS = 1_000;
const RATE_MIN_BYTES = MB;

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
  let first: { at: number; bytes: number } | null = null;
  // Set once cli-progress is loaded: long before START_DELAY_MS has passed, in practice.
  let barModule: typeof cliProgress | null = null;
  if (io.stderrIsTty) {
    void import('cli-progress').then((loaded) => {
      barModule = loaded.default;
    });
  }

  const update = (progress: AuditProgress): void => {
    last = progress;
    const now = Date.now();
    first ??= { at: now, bytes: progress.bytesDone };
    if (now - startedAt < START_DELAY_MS) return;
    const figures = describe(progress, first, now);
    if (io.stderrIsTty) {
      if (barModule === null) return;
      if (bar === null) {
        bar = new barModule.SingleBar(
          {
            format: '{bar} {percentage}% | {megabytes} | {messages} messages | {signals} signals{timing}',
            stream: process.stderr,
            hideCursor: true,
          },
          barModule.Presets.shades_classic,
        );
        bar.start(Math.max(progress.bytesTotal, 1), 0, figures);
      }
      bar.update(Math.min(progress.bytesDone, Math.max(progress.bytesTotal, 1)), figures);
      return;
    }
    if (now - lastLine >= PLAIN_INTERVAL_MS) {
      lastLine = now;
      const timing = figures.rate === '' ? '' : `, ${figures.rate}, ETA ${figures.eta_text}`;
      io.stderr(`leak: ${figures.megabytes}, ${figures.messages} messages, ${figures.signals} signals${timing}\n`);
    }
  };

  // Bytes between messages (separator lines, a trailing newline) are not counted per message,
  // so the finished bar is drawn full with the final counts before it stops.
  const done = (): void => {
    if (bar === null) return;
    if (last !== null) {
      const total = Math.max(last.bytesTotal, 1);
      const figures = describe({ ...last, bytesDone: last.bytesTotal }, first, Date.now());
      bar.update(total, figures);
    }
    bar.stop();
  };
  return { update, done };
}

/**
 * Figures for one progress line. The rate counts from the first analysed message, and it
 * and the ETA stay empty until RATE_MIN_MS and RATE_MIN_BYTES have passed since then.
 */
function describe(
  progress: AuditProgress,
  first: { at: number; bytes: number } | null,
  now: number,
): Record<string, string | number> {
  const elapsedMs = first === null ? 0 : now - first.at;
  const measured = first === null ? 0 : progress.bytesDone - first.bytes;
  const hasRate = elapsedMs >= RATE_MIN_MS && measured >= RATE_MIN_BYTES;
  const megabytesPerSecond = hasRate ? measured / MB / (elapsedMs / 1000) : 0;
  const remaining = Math.max(progress.bytesTotal - progress.bytesDone, 0);
  const eta = progress.bytesTotal > 0 && hasRate ? `${Math.round(remaining / MB / megabytesPerSecond)} s` : 'unknown';
  const rate = hasRate ? `${megabytesPerSecond.toFixed(1)} MB/s` : '';
  return {
    megabytes: describeBytes(progress.bytesDone, progress.bytesTotal),
    messages: progress.messages,
    signals: progress.signals,
    rate,
    eta_text: eta,
    timing: hasRate ? ` | ${rate} | ETA ${eta}` : '',
  };
}

/** "12 MB of 44 MB", in kB below 1 MB of input, so a small input does not read "0 MB of 0 MB". */
function describeBytes(done: number, total: number): string {
  const scale = Math.max(total, done);
  const [unit, size] = scale >= MB ? ['MB', MB] : ['kB', 1_000];
  const digits = scale >= MB && scale < 10 * MB ? 1 : 0;
  const format = (bytes: number) => `${(bytes / size).toFixed(digits)} ${unit}`;
  return total > 0 ? `${format(done)} of ${format(total)}` : format(done);
}
