import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../app/money.ts';
import { Button, Loading, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
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
  const t = useT();
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
        <h2 id="payable-title">{t('salesperson.payable.title')}</h2>
        <Button onClick={() => void payable.refetch()} busy={payable.isFetching && !payable.isPending}>
          {t.rich('salesperson.payable.refresh', {
            hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
          })}
        </Button>
      </div>
      {payable.isPending && <Loading label={t('salesperson.payable.loading')} rows={1} />}
      <ProblemNotice error={payable.error} title={t('salesperson.payable.loadFailed')} />
      {payable.data &&
        (balances.length === 0 ? (
          <p className="muted">{t('salesperson.payable.none')}</p>
        ) : (
          <dl className="balances">
            {balances.map((b) => (
              <div key={b.currency} className="balance" data-currency={b.currency}>
                <div>
                  <dt>{t('salesperson.payable.held')}</dt>
                  <dd className="amount" data-testid={`held-${b.currency}`}>
                    {formatMoney(b.held, b.currency)}
                  </dd>
                  <dd className="hint">{t('salesperson.payable.heldHint')}</dd>
                </div>
                <div>
                  <dt>{t('salesperson.payable.payable')}</dt>
                  <dd className="amount" data-testid={`payable-${b.currency}`}>
                    {formatMoney(b.payable, b.currency)}
                  </dd>
                  <dd className="hint">{t('salesperson.payable.payableHint')}</dd>
                </div>
              </div>
            ))}
          </dl>
        ))}
    </section>
  );
}
