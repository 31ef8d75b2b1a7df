// Sets the suite's fixed redaction key in every test file, for the tests that
// redact in-process. The leak processes the tests start read the same key from
// the file global-setup.ts names in LEAK_REDACT_KEY_FILE.
import { setRedactKey } from '../src/redact.js';
import { TEST_REDACT_KEY } from './helpers/redact-key.js';

setRedactKey(Buffer.from(TEST_REDACT_KEY));
