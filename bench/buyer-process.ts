import { type BuyerTask, runBuyers } from './purchases.ts';

/**
 * One process of bench buyers (forked by measurePurchases): told its task, it says it is ready;
 * told the window, it buys, sends what it measured and exits.
 */
let task: BuyerTask | undefined;
process.on(
  'message',
  (message: { type: string; task?: BuyerTask; window?: { recordFrom: number; until: number } }) => {
    if (message.type === 'task') {
      task = message.task;
      process.send?.({ type: 'ready' });
    } else if (message.type === 'go' && task && message.window) {
      runBuyers(task, message.window).then(
        (samples) => {
          // Read here, as it exits: the parent cannot read a process that has ended.
          const { user, system } = process.cpuUsage();
          const value = { ...samples, cpuSeconds: (user + system) / 1e6 };
          process.send?.({ type: 'samples', value }, () => process.exit(0));
        },
        (error: Error) => process.send?.({ type: 'error', error: error.message }, () => process.exit(1)),
      );
    }
  },
);
