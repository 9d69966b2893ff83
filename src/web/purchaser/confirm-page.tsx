import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../app/api.ts';
import { newAttemptKey, outcomeUnknown } from '../app/attempt-key.ts';
import { focusElement } from '../app/focus.ts';
import { formatMoney } from '../app/money.ts';
import { useMarketCurrency } from '../app/terminal-config.ts';
import { Button, Field, Notice, Page } from '../app/ui.tsx';
import { activeLocale, useT } from '../i18n/i18n.tsx';
import { Specs } from './attribute-format.tsx';
import { keepOrder } from './kept-orders.ts';
import { getKind, type Order, placeOrder, type RetrievedItem, type Selection } from './market-api.ts';
import { PurchaseProblem } from './purchase-problem.tsx';
import { searchAfresh } from './search-results.ts';
import { confirmHref, shownItem, shownSearch } from './shown-items.ts';
import type { Translate } from './translate.ts';

/** The market refuses larger quantities in one order. */
const MAX_QUANTITY = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * B3: the selection, addressed by the search page's ID and the commodity and seller IDs
 * (`/confirm?search=…&commodity=…&seller=…`), the quantity, and the purchase. The market checks
 * the selection against what the search page showed (B4); a link whose item it did not show is
 * answered with the items it did, to choose again (B10).
 */
export function ConfirmPage() {
  const search = useSearch();
  const t = useT();
  const params = new URLSearchParams(search);
  const selection = {
    searchId: params.get('search') ?? '',
    commodityId: params.get('commodity') ?? '',
    sellerId: params.get('seller') ?? '',
  };
  // The search ID is the market's signed token of what the page showed (base64url); the others are UUIDs.
  const wellFormed =
    /^[\w-]+$/.test(selection.searchId) && UUID.test(selection.commodityId) && UUID.test(selection.sellerId);
  return (
    <Page title={t('purchaser.confirm.title')} intro={t('purchaser.confirm.intro')}>
      {wellFormed ? (
        // Choosing another item opens another address; start that one afresh.
        <Confirm key={search} {...selection} initialQuantity={params.get('quantity') ?? '1'} />
      ) : (
        <Notice tone="error" title={t('purchaser.confirm.badLink.title')}>
          <p>
            {t.rich('purchaser.confirm.badLink.body', {
              link: (chunks: ReactNode[]) => <Link href="/">{chunks}</Link>,
            })}
          </p>
        </Notice>
      )}
    </Page>
  );
}

