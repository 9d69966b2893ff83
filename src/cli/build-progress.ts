import { SingleBar } from 'cli-progress';
import type { BuildProgress } from '../web/build.ts';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Shows the terminals' build as it goes: a bar of modules read against the last build's count
 * (a count alone on the first build) on a terminal, a line when it starts and one when it ends
 * anywhere else.
 */
export function showBuildProgress(): (progress: BuildProgress) => void {
  let bar: SingleBar | undefined;
  return (progress) => {
    switch (progress.step) {
      case 'start': {
        if (!process.stdout.isTTY) {
          console.log('Building the terminals (Vite) …');
          return;
        }
        const total = progress.expectedModules;
        bar = new SingleBar({
          format: total
            ? 'Building the terminals |{bar}| {value}/{total} modules {step}'
            : 'Building the terminals … {value} modules {step}',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 24,
        });
        bar.start(total ?? 0, 0, { step: '' });
        return;
      }
      case 'modules':
        bar?.update(Math.min(progress.modules, bar.getTotal() || progress.modules));
        return;
      case 'bundle':
        bar?.update({ step: '— bundling' });
        return;
      case 'done':
        bar?.stop();
        console.log(`Built the terminals in ${seconds(progress.ms)} (${progress.modules} modules).`);
    }
  };
}
