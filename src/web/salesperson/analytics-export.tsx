import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { saveBlob } from '../app/download.ts';
import { Button, Field, ProblemNotice } from '../app/ui.tsx';
import { type ExportFormat, type ExportStore, fetchExport } from './analytics-api.ts';
import { lastClosedRange, utcToday } from './analytics-periods.ts';
import { useSeller } from './seller-session.tsx';
import type { Kind } from './types.ts';

const STORES: Record<ExportStore, { label: string; hint: string }> = {
  sales: {
    label: 'Sales',
    hint: 'Each sale: its day, the commodity, quantity and unit price; the seller only on your own.',
  },
  preferences: {
    label: 'Purchase requests',
    hint: 'Each request: its day, the conditions asked (no typed text) and what came of it.',
  },
};

/**
 * Direct transmission of the stores' rows, as the market keeps them. Unlike the analyses these
 * are not noised: the panel says so before the seller downloads anything.
 */
export function ExportPanel(props: { kinds: Kind[] | undefined }) {
  const { key } = useSeller();
  const [store, setStore] = useState<ExportStore>('sales');
  const [kind, setKind] = useState('');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [range, setRange] = useState(() => lastClosedRange('day', utcToday(new Date())));
  const [said, setSaid] = useState('');
  const download = useMutation({
    mutationFn: () => fetchExport(key, store, { kind, ...range, format }),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename);
      setSaid(`Saved as ${filename}.`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaid('');
    download.mutate();
  };
  return (
    <section className="panel export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export rows</h2>
      <p className="muted">
        The rows themselves, one per sale or purchase request, for your own tools. They carry the day only,
        never a time, an order or a purchaser, so no row points to anyone; but unlike the analyses they have
        no noise added. The operator may turn exports off.
      </p>
      <form className="export-form" onSubmit={submit}>
        <div className="grid">
          <Field label="Rows" hint={STORES[store].hint}>
            {(control) => (
              <select {...control} value={store} onChange={(e) => setStore(e.target.value as ExportStore)}>
                {(Object.keys(STORES) as ExportStore[]).map((s) => (
                  <option key={s} value={s}>
                    {STORES[s].label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Kind">
            {(control) => (
              <select {...control} required value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="">Choose a kind</option>
                {(props.kinds ?? []).map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="From" hint="A UTC day.">
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
          <Field label="To" hint="A UTC day that has ended.">
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
          <Field label="Format">
            {(control) => (
              <select {...control} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
                <option value="csv">CSV</option>
                <option value="json">JSON</option>
              </select>
            )}
          </Field>
        </div>
        <Button type="submit" busy={download.isPending}>
          Download rows
        </Button>
        <p className="hint" role="status">
          {said}
        </p>
      </form>
      <ProblemNotice error={download.error} title="The rows could not be exported" />
    </section>
  );
}
