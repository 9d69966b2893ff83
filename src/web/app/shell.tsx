import { type ReactNode, Suspense } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { serviceAt, TERMINALS } from '../terminals.tsx';
import { useTerminalConfig } from './terminal-config.ts';
import { Loading, Page } from './ui.tsx';

/**
 * The frame every terminal shares: skip link, brand, terminal switcher, privacy footer. The
 * switcher offers the terminals of the service that served the page: the market's, or
 * delivery's pickup counter, which answer each their own API calls.
 */
export function Shell() {
  const [location] = useLocation();
  const service = serviceAt(location);
  const shown = TERMINALS.filter((t) => t.service === service);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link
          href={service === 'market' ? '/' : (shown[0]?.path ?? '/')}
          className="brand"
          aria-label="Tokumei home"
        >
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tokumei
        </Link>
        <nav aria-label="Terminals">
          <ul>
            {shown.map((t) => (
              <li key={t.path}>
                <Link
                  href={t.path}
                  aria-current={location === t.path || location.startsWith(`${t.path}/`) ? 'page' : undefined}
                >
                  {t.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading label="Loading the terminal" />}>
          <Switch>
            <Route path="/" component={Home} />
            {TERMINALS.map((t) => (
              <Route key={t.path} path={t.path} nest component={t.component} />
            ))}
            <Route component={NotFound} />
          </Switch>
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          Tokumei never asks purchasers who they are. Sellers see what was sold, never who bought it; payment
          and pickup happen without a name.
        </p>
      </footer>
    </>
  );
}

function Home() {
  // The pickup counter is delivery's, on delivery's address: a plain link leaves the market.
  const deliveryUrl = useTerminalConfig().data?.deliveryUrl;
  return (
    <Page title="Tokumei" intro="A marketplace where buying does not mean being known.">
      <ul className="cards">
        {TERMINALS.map((t) => (
          <li key={t.path} className="card">
            <h2>
              {t.service === 'market' ? (
                <Link href={t.path}>{t.title}</Link>
              ) : deliveryUrl ? (
                <a href={`${deliveryUrl}${t.path}`} rel="noreferrer">
                  {t.title}
                </a>
              ) : (
                t.title
              )}
            </h2>
            <p className="muted">{t.audience}</p>
            <p>{t.description}</p>
            {t.service === 'delivery' && (
              <p className="hint">Served by the delivery service, at its own address.</p>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function NotFound() {
  return (
    <NotFoundPage intro="There is no page at this address." href="/">
      Back to the start
    </NotFoundPage>
  );
}

/** The page for an address nothing is served at, with a link to a page that is. */
export function NotFoundPage(props: { intro: string; href: string; children: ReactNode }) {
  return (
    <Page title="Page not found" intro={props.intro}>
      <Link href={props.href}>{props.children}</Link>
    </Page>
  );
}

/** A terminal's own navigation between its pages (paths relative to the terminal). */
export function TerminalNav(props: { label: string; links: { href: string; text: string }[] }) {
  const [location] = useLocation();
  return (
    <nav className="terminal-nav" aria-label={props.label}>
      <ul>
        {props.links.map((l) => (
          <li key={l.href}>
            <Link href={l.href} aria-current={current(location, l.href) ? 'page' : undefined}>
              {l.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A link is current on its own page and, unless it is the terminal's root, on the pages below it. */
const current = (location: string, href: string) =>
  location === href || (href !== '/' && location.startsWith(`${href}/`));
