import { defineConfig } from 'vitest/config';

// Two projects: fast unit/contract tests that run in parallel, and end-to-end tests (real n8n, real Chromium)
// that share heavyweight processes and therefore run one file at a time.
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.data/test-report.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
