import { defineConfig } from 'vitest/config';

// Two projects: fast unit/contract tests that run in parallel, and end-to-end tests (real n8n, real Chromium)
// that start heavyweight processes and therefore run one file at a time.
const heavyweight = ['test/e2e/**/*.test.ts', 'test/portal/browser/**/*.test.ts'];
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.data/test-report.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...heavyweight, '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: heavyweight,
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
