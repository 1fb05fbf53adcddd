import { describe, expect, it } from 'vitest';
import { progressLine, stepOf } from '../../../scripts/demo/runtime.js';

describe('the runtime install progress line', () => {
  it('shows the elapsed time in seconds, then minutes and seconds, with the current step', () => {
    expect(progressLine(12_400, null)).toBe('[n8n-runtime] still installing (12s so far); this happens once per machine.');
    expect(progressLine(83_000, 'step 1/3 npm ci --ignore-scripts into /x')).toBe(
      '[n8n-runtime] still installing (1m 23s so far, at step 1/3 npm ci --ignore-scripts into /x); this happens once per machine.',
    );
  });

  it('takes the step from the install script\'s own announcements only', () => {
    expect(stepOf('[n8n-runtime] 2/3 npm rebuild sqlite3 --build-from-source against Node 24 headers (about 1 min)')).toBe(
      'step 2/3 npm rebuild sqlite3 --build-from-source against Node 24 headers',
    );
    expect(stepOf('[n8n-runtime]     done in 58.2s')).toBeNull();
  });
});
