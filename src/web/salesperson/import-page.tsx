import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { Label } from '../app/shown-text.tsx';
import { Button, Field, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { IMPORT_ACCEPT, type ImportResult, importContentType, importFile } from './import-stream.ts';
import { OFFERS_QUERY } from './offer-cache.ts';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind } from './types.ts';

/** Bad rows shown on the page; a longer report is there to download whole. */
const SHOWN_ERRORS = 500;

/** A1–A2 in bulk: a CSV, JSON or NDJSON file, with live progress and a report of the rows not loaded. */
export function ImportPage() {
  const { key } = useSeller();
  const t = useT();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [atomic, setAtomic] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ processed: number; total: number } | null>(null);
  const atomicHint = useId();
  const fileInput = useRef<HTMLInputElement | null>(null);

  const run = useMutation({
    mutationFn: (args: { file: File; contentType: string; atomic: boolean }) =>
      importFile({
        ...args,
        token: key,
        t,
        onProgress: (processed, total) => setProgress({ processed, total }),
      }),
    onSettled: () => queries.invalidateQueries({ queryKey: OFFERS_QUERY }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const contentType = file && importContentType(file);
    const problem = !file
      ? t('salesperson.import.fileMissing')
      : !contentType
        ? t('salesperson.import.fileType')
        : null;
    setFileError(problem);
    if (!file || !contentType) {
      fileInput.current?.focus();
      return;
    }
    setProgress({ processed: 0, total: 0 });
    run.mutate({ file, contentType, atomic });
  };

  return (
    <Page title={t('salesperson.import.title')} intro={t('salesperson.import.intro')}>
      <form className="panel" noValidate onSubmit={submit}>
        <Field label={t('salesperson.import.file')} hint={t('salesperson.import.fileHint')} error={fileError}>
          {(control) => (
            <input
              {...control}
              ref={fileInput}
              type="file"
              accept={IMPORT_ACCEPT}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setFileError(null);
              }}
            />
          )}
        </Field>
        <div className="field checkbox-field">
          <input
            id={`${atomicHint}-box`}
            type="checkbox"
            checked={atomic}
            aria-describedby={atomicHint}
            onChange={(e) => setAtomic(e.target.checked)}
          />
          <label htmlFor={`${atomicHint}-box`}>{t('salesperson.import.atomic')}</label>
          <p className="hint" id={atomicHint}>
            {t('salesperson.import.atomicHint')}
          </p>
        </div>
        <Button type="submit" variant="primary" busy={run.isPending}>
          {t('salesperson.import.submit')}
        </Button>
      </form>

      {progress && <ImportProgress {...progress} complete={Boolean(run.data)} />}
      <ProblemNotice error={run.error} title={t('salesperson.import.failed')} />
      {run.data && <ImportReport result={run.data} />}
      <FormatHelp />
    </Page>
  );
}

function ImportProgress(props: { processed: number; total: number; complete: boolean }) {
  const id = useId();
  const t = useT();
  const max = Math.max(props.total, 1);
  // Before the first line the size is unknown: an indeterminate bar says "working".
  const value = props.complete ? max : props.total ? props.processed : undefined;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('salesperson.import.progress')}</h2>
      <label htmlFor={id} className="visually-hidden">
        {t('salesperson.import.rowsProcessed')}
      </label>
      <progress id={id} max={max} value={value} />
      <p className="muted">
        {props.total
          ? t('salesperson.import.processedOf', { processed: props.processed, total: props.total })
          : t('salesperson.import.sending')}
      </p>
    </section>
  );
}

function ImportReport(props: { result: ImportResult }) {
  const { result } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => heading.current?.focus(), []);
  const title = !result.committed
    ? t('salesperson.import.report.nothingLoaded', { failed: result.failed })
    : result.failed
      ? t('salesperson.import.report.someLoaded', { loaded: result.loaded, failed: result.failed })
      : t('salesperson.import.report.allLoaded', { loaded: result.loaded });
  const download = useMemo(() => {
    const csv = ['line,reason', ...result.errors.map((e) => `${e.line},"${e.reason.replaceAll('"', '""')}"`)];
    return URL.createObjectURL(new Blob([`${csv.join('\n')}\n`], { type: 'text/csv' }));
  }, [result]);
  useEffect(() => () => URL.revokeObjectURL(download), [download]);

  return (
    <section className="panel" aria-labelledby="import-report-heading">
      <h2 id="import-report-heading" ref={heading} tabIndex={-1}>
        {t('salesperson.import.report.title')}
      </h2>
      <Notice tone={!result.committed ? 'error' : result.failed ? 'warning' : 'success'} title={title}>
        {result.committed ? (
          <p>
            {t.rich('salesperson.import.report.committed', {
              created: result.created,
              updated: result.updated,
              link: (chunks) => <Link href="/offers">{chunks}</Link>,
            })}
          </p>
        ) : (
          <p>{t('salesperson.import.report.atomicRefused')}</p>
        )}
      </Notice>
      {result.errors.length > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('salesperson.import.report.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    {t('salesperson.import.report.line')}
                  </th>
                  <th scope="col">{t('salesperson.import.report.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line may carry more than one problem
                  <tr key={`${e.line}-${i}`}>
                    <td className="number">{e.line}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="report-more">
            {result.errors.length > SHOWN_ERRORS &&
              `${t('salesperson.import.report.firstShown', { count: SHOWN_ERRORS })} `}
            <a href={download} download="import-report.csv">
              {t('salesperson.import.report.download', { count: result.errors.length })}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/** What the importer reads, with a header row to start from for each kind. */
function FormatHelp() {
  const t = useT();
  const kinds = useQuery({
    queryKey: [SELL_QUERY, 'kinds'],
    queryFn: () => api<{ kinds: Kind[] }>('GET', '/kinds'),
  });
  const header = (kind: Kind) =>
    ['kind', 'model', 'name', 'price', 'currency', 'stock', ...kind.attributes.map((a) => a.name)].join(',');
  return (
    <section className="panel" aria-labelledby="format-heading">
      <h2 id="format-heading">{t('salesperson.import.format.title')}</h2>
      <p>
        {t.rich('salesperson.import.format.shapes', {
          shape: '{"kind", "model", "name", "attributes": {…}, "price", "currency", "stock"}',
          b: (chunks) => <strong>{chunks}</strong>,
          code: (chunks) => <code>{chunks}</code>,
        })}
      </p>
      <p>{t('salesperson.import.format.prices')}</p>
      {kinds.data && (
        <>
          <h3>{t('salesperson.import.format.templates')}</h3>
          <ul className="template-list">
            {kinds.data.kinds.map((kind) => (
              <li key={kind.id}>
                <a
                  href={`data:text/csv;charset=utf-8,${encodeURIComponent(`${header(kind)}\n`)}`}
                  download={`${kind.id}.csv`}
                >
                  {t.rich('salesperson.import.format.template', { name: <Label text={kind.names} /> })}
                </a>
                <code className="mono">{header(kind)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
