import { repeatEvery } from '../platform/background.ts';
import type { DeliveryContext } from './context.ts';
import { sendParcelEvents } from './events/parcel-events.ts';
import { forgetOldFailures } from './pickup-codes/hand-over.ts';
import { returnOverdueParcels } from './shipments/transitions.ts';

/** One pass of every background duty; each is safe to run in many processes at once. */
export async function runDeliveryDuties(ctx: DeliveryContext): Promise<void> {
  // B9: returns first, so their events go to the market in this same pass.
  while ((await returnOverdueParcels(ctx)) > 0) {}
  while ((await sendParcelEvents(ctx)) > 0) {}
  await forgetOldFailures(ctx);
}

/** Runs the duties every `intervalMs` until stopped. */
export function startDeliveryWorkers(ctx: DeliveryContext, intervalMs = 1000): { stop(): Promise<void> } {
  return repeatEvery(intervalMs, () => runDeliveryDuties(ctx), {
    log: ctx.log,
    message: 'delivery duties failed',
  });
}
