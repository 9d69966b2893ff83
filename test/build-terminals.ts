import { ensureTerminalsBuilt } from '../src/web/build.ts';

/** Vitest global set-up: the browser tests serve the terminals as the sources say, built once per run. */
export default async function setup() {
  await ensureTerminalsBuilt({
    onProgress: (progress) => {
      if (progress.step === 'start') console.log('Building the terminals for the browser tests …');
    },
  });
}
