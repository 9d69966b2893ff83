import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../i18n/i18n.tsx';
import type { ShipmentState, Tracking } from './market-api.ts';
import { orderStatus, pickupOver } from './order-status.ts';
import type { Translate } from './translate.ts';

const english = createIntl({ locale: 'en', messages: CATALOGUES.en });
const t: Translate = (id, values) => english.formatMessage({ id }, values);

const NOW = Date.parse('2026-05-12T12:00:00Z');
const parcel = (state: ShipmentState, deadline: string | null = null): NonNullable<Tracking['parcel']> => ({
  state,
  deadline,
  events: [],
});

describe('the purchaser’s order status, through the parcel’s life', () => {
  it('reads the order until it is paid, then the parcel', () => {
    const label = (state: Parameters<typeof orderStatus>[0]['state'], p?: Tracking['parcel']) =>
      orderStatus({ state }, p, t, NOW).label;
    expect(label('awaiting_payment')).toBe('Awaiting payment');
    expect(label('expired')).toBe('Expired');
    expect(label('cancelled')).toBe('Cancelled');
    // Paid, parcel not read yet or not booked: paid, and nothing more is claimed.
    expect(label('paid')).toBe('Paid');
    expect(label('paid', null)).toBe('Paid');
    expect(label('paid', parcel('booked'))).toBe('Shipment booked');
    expect(label('paid', parcel('dropped_off'))).toBe('On its way');
    expect(label('paid', parcel('in_transit'))).toBe('On its way');
    expect(label('paid', parcel('ready_for_pickup', '2026-05-19T12:00:00Z'))).toBe('Ready to collect');
    expect(label('paid', parcel('picked_up'))).toBe('Collected');
    expect(label('paid', parcel('returned'))).toBe('Returned, refunded');
  });

  it('says until when a waiting parcel can be collected, and when that time is over', () => {
    const ready = orderStatus({ state: 'paid' }, parcel('ready_for_pickup', '2026-05-19T12:00:00Z'), t, NOW);
    expect(ready.key).toBe('ready');
    expect(ready.meaning).toMatch(/collect it by .+\(in 7 days\)/);
    const late = orderStatus({ state: 'paid' }, parcel('ready_for_pickup', '2026-05-12T11:00:00Z'), t, NOW);
    expect(late).toMatchObject({ key: 'overdue', label: 'Time to collect is over' });
    expect(late.meaning).toContain('refunded');
  });

  it('ends the pickup code’s use once the parcel is collected or returned', () => {
    const over = (p: Tracking['parcel']) => pickupOver(orderStatus({ state: 'paid' }, p, t, NOW));
    expect(over(parcel('picked_up'))).toBe(true);
    expect(over(parcel('returned'))).toBe(true);
    expect(over(parcel('ready_for_pickup'))).toBe(false);
    expect(over(null)).toBe(false);
  });
});
