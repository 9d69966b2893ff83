import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../app/money.ts';
import { Button, Loading, ProblemNotice } from '../app/ui.tsx';
import { useInbox } from './order-inbox.tsx';
import { useSeller } from './seller-session.tsx';
import { getPayable, PAYABLE_QUERY } from './shipment-api.ts';

/**
 * B9: the seller's money at settlement, per currency: held in escrow for paid orders whose
 * parcel is not collected yet, and payable once collected (minus the fee). Read again when a
 * parcel event arrives, and every few seconds for a minute after a pickup or a return, while
 * the release or refund makes its way through the market to settlement.
 */
export function PayablePanel() {
  const { key } = useSeller();
  const { moneyMoving } = useInbox();
  const payable = useQuery({
    queryKey: PAYABLE_QUERY,
    queryFn: ({ signal }) => getPayable(key, signal),
    refetchInterval: moneyMoving ? 3_000 : 5 * 60_000,
  });
  const balances = payable.data?.balances ?? [];
  return (
    <section className="panel payable" aria-labelledby="payable-title" aria-busy={payable.isFetching}>
      <div className="payable-head">
        <h2 id="payable-title">Payable</h2>
        <Button onClick={() => void payable.refetch()} busy={payable.isFetching && !payable.isPending}>
          Refresh<span className="visually-hidden"> the amounts</span>
        </Button>
      </div>
      {payable.isPending && <Loading label="Reading your balances" rows={1} />}
      <ProblemNotice error={payable.error} title="Your balances could not be read" />
      {payable.data &&
        (balances.length === 0 ? (
          <p className="muted">Nothing held or payable yet: money is held here once an order is paid.</p>
        ) : (
          <dl className="balances">
            {balances.map((b) => (
              <div key={b.currency} className="balance" data-currency={b.currency}>
                <div>
                  <dt>Held in escrow</dt>
                  <dd className="amount" data-testid={`held-${b.currency}`}>
                    {formatMoney(b.held, b.currency)}
                  </dd>
                  <dd className="hint">Paid orders whose parcel is not collected yet</dd>
                </div>
                <div>
                  <dt>Payable to you</dt>
                  <dd className="amount" data-testid={`payable-${b.currency}`}>
                    {formatMoney(b.payable, b.currency)}
                  </dd>
                  <dd className="hint">Released once the purchaser collected the parcel, minus the fee</dd>
                </div>
              </div>
            ))}
          </dl>
        ))}
    </section>
  );
}
