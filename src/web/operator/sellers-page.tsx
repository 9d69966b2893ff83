import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import type { Seller } from './api-types.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { formatDateTime } from './format.ts';
import { OPERATOR_QUERY, useOperator } from './operator-session.tsx';

const sellersKey = [OPERATOR_QUERY, 'sellers'] as const;

type Action = 'suspend' | 'reinstate';

const CONSEQUENCES: Record<Action, MessageId> = {
  suspend: 'operator.sellers.confirm.suspendConsequences',
  reinstate: 'operator.sellers.confirm.reinstateConsequences',
};

/** Every seller with their standing, and suspension or reinstatement after a confirmation. */
export function SellersPage() {
  const { call } = useOperator();
  const queries = useQueryClient();
  const t = useT();
  const sellers = useQuery({
    queryKey: sellersKey,
    queryFn: ({ signal }) =>
      call<{ sellers: Seller[] }>('GET', '/operator/sellers', { signal }).then((r) => r.sellers),
  });
  const [filter, setFilter] = useState('');
  const [confirming, setConfirming] = useState<{ seller: Seller; action: Action } | null>(null);
  // The seller changed last, said in the language being shown.
  const [done, setDone] = useState<Seller | null>(null);
  const table = useRef<HTMLDivElement>(null);
  const returnFocusTo = useRef<string | null>(null);

  const change = useMutation({
    mutationFn: (c: { seller: Seller; action: Action }) =>
      call<Seller>('POST', `/operator/sellers/${c.seller.id}/${c.action}`),
    onSuccess: (updated) => {
      queries.setQueryData<Seller[]>(sellersKey, (list) =>
        list?.map((s) => (s.id === updated.id ? updated : s)),
      );
      void queries.invalidateQueries({ queryKey: [OPERATOR_QUERY, 'status'] });
      setDone(updated);
      setConfirming(null);
    },
  });

  useEffect(() => {
    // Back from the dialog, focus returns to the seller's button, wherever the row now is.
    if (confirming || !returnFocusTo.current) return;
    table.current?.querySelector<HTMLElement>(`[data-seller="${returnFocusTo.current}"]`)?.focus();
    returnFocusTo.current = null;
  }, [confirming]);

  const ask = (seller: Seller, action: Action) => {
    change.reset();
    setDone(null);
    returnFocusTo.current = seller.id;
    setConfirming({ seller, action });
  };

  const all = sellers.data ?? [];
  const needle = filter.trim().toLowerCase();
  const shown = all.filter(
    (s) => !needle || s.name.toLowerCase().includes(needle) || s.id.startsWith(needle),
  );
  const suspended = all.filter((s) => s.status === 'suspended').length;

  return (
    <Page title={t('operator.sellers.title')} intro={t('operator.sellers.intro')}>
      {done && (
        <Notice tone="success">
          {done.status === 'suspended'
            ? t('operator.sellers.suspended', { name: done.name })
            : t('operator.sellers.reinstated', { name: done.name })}
        </Notice>
      )}
      <ProblemNotice error={sellers.error} title={t('operator.sellers.readFailed')} />
      {sellers.isPending && <Loading label={t('operator.sellers.loading')} />}
      {sellers.data?.length === 0 && (
        <Empty title={t('operator.sellers.empty.title')}>
          <p>{t('operator.sellers.empty.body')}</p>
        </Empty>
      )}
      {all.length > 0 && (
        <>
          <div className="row sellers-tools">
            <Field
              label={t('operator.sellers.find')}
              hint={t('operator.sellers.findHint')}
              className="seller-filter"
            >
              {(control) => (
                <input
                  {...control}
                  type="search"
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                />
              )}
            </Field>
            <p className="muted" role="status">
              {shown.length === all.length
                ? t('operator.sellers.count', { total: all.length, suspended })
                : t('operator.sellers.countShown', { shown: shown.length, total: all.length, suspended })}
            </p>
          </div>
          {shown.length === 0 ? (
            <Empty title={t('operator.sellers.noMatch', { filter: filter.trim() })} />
          ) : (
            <div className="table-wrap" ref={table}>
              <table>
                <caption className="visually-hidden">{t('operator.sellers.table.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('operator.sellers.table.seller')}</th>
                    <th scope="col">{t('operator.sellers.table.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('operator.sellers.table.action')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((seller) => (
                    <SellerRow key={seller.id} seller={seller} onAction={(action) => ask(seller, action)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={
            confirming.action === 'suspend'
              ? t('operator.sellers.confirm.suspendTitle', { name: confirming.seller.name })
              : t('operator.sellers.confirm.reinstateTitle', { name: confirming.seller.name })
          }
          confirmLabel={
            confirming.action === 'suspend'
              ? t('operator.sellers.confirm.suspend')
              : t('operator.sellers.confirm.reinstate')
          }
          danger={confirming.action === 'suspend'}
          busy={change.isPending}
          error={change.error}
          onConfirm={() => change.mutate(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>{t(CONSEQUENCES[confirming.action])}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}

function SellerRow({ seller, onAction }: { seller: Seller; onAction: (action: Action) => void }) {
  const active = seller.status === 'active';
  const t = useT();
  const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
  return (
    <tr>
      <th scope="row">
        {seller.name}
        <p className="mono muted cell-note">{seller.id}</p>
        <p className="muted cell-note">
          {t('operator.sellers.registered', {
            date: formatDateTime(seller.createdAt),
            webhook: seller.webhookUrl ? 'set' : 'none',
          })}
        </p>
      </th>
      <td>
        <span className={`badge seller-status ${seller.status}`}>
          {active ? t('operator.sellers.status.active') : t('operator.sellers.status.suspended')}
        </span>
      </td>
      <td className="action-cell">
        <Button
          data-seller={seller.id}
          variant={active ? 'danger' : 'secondary'}
          onClick={() => onAction(active ? 'suspend' : 'reinstate')}
        >
          {active
            ? t.rich('operator.sellers.suspend', { name: seller.name, hidden })
            : t.rich('operator.sellers.reinstate', { name: seller.name, hidden })}
        </Button>
      </td>
    </tr>
  );
}
