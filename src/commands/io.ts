// The streams a command writes to, passed in so tests can capture them.

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout takes ANSI colours: a TTY and no NO_COLOR. */
  color: boolean;
  /** True when stderr is a TTY, so progress can redraw one line. */
  stderrIsTty: boolean;
  /** Columns of the terminal stdout writes to, or undefined when stdout is a file or a pipe. */
  width?: number;
}

export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !noColor,
    stderrIsTty: Boolean(process.stderr.isTTY),
    // A terminal that reports 0 columns (stty cols 0) gets the width of a pipe.
    width: process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined,
  };
}
