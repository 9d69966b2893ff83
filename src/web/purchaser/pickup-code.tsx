import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { generatePickupCode } from '../../protocol/pickup-code.ts';
import { ApiError } from '../app/api.ts';
import { getPickupPoint } from '../app/delivery.ts';
import { PlaceAddress, PlaceName } from '../app/place-name.tsx';
import { useTerminalConfig } from '../app/terminal-config.ts';
import { Button, CopyButton, Notice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { registerPickupCode } from './delivery-api.ts';
import { type KeptOrder, keptOrder, updateKeptOrder } from './kept-orders.ts';
import { getPickupCodeRegistration, type Order, type PickupCodeRegistration } from './market-api.ts';
import { PickupQr } from './pickup-qr.tsx';

const registrationQuery = (orderId: string) => ['pickup-code-registration', orderId] as const;

/**
 * B9: makes this order's pickup code in this browser, once, and keeps it with the order (as
 * the secret is kept) before anything is sent, so a page closed mid-way still has it. The
 * registration the payment answered with is remembered for the page's life, so that sending
 * the code needs no second call to the market.
 */
export function makePickupCode(
  queries: QueryClient,
  orderId: string,
  registration?: PickupCodeRegistration,
): void {
  if (registration) queries.setQueryData(registrationQuery(orderId), registration);
  if (keptOrder(orderId)?.pickup) return;
  updateKeptOrder(orderId, { pickup: { code: generatePickupCode(), state: 'unregistered' } });
}

type Registered = 'registered' | 'taken';

/**
 * Sends a kept, unregistered code to delivery with the order's token: asked of the market again
 * when the payment's answer is gone (a reload). First registration wins at delivery: a 409
 * means another code was set for the order, from another device or tab.
 */
async function register(queries: QueryClient, kept: KeptOrder, code: string): Promise<Registered> {
  const { url, token } = await queries.ensureQueryData({
    queryKey: registrationQuery(kept.orderId),
    queryFn: ({ signal }) => getPickupCodeRegistration(kept.orderId, kept.secret, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  let outcome: Registered;
  try {
    await registerPickupCode(url, { orderId: kept.orderId, token, code });
    outcome = 'registered';
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'pickup_code_already_registered')) throw error;
    outcome = 'taken';
  }
  // The code kept may have changed meanwhile (forgotten, made anew): only this one is marked.
  if (keptOrder(kept.orderId)?.pickup?.code === code)
    updateKeptOrder(kept.orderId, { pickup: { code, state: outcome } });
  return outcome;
}

/** The registration of a kept code still unregistered, started as soon as the order is known paid. */
function useRegistration(kept: KeptOrder, paid: boolean) {
  const queries = useQueryClient();
  const pickup = kept.pickup;
  return useQuery({
    queryKey: ['pickup-code-registered', kept.orderId, pickup?.code],
    queryFn: () => register(queries, kept, pickup?.code as string),
    enabled: paid && pickup?.state === 'unregistered',
    staleTime: Number.POSITIVE_INFINITY,
    // A lost answer is tried again once at once; then the purchaser decides (see the retry).
    retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400),
  });
}

/** The code in its three groups, spaced for reading aloud at a counter; the text keeps the hyphens. */
function PickupCodeText(props: { code: string }) {
  return (
    <span className="order-id big-code pickup-code" data-testid="pickup-code">
      {props.code.split('-').map((group, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the groups of a code never move
        <span key={i}>
          {i > 0 && <span className="order-id-dash">-</span>}
          <span className="order-id-group">{group}</span>
        </span>
      ))}
    </span>
  );
}

/**
 * B9: the paid order's pickup code as text and as a QR code, where it goes and what to bring,
 * and how its registration at delivery stands. Without a code in this browser (paid elsewhere,
 * or the page closed before one was made), one can be made here.
 */
export function PickupCodePanel(props: { order: Order; kept: KeptOrder }) {
  const { order, kept } = props;
  const queries = useQueryClient();
  const t = useT();
  const registration = useRegistration(kept, order.state === 'paid');
  const pickup = kept.pickup;
  return (
    <section className="panel pickup-code-panel" aria-labelledby="pickup-code-title">
      <h2 id="pickup-code-title">{t('purchaser.pickupCode.title')}</h2>
      {!pickup ? (
        <>
          <p>{t('purchaser.pickupCode.none')}</p>
          <p>{t('purchaser.pickupCode.makeHere')}</p>
          <Button variant="primary" onClick={() => makePickupCode(queries, order.orderId)}>
            {t('purchaser.pickupCode.make')}
          </Button>
        </>
      ) : (
        <>
          <p className="pickup-code-line">
            <PickupCodeText code={pickup.code} />
          </p>
          <RegistrationStatus
            state={pickup.state}
            error={registration.isError ? registration.error : null}
            retrying={registration.isFetching}
            retry={() => void registration.refetch()}
          />
          <div className="row">
            <CopyButton text={pickup.code} label={t('purchaser.pickupCode.copy')} />
          </div>
          <div className="pickup-bring">
            <PickupQr orderId={order.orderId} code={pickup.code} />
            <div>
              <h3>{t('purchaser.pickupCode.bring.title')}</h3>
              <p>
                {t.rich('purchaser.pickupCode.bring.what', {
                  strong: (chunks: ReactNode[]) => <strong>{chunks}</strong>,
                })}
              </p>
              <p>{t('purchaser.pickupCode.bring.keep')}</p>
              {order.pickupPointId && <PickupPointSummary code={order.pickupPointId} />}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function RegistrationStatus(props: {
  state: 'unregistered' | 'registered' | 'taken';
  error: unknown;
  retrying: boolean;
  retry: () => void;
}) {
  const t = useT();
  if (props.state === 'registered')
    return (
      <p className="pickup-registered" role="status">
        {t('purchaser.pickupCode.registered')}
      </p>
    );
  if (props.state === 'taken')
    return (
      <Notice tone="warning" title={t('purchaser.pickupCode.taken.title')}>
        <p>{t('purchaser.pickupCode.taken.body')}</p>
      </Notice>
    );
  if (props.error) {
    const unreachable =
      !(props.error instanceof ApiError) || props.error.status === 0 || props.error.status >= 500;
    return (
      <Notice tone="warning" title={t('purchaser.pickupCode.unregistered.title')}>
        <p>
          {unreachable
            ? t('purchaser.pickupCode.unregistered.unreachable')
            : t('purchaser.pickupCode.unregistered.refused', { reason: (props.error as ApiError).message })}
        </p>
        <p>
          <Button onClick={props.retry} busy={props.retrying}>
            {t('purchaser.pickupCode.unregistered.retry')}
          </Button>
        </p>
      </Notice>
    );
  }
  return (
    <p className="pickup-registering" role="status">
      {t('purchaser.pickupCode.registering')}
    </p>
  );
}

/** Where to collect: the pickup point's name, address and hours as delivery lists them, or its code. */
export function PickupPointSummary(props: { code: string }) {
  const config = useTerminalConfig();
  const t = useT();
  const deliveryUrl = config.data?.deliveryUrl;
  const point = useQuery({
    queryKey: ['pickup-point', deliveryUrl, props.code],
    queryFn: ({ signal }) => getPickupPoint(deliveryUrl as string, props.code, signal),
    enabled: Boolean(deliveryUrl),
    staleTime: 5 * 60_000,
  });
  return (
    <div className="pickup-where">
      <h3>{t('purchaser.pickupCode.where')}</h3>
      <p>
        {point.data && (
          <strong>
            <PlaceName point={point.data} />
          </strong>
        )}{' '}
        <span className="mono">{props.code}</span>
      </p>
      {point.data && (
        <p className="muted">
          {t.rich('purchaser.pickupCode.whereFacts', {
            address: <PlaceAddress point={point.data} />,
            hours: point.data.openingHours,
            days: point.data.retentionDays,
          })}
        </p>
      )}
    </div>
  );
}
