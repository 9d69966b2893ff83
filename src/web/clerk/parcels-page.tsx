import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Empty, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { getParcelLists, type Parcel, type ParcelLists, scanParcel } from './clerk-api.ts';
import { CLERK_QUERY, useClerk } from './clerk-session.tsx';
import { OrderIdGroups, type Outcome, OutcomeRegion } from './outcome.tsx';
import { counterTime, refusalOf } from './refusal.ts';

const SIZE: Record<Parcel['parcelSize'], string> = { small: 'Small', medium: 'Medium', large: 'Large' };

/** The lists, most urgent first: what must go back, what waits for customers, what comes and goes. */
const LISTS: { list: keyof ParcelLists; title: string; empty: string; about: string }[] = [
  {
    list: 'overdue',
    title: 'Overdue',
    empty: 'No parcel is past its deadline.',
    about: 'Not collected in time: return each to its seller. It can no longer be handed over.',
  },
  {
    list: 'waiting',
    title: 'Waiting for collection',
    empty: 'No parcel waits for a customer.',
    about: 'On the shelf until their deadline, for whoever shows the order ID and its pickup code.',
  },
  {
    list: 'incoming',
    title: 'Incoming',
    empty: 'No parcel is on its way here.',
    about: 'With the carrier, on their way to this store.',
  },
  {
    list: 'droppedOff',
    title: 'Dropped off',
    empty: 'No parcel waits for the carrier.',
    about: 'Handed in here by sellers, for the carrier to take.',
  },
];

/** B9: the store's parcels by what is to be done with them; overdue ones are returned from here. */
export function ParcelsPage() {
  const { key, refusedKey } = useClerk();
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
        title: (
          <>
            Parcel <OrderIdGroups orderId={parcel.orderId} /> goes back to the seller
          </>
        ),
        detail: 'Put it with the parcels for the carrier. The customer is refunded.',
      });
      void queries.invalidateQueries({ queryKey: [CLERK_QUERY, 'parcels'] });
    },
    onError: (error) => {
      if (refusedKey(error)) return;
      const refusal = refusalOf(error);
      setOutcome({ tone: 'refused', title: refusal.title, detail: refusal.detail });
    },
  });

  return (
    <Page
      title="Parcels"
      intro="The parcels this store handles, by what is to be done with them."
      actions={
        <Button onClick={() => void lists.refetch()} busy={lists.isFetching && !lists.isPending}>
          Refresh
        </Button>
      }
    >
      <OutcomeRegion outcome={outcome} />
      {lists.isPending && <Loading label="Reading this store’s parcels" rows={4} />}
      <ProblemNotice error={lists.error} title="The parcels could not be read" />
      {lists.data &&
        LISTS.map(({ list, title, empty, about }) => {
          const parcels = lists.data[list];
          return (
            <section
              key={list}
              className={`panel parcel-list-panel list-${list}`}
              aria-labelledby={`list-${list}`}
            >
              <h2 id={`list-${list}`}>
                {title} <span className="count">({parcels.length})</span>
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
                      <span className="parcel-facts">
                        {SIZE[p.parcelSize]}
                        {list === 'droppedOff' && ` · for ${p.pickupPointCode}`}
                        {p.deadline &&
                          (list === 'overdue'
                            ? ` · deadline was ${counterTime(p.deadline)}`
                            : ` · collect by ${counterTime(p.deadline)}`)}
                      </span>
                      {list === 'overdue' && (
                        <Button
                          variant="danger"
                          busy={giveBack.isPending && giveBack.variables === p.orderId}
                          disabled={giveBack.isPending}
                          onClick={() => giveBack.mutate(p.orderId)}
                        >
                          Return to sender<span className="visually-hidden"> parcel {p.orderId}</span>
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
