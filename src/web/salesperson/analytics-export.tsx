import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { saveBlob } from '../app/download.ts';
import { KindOptions } from '../app/shown-text.tsx';
import { Button, Field, ProblemNotice } from '../app/ui.tsx';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import { type ExportFormat, type ExportStore, fetchExport } from './analytics-api.ts';
import { lastClosedRange, utcToday } from './analytics-periods.ts';
import { useSeller } from './seller-session.tsx';
import type { Kind } from './types.ts';

const STORES: Record<ExportStore, { label: MessageId; hint: MessageId }> = {
  sales: { label: 'salesperson.export.sales', hint: 'salesperson.export.salesHint' },
  preferences: { label: 'salesperson.export.preferences', hint: 'salesperson.export.preferencesHint' },
};

/**
 * Direct transmission of the stores' rows, as the market keeps them. Unlike the analyses these
 * are not noised: the panel says so before the seller downloads anything.
 */
export function ExportPanel(props: { kinds: Kind[] | undefined }) {
  const { key } = useSeller();
  const t = useT();
  const [store, setStore] = useState<ExportStore>('sales');
  const [kind, setKind] = useState('');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [range, setRange] = useState(() => lastClosedRange('day', utcToday(new Date())));
  const [said, setSaid] = useState('');
  const download = useMutation({
    mutationFn: () => fetchExport(key, store, { kind, ...range, format }),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename);
      setSaid(t('salesperson.savedAs', { filename }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaid('');
    download.mutate();
  };
  return (
    <section className="panel export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('salesperson.export.title')}</h2>
      <p className="muted">{t('salesperson.export.intro')}</p>
      <form className="export-form" onSubmit={submit}>
        <div className="grid">
          <Field label={t('salesperson.export.rows')} hint={t(STORES[store].hint)}>
            {(control) => (
              <select {...control} value={store} onChange={(e) => setStore(e.target.value as ExportStore)}>
                {(Object.keys(STORES) as ExportStore[]).map((s) => (
                  <option key={s} value={s}>
                    {t(STORES[s].label)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('salesperson.export.kind')}>
            {(control) => (
              <select {...control} required value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="">{t('salesperson.export.chooseKind')}</option>
                <KindOptions kinds={props.kinds ?? []} />
              </select>
            )}
          </Field>
          <Field label={t('salesperson.export.from')} hint={t('salesperson.export.fromHint')}>
            {(control) => (
              <input
                {...control}
                type="date"
                required
                value={range.from}
                onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
              />
            )}
          </Field>
          <Field label={t('salesperson.export.to')} hint={t('salesperson.export.toHint')}>
            {(control) => (
              <input
                {...control}
                type="date"
                required
                value={range.to}
                onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
              />
            )}
          </Field>
          <Field label={t('salesperson.export.format')}>
            {(control) => (
              <select {...control} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
                <option value="csv">CSV</option>
                <option value="json">JSON</option>
              </select>
            )}
          </Field>
        </div>
        <Button type="submit" busy={download.isPending}>
          {t('salesperson.export.download')}
        </Button>
        <p className="hint" role="status">
          {said}
        </p>
      </form>
      <ProblemNotice error={download.error} title={t('salesperson.export.failed')} />
    </section>
  );
}
