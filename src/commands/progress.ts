// Progress on stderr for long audits: a redrawn bar on a TTY (cli-progress),
// a plain line every few seconds otherwise, nothing when disabled.
import cliProgress from 'cli-progress';
import type { AuditProgress } from '../audit.js';
import type { Io } from './io.js';

/** Seconds between plain progress lines when stderr is not a TTY. */
const PLAIN_INTERVAL_MS = 5_000;

/** Audits shorter than this show no progress at all, so small runs stay quiet. */
const START_DELAY_MS = 2_000;

export interface Progress {
  update: (progress: AuditProgress) => void;
  done: () => void;
}

export function createProgress(io: Io, options: { enabled: boolean }): Progress {
  if (!options.enabled) return { update: () => {}, done: () => {} };
  const startedAt = Date.now();
  let lastLine = startedAt;
  let bar: cliProgress.SingleBar | null = null;

  const update = (progress: AuditProgress): void => {
    const now = Date.now();
    if (now - startedAt < START_DELAY_MS) return;
    const seconds = (now - startedAt) / 1000;
    const rate = Math.round(progress.messages / seconds);
    if (io.stderrIsTty) {
      if (bar === null) {
        bar = new cliProgress.SingleBar(
          {
            format: 'reading {mailbox} | {value} messages | {signals} signals | {rate} msg/s',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(0, 0, { mailbox: progress.mailbox, signals: 0, rate: 0 });
      }
      bar.update(progress.messages, { mailbox: progress.mailbox, signals: progress.signals, rate });
      return;
    }
    if (now - lastLine >= PLAIN_INTERVAL_MS) {
      lastLine = now;
      io.stderr(
        `leak: ${progress.messages} messages read, ${progress.signals} signals, ${rate} msg/s (${progress.mailbox})\n`,
      );
    }
  };

  const done = (): void => {
    if (bar !== null) bar.stop();
  };
  return { update, done };
}
