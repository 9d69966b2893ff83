import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { parseOrderId } from '../../protocol/order-id.ts';
import { parsePickupCode, parsePickupQr } from '../../protocol/pickup-code.ts';
import { ApiError } from '../app/api.ts';
import { Button, Field, Page } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { handOver } from './clerk-api.ts';
import { CLERK_QUERY, useClerk } from './clerk-session.tsx';
import { OrderIdGroups, type Outcome, OutcomeRegion } from './outcome.tsx';
import { refusalOf } from './refusal.ts';
import { ScanInput } from './scan-input.tsx';

interface Errors {
  orderId?: string;
  code?: string;
}

/**
 * B9: hand-over. One scan of the customer's QR code fills the order ID and the pickup code and
 * hands over at once; typed, the order ID comes first (Enter moves to the code), then the code.
 * Both are checked for typos here first (their check digits), so a slip of the finger costs the
 * customer none of the order's few attempts. The code is cleared after every try.
 */
export function HandOverPage() {
  const { key, refusedKey } = useClerk();
  const t = useT();
  const queries = useQueryClient();
  const [orderText, setOrderText] = useState('');
  const [codeText, setCodeText] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const orderInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  // The counter is ready to scan as soon as the page shows.
  useEffect(() => orderInput.current?.focus(), []);

  const give = useMutation({
    mutationFn: (attempt: { orderId: string; code: string }) => handOver(key, attempt.orderId, attempt.code),
    onSuccess: (parcel) => {
      setOutcome({
        tone: 'done',
        title: t.rich('clerk.handOver.done.title', { orderId: <OrderIdGroups orderId={parcel.orderId} /> }),
        detail: t('clerk.handOver.done.detail', { size: parcel.parcelSize }),
      });
      setOrderText('');
      void queries.invalidateQueries({ queryKey: [CLERK_QUERY, 'parcels'] });
      orderInput.current?.focus();
    },
    onError: (error) => {
      if (refusedKey(error)) return;
      const refusal = refusalOf(error, t);
      setOutcome({ tone: 'refused', title: refusal.title, detail: refusal.detail });
      // A wrong code is typed again; anything else starts from the order ID.
      if (error instanceof ApiError && error.code === 'wrong_code') codeInput.current?.focus();
      else orderInput.current?.select();
    },
  });

  /** A scanned QR code, in either field: both fields filled from it. */
  const scanned = (text: string): { orderId: string; code: string } | null => {
    const qr = parsePickupQr(text);
    if (!qr) return null;
    setOrderText(qr.orderId);
    setCodeText(qr.code);
    setErrors({});
    return qr;
  };

  const send = (attempt: { orderId: string; code: string }) => {
    setCodeText('');
    setOutcome(null);
    give.mutate(attempt);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (give.isPending) return;
    const qr = scanned(orderText) ?? scanned(codeText);
    if (qr) return send(qr);
    const orderId = parseOrderId(orderText);
    if (!orderId) {
      setErrors({
        orderId: orderText.trim() ? t('clerk.handOver.orderInvalid') : t('clerk.handOver.orderMissing'),
      });
      orderInput.current?.focus();
      return;
    }
    setOrderText(orderId);
    // Typed order ID, no code yet: Enter moves on to the code, as a scanner's Enter would.
    if (!codeText.trim()) {
      setErrors({});
      codeInput.current?.focus();
      return;
    }
    const code = parsePickupCode(codeText);
    if (!code) {
      setErrors({
        code: t('clerk.handOver.codeInvalid'),
      });
      codeInput.current?.focus();
      return;
    }
    setErrors({});
    send({ orderId, code });
  };

  return (
    <Page title={t('clerk.handOver.title')} intro={t('clerk.handOver.intro')}>
      <form className="panel counter-form" onSubmit={submit} noValidate aria-label={t('clerk.handOver.form')}>
        <Field
          label={t('clerk.handOver.orderLabel')}
          hint={t('clerk.handOver.orderHint')}
          error={errors.orderId}
        >
          {(control) => (
            <ScanInput
              {...control}
              ref={orderInput}
              enterKeyHint="next"
              value={orderText}
              onChange={(e) => {
                if (!scanned(e.target.value)) setOrderText(e.target.value);
                setErrors((old) => ({ ...old, orderId: undefined }));
              }}
            />
          )}
        </Field>
        <Field label={t('clerk.handOver.codeLabel')} hint={t('clerk.handOver.codeHint')} error={errors.code}>
          {(control) => (
            <ScanInput
              {...control}
              ref={codeInput}
              enterKeyHint="done"
              value={codeText}
              onChange={(e) => {
                if (!scanned(e.target.value)) setCodeText(e.target.value);
                setErrors((old) => ({ ...old, code: undefined }));
              }}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" className="counter-action" busy={give.isPending}>
          {t('clerk.handOver.submit')}
        </Button>
      </form>
      <OutcomeRegion outcome={outcome} />
    </Page>
  );
}
