import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Hub serves the built designer from its web root; in development the
// Hub runs on :5080 and Vite forwards everything that is not the designer.
const hub = 'http://127.0.0.1:5080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../Hub.Server/wwwroot',
    emptyOutDir: true,
    // antd alone is larger than Vite's default warning threshold.
    chunkSizeWarningLimit: 2048,
  },
  server: {
    proxy: {
      '/api': hub,
      '/openapi': hub,
      '/health': hub,
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
