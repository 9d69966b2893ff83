import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/build-terminals.ts', 'test/run-caches.ts'],
    // Vitest's own report, then one closing line of where the suites ran and what was skipped.
    reporters: ['default', './test/run-summary-reporter.ts'],
    // expect.poll's 1 s default fails a page or a worker that is merely slow on a busy machine.
    expect: { poll: { timeout: 20_000 } },
    // Bounds for a hang, not for speed: on a machine shared with other work a test that takes
    // 10 s alone can take minutes, and must still pass.
    testTimeout: 420_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // A worker runs its files one after another on one module graph: isolated, each file loads and
    // compiles the same modules again, about a fifth of the run's CPU on 2 cores. So no test file
    // may change what modules share (globals, prototypes, module state) without undoing it.
    isolate: false,
    setupFiles: ['test/shared-globals.ts'],
    maxWorkers: 2,
  },
});
