import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    // Every file a test writes goes into one directory, removed at the end of the run.
    globalSetup: ['tests/setup/tempDirectory.ts'],
  },
});
