import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { ApiError, type Problem } from './api.ts';
import type { Translate } from './translate.ts';

/**
 * A page of a terminal: its heading, and the document title that screen readers announce. The
 * heading is the title unless `heading` gives its words with markup (text marked with its
 * language, which a document title cannot carry).
 */
export function Page(props: {
  title: string;
  heading?: ReactNode;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${props.title} · Tokumei`;
  }, [props.title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">{props.heading ?? props.title}</h1>
          {props.intro && <p className="intro">{props.intro}</p>}
        </div>
        {props.actions && <div className="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

/** A text box for a code or identifier, typed exactly: monospace, with no autocomplete or spelling marks. */
export function CodeInput(props: React.InputHTMLAttributes<HTMLInputElement>) {
  return <input className="mono" autoComplete="off" spellCheck={false} {...props} />;
}

/** What a control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled form field whose hint and error are tied to the control (aria-describedby), with the
 * error shown next to it.
 */
export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' has-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        'aria-describedby': describedBy,
        ...(props.error ? { 'aria-invalid': true as const } : {}),
      })}
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Button(
  props: React.ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: 'primary' | 'secondary' | 'danger' | 'link';
    busy?: boolean;
  },
) {
  const { variant = 'secondary', busy, children, disabled, className, ...rest } = props;
  return (
    <button
      type="button"
      {...rest}
      className={`button ${variant} ${className ?? ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** A message about the page as a whole; errors interrupt screen readers, the rest wait their turn. */
export function Notice(props: {
  tone: 'info' | 'success' | 'warning' | 'error';
  title?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className={`notice ${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.title && <p className="notice-title">{props.title}</p>}
      {props.children}
    </div>
  );
}

/**
 * A problem's title as the terminal shows it: the service's own words, except when no service
 * answered, which the page says itself, in its language.
 */
export function problemTitle(problem: Problem, t: Translate): string {
  if (problem.code !== 'network') return problem.title;
  return problem.service === 'delivery'
    ? t('app.problem.unreachable.delivery')
    : t('app.problem.unreachable.market');
}

/** An error from a call, said the way the service said it. */
export function ProblemNotice(props: { error: unknown; title?: string }) {
  const t = useT();
  if (!props.error) return null;
  const problem = props.error instanceof ApiError ? props.error.problem : null;
  const said = problem ? problemTitle(problem, t) : undefined;
  const title = props.title ?? said ?? t('app.problem.generic');
  // Under a title of the page's own, the service's title is the reason, when it gave no detail.
  const reason = problem?.detail ?? (said !== title ? said : undefined);
  return (
    <Notice tone="error" title={title}>
      {reason && <p>{reason}</p>}
      {!problem && <p>{String((props.error as Error).message ?? props.error)}</p>}
    </Notice>
  );
}

/** A placeholder with the shape of what is loading, so nothing jumps when it arrives. */
export function Loading(props: { label: string; rows?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">{props.label}</span>
      {Array.from({ length: props.rows ?? 3 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function Empty(props: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{props.title}</p>
      {props.children}
    </div>
  );
}

/** Copies a value to the clipboard and says so, or says to copy by hand where it cannot. */
export function CopyButton(props: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const t = useT();
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        // The clipboard needs a secure context (https or localhost); elsewhere it is missing.
        const copied = await (
          navigator.clipboard?.writeText(props.text).then(() => true) ?? Promise.resolve(false)
        ).catch(() => false);
        setState(copied ? 'copied' : 'failed');
        setTimeout(() => setState('idle'), 3000);
      }}
    >
      {state === 'copied' ? t('app.copy.copied') : state === 'failed' ? t('app.copy.byHand') : props.label}
      <span className="visually-hidden" aria-live="polite">
        {state === 'copied'
          ? ` ${t('app.copy.copiedAnnounce')}`
          : state === 'failed'
            ? ` ${t('app.copy.refusedAnnounce')}`
            : ''}
      </span>
    </Button>
  );
}

/**
 * A table's box, which scrolls where the table is wider than the page (on a phone): while it
 * scrolls it is a named region that takes focus, so the keyboard can scroll it too.
 */
export function TableScroll(props: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const check = () =>
      setScrolls(element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className={`table-wrap ${props.className ?? ''}`}
      {...(scrolls && { tabIndex: 0, role: 'region', 'aria-label': props.label })}
    >
      {props.children}
    </div>
  );
}
