import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-redact-key.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
