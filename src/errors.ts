// Errors a user can act on. The bin maps them to exit code 2; nothing below
// the bin calls process.exit.

export type LeakErrorCode =
  | 'USAGE'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_NOT_MAIL'
  | 'CRM_COLUMN_MISSING'
  | 'CRM_COLUMN_INVALID'
  | 'CRM_EMPTY'
  | 'CRM_UNREADABLE'
  | 'RULES_INVALID'
  | 'REDACT_KEY_INVALID'
  | 'OUTPUT_REJECTED';

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
