import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The test build (`--mode test`) goes to its own folder so that `npm start` never serves the test handle.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  build: { outDir: mode === 'test' ? 'dist-test' : 'dist', sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    // expect.poll waits for an outcome, not a speed: its 1 s default failed on a loaded 2-core machine (a page
    // answering in 1.5 s is not a defect), so polls wait up to the test's own timeout.
    expect: { poll: { timeout: 15_000 } },
  },
}));
