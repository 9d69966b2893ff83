import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { SELL_QUERY } from './seller-session.tsx';
import { shipmentQuery } from './shipment-api.ts';
import type { OrderPage, OrderState, SellerOrder, ShipmentState } from './types.ts';

export const ORDERS_QUERY = [SELL_QUERY, 'orders'] as const;
/** The inbox list, all orders ('') or those in one state. */
export const ordersQuery = (state: OrderState | '') => [...ORDERS_QUERY, state] as const;
export const orderQuery = (orderId: string) => [SELL_QUERY, 'order', orderId] as const;

/**
 * Shows a live order in the loaded inbox lists without a reload: a new order goes on top of the
 * lists it belongs in; a changed one is replaced where shown, and lists are read again in the
 * background because its new state may move it into or out of a filtered list.
 */
export function putLiveOrder(queries: QueryClient, order: SellerOrder, created: boolean) {
  for (const [queryKey, data] of queries.getQueriesData<InfiniteData<OrderPage>>({
    queryKey: ORDERS_QUERY,
  })) {
    if (!data) continue;
    const state = queryKey[2] as OrderState | '';
    const shown = data.pages.some((p) => p.items.some((o) => o.orderId === order.orderId));
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.map((o) => (o.orderId === order.orderId ? order : o)),
    }));
    const [first] = pages;
    if (created && !shown && first && (!state || state === order.state)) {
      pages[0] = { ...first, items: [order, ...first.items] };
    }
    queries.setQueryData(queryKey, { ...data, pages });
  }
  queries.setQueryData<SellerOrder>(orderQuery(order.orderId), (old) => old && order);
  if (!created) void queries.invalidateQueries({ queryKey: ORDERS_QUERY });
}

/**
 * B9: a parcel moved (`order.parcel`): the order shows its new state wherever it is loaded, and
 * its shipment, if open, is read again for the dates.
 */
export function putParcelState(queries: QueryClient, orderId: string, parcelState: ShipmentState) {
  const patch = (o: SellerOrder) => (o.orderId === orderId ? { ...o, parcelState } : o);
  for (const [queryKey, data] of queries.getQueriesData<InfiniteData<OrderPage>>({
    queryKey: ORDERS_QUERY,
  })) {
    if (!data) continue;
    queries.setQueryData(queryKey, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, items: page.items.map(patch) })),
    });
  }
  queries.setQueryData<SellerOrder>(orderQuery(orderId), (old) => old && patch(old));
  void queries.invalidateQueries({ queryKey: shipmentQuery(orderId) });
}
