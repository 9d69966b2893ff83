import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
} from 'react';
import { formatMoney } from '../app/money.ts';
import type { Translate } from '../app/translate.ts';
import { useT } from '../i18n/i18n.tsx';
import {
  chime,
  enableSound,
  type NotificationState,
  notificationState,
  notifyOrder,
  useTitleCount,
} from './new-order-alerts.ts';
import { ORDERS_QUERY, putLiveOrder, putParcelState } from './order-cache.ts';
import { parcelLabel } from './parcel-state.tsx';
import { followSellerEvents, type SellerEvent, type StreamStatus } from './seller-event-stream.ts';
import { useSeller } from './seller-session.tsx';
import { PAYABLE_QUERY } from './shipment-api.ts';
import type { ParcelEvent, SellerOrder } from './types.ts';

export interface Inbox {
  status: StreamStatus;
  /** Orders that arrived live and have not been looked at yet. */
  unseen: ReadonlySet<string>;
  /** Marks one order seen, or all without an ID. */
  markSeen(orderId?: string): void;
  sound: boolean;
  setSound(on: boolean): void;
  notifications: NotificationState;
  allowNotifications(): void;
  /** A parcel was just collected or returned: its money is on its way, so balances are read often. */
  moneyMoving: boolean;
}

/** How long after a pickup or a return the balances are read often. */
const MONEY_MOVING_MS = 60_000;

const InboxContext = createContext<Inbox | null>(null);

export function useInbox(): Inbox {
  const inbox = useContext(InboxContext);
  if (!inbox) throw new Error('useInbox outside OrderInbox');
  return inbox;
}

/** "2 × NEC notebook (NE-PC12), ¥256,000" */
export const orderSummary = (t: Translate, o: SellerOrder) =>
  t('salesperson.inbox.summary', {
    quantity: o.quantity,
    name: o.name,
    model: o.model,
    amount: formatMoney(o.amount, o.currency),
  });

/**
 * Follows the seller's live events on every page of the terminal, so a new order is noticed
 * wherever the seller is: it joins the inbox lists, is counted in the navigation and the
 * document title, is announced politely to screen readers, and chimes or notifies when the
 * seller turned those on. A paid order is updated where shown and announced with its pickup
 * point the same way, without counting as new.
 */
export function OrderInbox(props: { onRefused(): void; children: ReactNode }) {
  const { key } = useSeller();
  const t = useT();
  const queries = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [unseen, setUnseen] = useState<ReadonlySet<string>>(new Set());
  const [sound, setSoundOn] = useState(false);
  const [notifications, setNotifications] = useState(notificationState);
  const [announcement, setAnnouncement] = useState('');
  const [moneyMoving, setMoneyMoving] = useState(false);
  useTitleCount(unseen.size);
  useEffect(() => {
    if (!moneyMoving) return;
    const timer = setTimeout(() => setMoneyMoving(false), MONEY_MOVING_MS);
    return () => clearTimeout(timer);
  }, [moneyMoving]);

  const onEvent = useEffectEvent((event: SellerEvent) => {
    if (event.type === 'order.parcel') {
      const parcel = event.data as ParcelEvent | null;
      if (typeof parcel?.orderId !== 'string' || typeof parcel.state !== 'string') return;
      // B9: the parcel moved: shown where the order is, and the money it holds is read again.
      putParcelState(queries, parcel.orderId, parcel.state);
      void queries.invalidateQueries({ queryKey: PAYABLE_QUERY });
      if (parcel.state === 'picked_up' || parcel.state === 'returned') setMoneyMoving(true);
      setAnnouncement(
        t('salesperson.inbox.parcelMoved', { orderId: parcel.orderId, state: parcelLabel(t, parcel.state) }),
      );
      return;
    }
    const order = event.data as SellerOrder | null;
    if (typeof order?.orderId !== 'string') return;
    const created = event.type === 'order.created';
    putLiveOrder(queries, order, created);
    if (created) {
      setUnseen((s) => new Set(s).add(order.orderId));
      const summary = orderSummary(t, order);
      setAnnouncement(t('salesperson.inbox.newOrder', { summary }));
      if (sound) chime();
      notifyOrder(t('salesperson.inbox.newOrderTitle'), summary, order.orderId);
    } else if (event.type === 'order.paid' && order.pickupPointId) {
      // B8's last arrow: "order X is paid, deliver to pickup point P" — the seller's cue to ship.
      const paid = t('salesperson.inbox.paid', { orderId: order.orderId, pickupPoint: order.pickupPointId });
      setAnnouncement(paid);
      if (sound) chime();
      notifyOrder(
        t('salesperson.inbox.paidTitle'),
        t('salesperson.inbox.paidBody', { paid, summary: orderSummary(t, order) }),
        `${order.orderId}/paid`,
      );
    }
  });
  const onStatus = useEffectEvent((next: StreamStatus) => {
    setStatus(next);
    if (next === 'refused') props.onRefused();
  });
  // A first connection starts with the next event: the lists are read again to cover the gap
  // between loading them and the stream opening. A resumed one replays what was missed.
  const onLive = useEffectEvent((resumed: boolean) => {
    if (!resumed) void queries.invalidateQueries({ queryKey: ORDERS_QUERY });
  });
  useEffect(
    () =>
      followSellerEvents(key, {
        onEvent: (event) => onEvent(event),
        onStatus: (next) => onStatus(next),
        onLive: (resumed) => onLive(resumed),
      }),
    [key],
  );

  const markSeen = useCallback((orderId?: string) => {
    setUnseen((s) => {
      if (orderId === undefined) return s.size ? new Set() : s;
      if (!s.has(orderId)) return s;
      const rest = new Set(s);
      rest.delete(orderId);
      return rest;
    });
  }, []);

  const inbox: Inbox = {
    status,
    unseen,
    markSeen,
    sound,
    setSound: (on) => {
      if (on) enableSound();
      setSoundOn(on);
    },
    notifications,
    allowNotifications: () => {
      void Notification.requestPermission().then(setNotifications);
    },
    moneyMoving,
  };
  return (
    <InboxContext.Provider value={inbox}>
      {props.children}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </InboxContext.Provider>
  );
}
