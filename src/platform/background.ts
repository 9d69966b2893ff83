import type { Logger } from './log.ts';

/**
 * Runs `duty` every `intervalMs` until stopped, never two passes at once; a failed pass is
 * logged and the next one tries again.
 */
export function repeatEvery(
  intervalMs: number,
  duty: () => Promise<void>,
  onError: { log: Logger; message: string },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = duty()
      .catch((error) => onError.log.error({ err: error }, onError.message))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
