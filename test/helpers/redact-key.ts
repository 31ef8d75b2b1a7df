// The fixed redaction key of the test suite, so expected tokens stay the same
// from run to run and no test makes a key in the real home folder.
export const TEST_REDACT_KEY = 'leak test suite redaction key: fixed, never used for real reports';
