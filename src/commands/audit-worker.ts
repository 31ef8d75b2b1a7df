// Body of the audit thread (see audit-thread.ts): runs `leak audit` with an
// Io and a progress display that send everything to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditProgress } from '../audit.js';
import { endEarlyWorkers, expectedJobs, startEarlyWorkers } from '../pipeline/early-workers.js';
import type { AuditThreadData, AuditThreadMessage } from './audit-thread.js';
import type { Io } from './io.js';
import type { Progress } from './progress.js';
import { trace } from '../pipeline/trace.js';

const data = workerData as AuditThreadData;
// The analysis workers start before this thread loads the audit's modules, so
// that they load theirs at the same time (see pipeline/early-workers.ts).
startEarlyWorkers(expectedJobs(data.flags) - 1);
const [{ isLeakError }, { setSpillParent }, { auditCommand }] = await Promise.all([
  import('../errors.js'),
  import('../pipeline/spill.js'),
  import('./audit.js'),
]);

trace('audit thread: modules loaded');

/** Milliseconds between progress messages: the display redraws at most a few times a second. */
const PROGRESS_INTERVAL_MS = 100;

const writtenChars = new BigInt64Array(data.written);
let sentChars = 0n;

function send(message: AuditThreadMessage): void {
  parentPort?.postMessage(message);
}

/** Sends stdout text, first waiting while more than a window of it is still unwritten. */
function sendStdout(text: string): void {
  const window = BigInt(data.windowChars);
  for (let written = Atomics.load(writtenChars, 0); sentChars - written > window; written = Atomics.load(writtenChars, 0)) {
    Atomics.wait(writtenChars, 0, written);
  }
  sentChars += BigInt(text.length);
  send({ kind: 'stdout', text });
}

const io: Io = {
  stdout: sendStdout,
  stderr: (text) => send({ kind: 'stderr', text }),
  color: data.color,
  // The main thread draws the progress, so this thread never redraws stderr.
  stderrIsTty: false,
  width: data.width,
};

/** Sends progress at most every PROGRESS_INTERVAL_MS, and the last figures before it ends. */
function relayProgress(_io: Io, options: { enabled: boolean }): Progress {
  if (!options.enabled) return { update: () => {}, done: () => {} };
  send({ kind: 'progress-start' });
  let sentAt = 0;
  let unsent: AuditProgress | null = null;
  return {
    update: (progress) => {
      const now = Date.now();
      if (now - sentAt < PROGRESS_INTERVAL_MS) {
        unsent = progress;
        return;
      }
      sentAt = now;
      unsent = null;
      send({ kind: 'progress', progress });
    },
    done: () => {
      if (unsent !== null) send({ kind: 'progress', progress: unsent });
      send({ kind: 'progress-done' });
    },
  };
}

setSpillParent(data.spillParent);
try {
  const code = await auditCommand(data.flags, io, relayProgress);
  trace('audit thread: command done');
  send({ kind: 'exit', code });
} catch (error) {
  if (isLeakError(error)) send({ kind: 'leak-error', code: error.code, message: error.message });
  else send({ kind: 'crash', stack: error instanceof Error ? (error.stack ?? String(error)) : String(error) });
} finally {
  // Workers no audit took: it stopped before reading, or needed fewer threads.
  await endEarlyWorkers();
}
