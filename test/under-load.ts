// `npm run test:under-load`: `npm test` several times in a row while processes that only burn CPU
// run beside it, as on a CI machine shared with other work. Stops at the first failing run.
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    burners: { type: 'string', default: '2' },
  },
});
const runs = Number(values.runs);
const burnerCount = Number(values.burners);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(burnerCount) || burnerCount < 0) {
  console.error('usage: npm run test:under-load -- [--runs N ≥ 1] [--burners N ≥ 0]');
  process.exit(2);
}

const burners: ChildProcess[] = Array.from({ length: burnerCount }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopBurners = () => {
  for (const burner of burners) burner.kill('SIGKILL');
};
process.on('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopBurners();
    process.exit(130);
  });

console.log(
  `npm test, ${runs} run(s), beside ${burnerCount} CPU burner(s) on ${availableParallelism()} CPUs`,
);
const results: string[] = [];
let failed = false;
for (let run = 1; run <= runs && !failed; run++) {
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) =>
    spawn('npm', ['test'], { stdio: 'inherit' }).once('close', resolve),
  );
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  failed = code !== 0;
  results.push(`run ${run}: ${failed ? `failed (exit ${code})` : 'passed'} in ${minutes} min`);
  console.log(`\n${results.at(-1)}\n`);
}
console.log(`Under load (${burnerCount} burner(s)): ${results.join('; ')}.`);
process.exitCode = failed ? 1 : 0;
