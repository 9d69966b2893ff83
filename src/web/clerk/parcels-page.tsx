import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Translate } from '../app/translate.ts';
import { Button, Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { getParcelLists, type Parcel, type ParcelLists, scanParcel } from './clerk-api.ts';
import { CLERK_QUERY, useClerk } from './clerk-session.tsx';
import { OrderIdGroups, type Outcome, OutcomeRegion } from './outcome.tsx';
import { counterTime, refusalOf } from './refusal.ts';

/** The lists, most urgent first: what must go back, what waits for customers, what comes and goes. */
const listsOf = (
  t: Translate,
): { list: keyof ParcelLists; title: string; empty: string; about: string }[] => [
  {
    list: 'overdue',
    title: t('clerk.parcels.overdue.title'),
    empty: t('clerk.parcels.overdue.empty'),
    about: t('clerk.parcels.overdue.about'),
  },
  {
    list: 'waiting',
    title: t('clerk.parcels.waiting.title'),
    empty: t('clerk.parcels.waiting.empty'),
    about: t('clerk.parcels.waiting.about'),
  },
  {
    list: 'incoming',
    title: t('clerk.parcels.incoming.title'),
    empty: t('clerk.parcels.incoming.empty'),
    about: t('clerk.parcels.incoming.about'),
  },
  {
    list: 'droppedOff',
    title: t('clerk.parcels.droppedOff.title'),
    empty: t('clerk.parcels.droppedOff.empty'),
    about: t('clerk.parcels.droppedOff.about'),
  },
];

/** What a row says of a parcel besides its order ID: its size, where it goes, its deadline. */
const factsOf = (t: Translate, list: keyof ParcelLists, p: Parcel) =>
  [
    t('clerk.parcels.size', { size: p.parcelSize }),
    list === 'droppedOff' && t('clerk.parcels.for', { code: p.pickupPointCode }),
    p.deadline &&
      t(list === 'overdue' ? 'clerk.parcels.deadlineWas' : 'clerk.parcels.collectBy', {
        deadline: counterTime(p.deadline),
      }),
  ]
    .filter(Boolean)
    .join(' · ');

/** B9: the store's parcels by what is to be done with them; overdue ones are returned from here. */
export function ParcelsPage() {
  const { key, refusedKey } = useClerk();
  const t = useT();
  const queries = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const lists = useQuery({
    queryKey: [CLERK_QUERY, 'parcels'],
    queryFn: ({ signal }) => getParcelLists(key, signal),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  useEffect(() => {
    if (lists.error) refusedKey(lists.error);
  }, [lists.error, refusedKey]);

  const giveBack = useMutation({
    mutationFn: (orderId: string) => scanParcel(key, 'return', orderId),
    onSuccess: (parcel) => {
      setOutcome({
        tone: 'done',
        title: t.rich('clerk.parcels.returned.title', {
          orderId: <OrderIdGroups orderId={parcel.orderId} />,
        }),
        detail: t('clerk.parcels.returned.detail'),
      });
      void queries.invalidateQueries({ queryKey: [CLERK_QUERY, 'parcels'] });
    },
    onError: (error) => {
      if (refusedKey(error)) return;
      const refusal = refusalOf(error, t);
      setOutcome({ tone: 'refused', title: refusal.title, detail: refusal.detail });
    },
  });

  return (
    <Page
      title={t('clerk.parcels.title')}
      intro={t('clerk.parcels.intro')}
      actions={
        <Button onClick={() => void lists.refetch()} busy={lists.isFetching && !lists.isPending}>
          {t('clerk.parcels.refresh')}
        </Button>
      }
    >
      <OutcomeRegion outcome={outcome} />
      {lists.isPending && <Loading label={t('clerk.parcels.loading')} rows={4} />}
      <ProblemNotice error={lists.error} title={t('clerk.parcels.readFailed')} />
      {lists.data &&
        listsOf(t).map(({ list, title, empty, about }) => {
          const parcels = lists.data[list];
          return (
            <section
              key={list}
              className={`panel parcel-list-panel list-${list}`}
              aria-labelledby={`list-${list}`}
            >
              <h2 id={`list-${list}`}>
                {t.rich('clerk.parcels.heading', {
                  title,
                  count: parcels.length,
                  n: (chunks) => <span className="count">{chunks}</span>,
                })}
              </h2>
              <p className="muted">{about}</p>
              {parcels.length === 0 ? (
                <Empty title={empty} />
              ) : (
                <ul className="parcel-list" aria-label={title}>
                  {parcels.map((p) => (
                    <li key={p.orderId} className="parcel-row">
                      <span className="parcel-id">
                        <OrderIdGroups orderId={p.orderId} />
                      </span>
                      <span className="parcel-facts">{factsOf(t, list, p)}</span>
                      {list === 'overdue' && (
                        <Button
                          variant="danger"
                          busy={giveBack.isPending && giveBack.variables === p.orderId}
                          disabled={giveBack.isPending}
                          onClick={() => giveBack.mutate(p.orderId)}
                        >
                          {t.rich('clerk.parcels.return', {
                            orderId: p.orderId,
                            hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                          })}
                        </Button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
    </Page>
  );
}
