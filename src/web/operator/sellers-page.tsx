import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import type { Seller } from './api-types.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { formatDateTime } from './format.ts';
import { OPERATOR_QUERY, useOperator } from './operator-session.tsx';

const sellersKey = [OPERATOR_QUERY, 'sellers'] as const;

type Action = 'suspend' | 'reinstate';

const CONSEQUENCES: Record<Action, string> = {
  suspend:
    'Their offers leave search results at once and their API key stops working, so they cannot sign in or change their catalogue. Nothing is deleted: reinstating undoes it.',
  reinstate: 'Their offers return to search results and their API key works again.',
};

/** Every seller with their standing, and suspension or reinstatement after a confirmation. */
export function SellersPage() {
  const { call } = useOperator();
  const queries = useQueryClient();
  const sellers = useQuery({
    queryKey: sellersKey,
    queryFn: ({ signal }) =>
      call<{ sellers: Seller[] }>('GET', '/operator/sellers', { signal }).then((r) => r.sellers),
  });
  const [filter, setFilter] = useState('');
  const [confirming, setConfirming] = useState<{ seller: Seller; action: Action } | null>(null);
  const [done, setDone] = useState<string | null>(null);
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
      setDone(
        updated.status === 'suspended' ? `${updated.name} is suspended.` : `${updated.name} is active again.`,
      );
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
    <Page
      title="Sellers"
      intro="Anyone may register as a seller. Suspend one who breaks the rules; reinstate them when it is settled."
    >
      {done && <Notice tone="success">{done}</Notice>}
      <ProblemNotice error={sellers.error} title="The sellers could not be read" />
      {sellers.isPending && <Loading label="Loading the sellers" />}
      {sellers.data?.length === 0 && (
        <Empty title="No sellers yet">
          <p>Sellers register themselves in the Sell terminal or through the API.</p>
        </Empty>
      )}
      {all.length > 0 && (
        <>
          <div className="row sellers-tools">
            <Field label="Find a seller" hint="By name or the start of the ID." className="seller-filter">
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
                ? sellerCount(all.length)
                : `${shown.length} of ${sellerCount(all.length)}`}
              , {suspended} suspended
            </p>
          </div>
          {shown.length === 0 ? (
            <Empty title={`No seller matches “${filter.trim()}”`} />
          ) : (
            <div className="table-wrap" ref={table}>
              <table>
                <caption className="visually-hidden">Sellers, by name</caption>
                <thead>
                  <tr>
                    <th scope="col">Seller</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
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
          title={`${confirming.action === 'suspend' ? 'Suspend' : 'Reinstate'} ${confirming.seller.name}?`}
          confirmLabel={confirming.action === 'suspend' ? 'Suspend seller' : 'Reinstate seller'}
          danger={confirming.action === 'suspend'}
          busy={change.isPending}
          error={change.error}
          onConfirm={() => change.mutate(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>{CONSEQUENCES[confirming.action]}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}

const sellerCount = (n: number) => (n === 1 ? '1 seller' : `${n} sellers`);

function SellerRow({ seller, onAction }: { seller: Seller; onAction: (action: Action) => void }) {
  const active = seller.status === 'active';
  return (
    <tr>
      <th scope="row">
        {seller.name}
        <p className="mono muted cell-note">{seller.id}</p>
        <p className="muted cell-note">
          Registered {formatDateTime(seller.createdAt)} · {seller.webhookUrl ? 'webhook set' : 'no webhook'}
        </p>
      </th>
      <td>
        <span className={`badge seller-status ${seller.status}`}>{active ? 'Active' : 'Suspended'}</span>
      </td>
      <td className="action-cell">
        <Button
          data-seller={seller.id}
          variant={active ? 'danger' : 'secondary'}
          onClick={() => onAction(active ? 'suspend' : 'reinstate')}
        >
          {active ? 'Suspend' : 'Reinstate'}
          <span className="visually-hidden"> {seller.name}</span>
        </Button>
      </td>
    </tr>
  );
}