function Confirm(props: Omit<Selection, 'quantity'> & { initialQuantity: string }) {
  const { searchId } = props;
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const t = useT();
  const item = shownItem(searchId, props);
  const marketCurrency = useMarketCurrency();
  const origin = shownSearch(searchId)?.query;
  const [quantityText, setQuantityText] = useState(props.initialQuantity);
  const [quantityError, setQuantityError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const quantityInput = useRef<HTMLInputElement>(null);
  const problemBox = useRef<HTMLDivElement>(null);
  const inFlight = useRef(false);
  // One Idempotency-Key per purchase attempt: a retry of the same attempt reuses it, so that a
  // double click or a retry after a lost answer places one order, never two.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const max = Math.min(item?.available ?? MAX_QUANTITY, MAX_QUANTITY);
  const quantity = readQuantity(quantityText, max, t);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    if (typeof quantity === 'string') {
      setQuantityError(quantity);
      focusElement(quantityInput.current);
      return;
    }
    const selection: Selection = { ...props, quantity };
    const body = JSON.stringify(selection);
    if (attempt.current?.body !== body) attempt.current = { body, key: newAttemptKey() };
    inFlight.current = true;
    setSending(true);
    setFailure(null);
    try {
      const { orderSecret, ...order } = await placeOrder(selection, attempt.current.key);
      attempt.current = null;
      keepOrder({ orderId: order.orderId, secret: orderSecret, name: order.commodity.name });
      queries.setQueryData<Order>(['order', order.orderId], order);
      navigate(`/receipt/${order.orderId}`);
    } catch (error) {
      // An answer ends the attempt (the market would replay it); an unknown outcome keeps its key.
      if (!(error instanceof ApiError && outcomeUnknown(error.status))) attempt.current = null;
      setFailure(error);
      requestAnimationFrame(() => focusElement(problemBox.current));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  const searchAgain = () => {
    if (!origin) return navigate('/');
    searchAfresh(queries, origin);
    navigate(origin);
  };

  return (
    <form className="confirm" onSubmit={confirm} noValidate>
      {item ? (
        <ItemSummary item={item} kindId={origin ? new URLSearchParams(origin).get('kind') : null} />
      ) : (
        <Notice tone="info" title={t('purchaser.confirm.unshown.title')}>
          <p>{t('purchaser.confirm.unshown.body')}</p>
        </Notice>
      )}
      <div className="panel">
        <Field
          label={t('purchaser.confirm.quantity')}
          hint={
            item
              ? t('purchaser.confirm.inStock', { count: item.available })
              : t('purchaser.confirm.quantityRange', { max: MAX_QUANTITY.toLocaleString(activeLocale()) })
          }
          error={quantityError}
        >
          {(control) => (
            <input
              {...control}
              ref={quantityInput}
              className="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={max}
              step={1}
              value={quantityText}
              onChange={(e) => {
                setQuantityText(e.target.value);
                setQuantityError(null);
              }}
            />
          )}
        </Field>
        {item && typeof quantity === 'number' && (
          <p className="total">
            {t.rich('purchaser.confirm.total', {
              amount: formatMoney(item.unitPrice * quantity, item.currency),
              strong: (chunks: ReactNode[]) => <strong>{chunks}</strong>,
            })}
          </p>
        )}
        <p className="muted">{t('purchaser.confirm.afterwards')}</p>
        <div className="row">
          <Button type="submit" variant="primary" busy={sending}>
            {t('purchaser.confirm.submit')}
          </Button>
          {origin && <Link href={origin}>{t('purchaser.confirm.backToResults')}</Link>}
        </div>
      </div>
      <div ref={problemBox} tabIndex={-1} className="purchase-problem">
        {failure !== null && (
          <PurchaseProblem
            error={failure}
            searchId={searchId}
            currency={item?.currency ?? marketCurrency}
            searchAgain={searchAgain}
            setQuantity={(n) => {
              setQuantityText(String(n));
              setFailure(null);
              focusElement(quantityInput.current);
            }}
            choose={(choice) => {
              navigate(confirmHref(searchId, choice, typeof quantity === 'number' ? quantity : 1));
              // The same page for another item: start at that item's name.
              requestAnimationFrame(() =>
                focusElement(
                  document.querySelector<HTMLElement>('.confirm-item h2') ??
                    document.getElementById('page-title'),
                ),
              );
            }}
          />
        )}
      </div>
    </form>
  );
}

/** The quantity typed, or what is wrong with it. */
function readQuantity(text: string, max: number, t: Translate): number | string {
  const n = Number(text.trim());
  if (!text.trim() || !Number.isInteger(n)) return t('purchaser.confirm.error.notWhole');
  if (n < 1) return t('purchaser.confirm.error.tooFew');
  if (n > max)
    return max < MAX_QUANTITY
      ? t('purchaser.confirm.error.stock', { max })
      : t('purchaser.confirm.error.perOrder', { max });
  return n;
}

/** The chosen item as the results showed it, with its kind's labels and units. */
function ItemSummary(props: { item: RetrievedItem; kindId: string | null }) {
  const { item } = props;
  const t = useT();
  const kind = useQuery({
    queryKey: ['kind', props.kindId],
    queryFn: ({ signal }) => getKind(props.kindId as string, signal),
    enabled: Boolean(props.kindId),
  });
  return (
    <div className="panel confirm-item">
      <h2>{item.name}</h2>
      <p className="muted">{t('purchaser.item.model', { model: item.model })}</p>
      <p>
        {t.rich('purchaser.item.soldBy', {
          seller: item.sellerName,
          strong: (chunks: ReactNode[]) => <strong>{chunks}</strong>,
        })}
      </p>
      <p className="price">
        {t.rich('purchaser.item.each', {
          price: formatMoney(item.unitPrice, item.currency),
          muted: (chunks: ReactNode[]) => <span className="muted">{chunks}</span>,
        })}
      </p>
      {kind.data && <Specs kind={kind.data} item={item} />}
    </div>
  );
}
