// Errors a user can act on. The bin maps them to exit code 2; nothing below
// the bin calls process.exit.

export type LeakErrorCode =
  | 'USAGE'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_NOT_MAIL'
  | 'CRM_COLUMN_MISSING'
  | 'CRM_ACCOUNTS_MISSING'
  | 'CRM_COLUMN_INVALID'
  | 'CRM_EMPTY'
  | 'CRM_UNREADABLE'
  | 'RULES_INVALID'
  | 'REDACT_KEY_INVALID'
  | 'OUTPUT_REJECTED'
  | 'OUT_OF_MEMORY';

export class LeakError extends Error {
  readonly code: LeakErrorCode;

  constructor(code: LeakErrorCode, message: string) {
    super(message);
    this.name = 'LeakError';
    this.code = code;
  }
}

export function isLeakError(error: unknown): error is LeakError {
  return error instanceof LeakError;
}

/**
 * Turns a thread's heap-limit exit (ERR_WORKER_OUT_OF_MEMORY) into an error the
 * user can act on, or returns the error unchanged.
 */
export function memoryLimitError(error: Error, thread: string, limitMb: number, advice: string): Error {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  return new LeakError('OUT_OF_MEMORY', `the ${thread} reached its heap limit of ${limitMb} MB and was stopped. ${advice}`);
}
