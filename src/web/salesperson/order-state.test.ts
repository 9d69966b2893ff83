import { describe, expect, it } from 'vitest';
import { nextStep as nextStepIn, orderStatusLabel as orderStatusLabelIn } from './order-state.tsx';
import { english } from './testing/english.ts';
import type { SellerOrder } from './types.ts';

type Status = Pick<SellerOrder, 'state' | 'pickupPointId' | 'parcelState'>;
const orderStatusLabel = (order: Status) => orderStatusLabelIn(english, order);
const nextStep = (order: Status) => nextStepIn(english, order);
const paid = (parcelState: SellerOrder['parcelState']): Status => ({
  state: 'paid',
  pickupPointId: '7E-SHINJUKU-03',
  parcelState,
});

describe('the seller’s order status: one label, and the next step only while it applies', () => {
  it('says where to deliver until the shipment is booked, then where the parcel is', () => {
    expect(orderStatusLabel({ state: 'awaiting_payment', pickupPointId: null, parcelState: null })).toBe(
      'Awaiting payment',
    );
    expect(orderStatusLabel({ state: 'expired', pickupPointId: null, parcelState: null })).toBe(
      'Expired unpaid',
    );
    expect(orderStatusLabel(paid(null))).toBe('Paid — deliver to 7E-SHINJUKU-03');
    expect(orderStatusLabel(paid('booked'))).toBe('Shipment booked');
    expect(orderStatusLabel(paid('ready_for_pickup'))).toBe('At the pickup point');
    expect(orderStatusLabel(paid('picked_up'))).toBe('Collected');
    expect(orderStatusLabel(paid('returned'))).toBe('Returned');
  });

  it('asks to book the shipment only before it is booked', () => {
    expect(nextStep(paid(null))).toContain('book the shipment');
    for (const state of ['booked', 'in_transit', 'picked_up', 'returned'] as const)
      expect(nextStep(paid(state))).toBeNull();
    expect(nextStep({ state: 'awaiting_payment', pickupPointId: null, parcelState: null })).toContain(
      'Wait for payment',
    );
    expect(nextStep({ state: 'expired', pickupPointId: null, parcelState: null })).toBeNull();
  });
});
