import { defineConfig } from 'vitest/config';

// Projects so that CI can report pure-rule tests apart from the ones that touch real devices and files, and the
// security regressions and fuzz runs apart from both.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Real SQLite files, child processes and sockets: keep them from fighting over the two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          // The attacks of issue 16 kept as regression tests, and the bounded fuzz runs.
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
