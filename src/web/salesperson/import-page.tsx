import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../app/api.ts';
import { Button, Field, Notice, Page, ProblemNotice } from '../app/ui.tsx';
import { IMPORT_ACCEPT, type ImportResult, importContentType, importFile } from './import-stream.ts';
import { OFFERS_QUERY } from './offer-cache.ts';
import { SELL_QUERY, useSeller } from './seller-session.tsx';
import type { Kind } from './types.ts';

/** Bad rows shown on the page; a longer report is there to download whole. */
const SHOWN_ERRORS = 500;

/** A1–A2 in bulk: a CSV, JSON or NDJSON file, with live progress and a report of the rows not loaded. */
export function ImportPage() {
  const { key } = useSeller();
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
        onProgress: (processed, total) => setProgress({ processed, total }),
      }),
    onSettled: () => queries.invalidateQueries({ queryKey: OFFERS_QUERY }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const contentType = file && importContentType(file);
    const problem = !file
      ? 'Choose a file to import'
      : !contentType
        ? 'Choose a CSV, JSON or NDJSON file (.csv, .json, .ndjson)'
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
    <Page
      title="Import a catalogue"
      intro="Register many commodities at once from a file. Rows with a problem are listed by line so you can fix them."
    >
      <form className="panel" noValidate onSubmit={submit}>
        <Field
          label="Catalogue file"
          hint="CSV, JSON or NDJSON, up to 64 MB. See below how to write it."
          error={fileError}
        >
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
          <label htmlFor={`${atomicHint}-box`}>All or nothing</label>
          <p className="hint" id={atomicHint}>
            Load nothing unless every row is good. Without it the good rows load and the bad ones are listed.
          </p>
        </div>
        <Button type="submit" variant="primary" busy={run.isPending}>
          Import
        </Button>
      </form>

      {progress && <ImportProgress {...progress} complete={Boolean(run.data)} />}
      <ProblemNotice error={run.error} title="The file was not imported" />
      {run.data && <ImportReport result={run.data} />}
      <FormatHelp />
    </Page>
  );
}

function ImportProgress(props: { processed: number; total: number; complete: boolean }) {
  const id = useId();
  const max = Math.max(props.total, 1);
  // Before the first line the size is unknown: an indeterminate bar says "working".
  const value = props.complete ? max : props.total ? props.processed : undefined;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Progress</h2>
      <label htmlFor={id} className="visually-hidden">
        Rows processed
      </label>
      <progress id={id} max={max} value={value} />
      <p className="muted">
        {props.total ? `${props.processed} of ${props.total} rows processed` : 'Sending the file…'}
      </p>
    </section>
  );
}

function ImportReport(props: { result: ImportResult }) {
  const { result } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
  const title = !result.committed
    ? `Nothing was loaded: ${rows(result.failed)} with a problem`
    : result.failed
      ? `${rows(result.loaded)} loaded, ${rows(result.failed)} not loaded`
      : `All ${rows(result.loaded)} loaded`;
  const download = useMemo(() => {
    const csv = ['line,reason', ...result.errors.map((e) => `${e.line},"${e.reason.replaceAll('"', '""')}"`)];
    return URL.createObjectURL(new Blob([`${csv.join('\n')}\n`], { type: 'text/csv' }));
  }, [result]);
  useEffect(() => () => URL.revokeObjectURL(download), [download]);

  return (
    <section className="panel" aria-labelledby="import-report-heading">
      <h2 id="import-report-heading" ref={heading} tabIndex={-1}>
        Import report
      </h2>
      <Notice tone={!result.committed ? 'error' : result.failed ? 'warning' : 'success'} title={title}>
        {result.committed ? (
          <p>
            {result.created} new {result.created === 1 ? 'offer' : 'offers'}, {result.updated} updated.{' '}
            <Link href="/offers">See your offers</Link>
          </p>
        ) : (
          <p>
            With “All or nothing” one bad row keeps the whole file out. Fix the rows below and import again.
          </p>
        )}
      </Notice>
      {result.errors.length > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Rows not loaded</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    Line
                  </th>
                  <th scope="col">Reason</th>
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
            {result.errors.length > SHOWN_ERRORS && `The first ${SHOWN_ERRORS} are shown. `}
            <a href={download} download="import-report.csv">
              Download the report ({rows(result.errors.length)}, CSV)
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/** What the importer reads, with a header row to start from for each kind. */
function FormatHelp() {
  const kinds = useQuery({
    queryKey: [SELL_QUERY, 'kinds'],
    queryFn: () => api<{ kinds: Kind[] }>('GET', '/kinds'),
  });
  const header = (kind: Kind) =>
    ['kind', 'model', 'name', 'price', 'currency', 'stock', ...kind.attributes.map((a) => a.name)].join(',');
  return (
    <section className="panel" aria-labelledby="format-heading">
      <h2 id="format-heading">How to write the file</h2>
      <p>
        <strong>CSV</strong>: a header row with <code>kind, model, name, price, currency, stock</code> and one
        column per attribute of the kind; an empty cell leaves an optional attribute out.{' '}
        <strong>JSON</strong>: an array of objects shaped like a registration:{' '}
        <code>{'{"kind", "model", "name", "attributes": {…}, "price", "currency", "stock"}'}</code>.{' '}
        <strong>NDJSON</strong>: one such object per line.
      </p>
      <p>
        Prices are whole numbers of the currency's smallest unit: yen for JPY, cents for EUR (1999 is €19.99).
        A model you already offer has its price and stock updated.
      </p>
      {kinds.data && (
        <>
          <h3>Header rows by kind</h3>
          <ul className="template-list">
            {kinds.data.kinds.map((kind) => (
              <li key={kind.id}>
                <a
                  href={`data:text/csv;charset=utf-8,${encodeURIComponent(`${header(kind)}\n`)}`}
                  download={`${kind.id}.csv`}
                >
                  {kind.name} template
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
