import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'domain/**/*.test.ts',
      'service/**/*.test.ts',
      'db/**/*.test.ts',
      'addin/**/*.test.ts',
    ],
    testTimeout: 30_000,
    // Builds the task pane (dist/addin/) and the fake Office host for the browser suite.
    globalSetup: ['test/browser/global-setup.ts'],
    hookTimeout: 60_000,
    // Database suites share one PostgreSQL server; each file makes its own database.
    fileParallelism: true,
  },
});
