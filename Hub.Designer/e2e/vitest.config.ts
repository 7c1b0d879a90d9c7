import { defineConfig } from 'vitest/config';

// The end-to-end run needs a running Hub; without one, say so in one line
// and fail, rather than report a run that tested nothing.
const missing = ['HUB_URL', 'HUB_USER', 'HUB_PASSWORD'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(
    `test:e2e: ${missing.join(', ')} not set; run against a Hub, e.g. HUB_URL=http://127.0.0.1:5099 HUB_USER=admin HUB_PASSWORD=secret npm run test:e2e`,
  );
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
