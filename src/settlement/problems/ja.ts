import type { en } from './en.ts';

/** Settlement's problems in Japanese (see en.ts). */
export const ja: { readonly [K in keyof typeof en]: string } = {
  announcement_conflict: 'この注文は別の条件で通知されています',
  'idempotency_key_reused.payment': 'この Idempotency-Key は別の支払いに使われています',
  'idempotency_key_reused.hold': 'この Idempotency-Key は別の仮押さえに使われています',
  payment_not_found: 'この ID の承認済みの支払いはありません',
  not_paid: 'この注文には預かり中の支払いがありません',
  escrow_resolved:
    '預かり金はすでに{money, select, unpaid {未払いです} held {預かり中です} released {出品者に支払われています} refunded {返金されています} other {{money}です}}',
  hold_not_found: 'この ID の仮押さえはありません',
  hold_conflict: 'この仮押さえ ID には別の条件の支払いが押さえられています',
  hold_resolved:
    'この仮押さえはすでに{state, select, held {押さえ中です} captured {確定しています} voided {取り消されています} other {{state}です}}',
};
