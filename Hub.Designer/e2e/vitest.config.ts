import { defineConfig } from 'vitest/config';

// The end-to-end run needs a running Hub; without one, say so in one line
// and fail, rather than report a run that tested nothing.
if (!process.env.HUB_URL) {
  console.error('test:e2e: HUB_URL is not set (e.g. HUB_URL=http://127.0.0.1:5099 HUB_USER=... HUB_PASSWORD=... npm run test:e2e)');
  process.exit(2);
}

// Browser steps wait on locators; the generous timeouts only bound a hung Hub.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
