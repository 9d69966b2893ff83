import { type ReactNode, Suspense } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { LanguageSwitch, useT } from '../i18n/i18n.tsx';
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
  const t = useT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <Link
          href={service === 'market' ? '/' : (shown[0]?.path ?? '/')}
          className="brand"
          aria-label={t('app.homeLink')}
        >
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tokumei
        </Link>
        <nav aria-label={t('app.terminalsNav')}>
          <ul>
            {shown.map((terminal) => (
              <li key={terminal.path}>
                <Link
                  href={terminal.path}
                  aria-current={
                    location === terminal.path || location.startsWith(`${terminal.path}/`)
                      ? 'page'
                      : undefined
                  }
                >
                  {t(terminal.title)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading label={t('app.loadingTerminal')} />}>
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
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}

function Home() {
  // The pickup counter is delivery's, on delivery's address: a plain link leaves the market.
  const deliveryUrl = useTerminalConfig().data?.deliveryUrl;
  const t = useT();
  return (
    <Page title="Tokumei" intro={t('app.home.intro')}>
      <ul className="cards">
        {TERMINALS.map((terminal) => (
          <li key={terminal.path} className="card">
            <h2>
              {terminal.service === 'market' ? (
                <Link href={terminal.path}>{t(terminal.title)}</Link>
              ) : deliveryUrl ? (
                <a href={`${deliveryUrl}${terminal.path}`} rel="noreferrer">
                  {t(terminal.title)}
                </a>
              ) : (
                t(terminal.title)
              )}
            </h2>
            <p className="muted">{t(terminal.audience)}</p>
            <p>{t(terminal.description)}</p>
            {terminal.service === 'delivery' && <p className="hint">{t('app.home.deliveryHint')}</p>}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function NotFound() {
  const t = useT();
  return (
    <NotFoundPage intro={t('app.notFound.intro')} href="/">
      {t('app.notFound.back')}
    </NotFoundPage>
  );
}

/** The page for an address nothing is served at, with a link to a page that is. */
export function NotFoundPage(props: { intro: string; href: string; children: ReactNode }) {
  const t = useT();
  return (
    <Page title={t('app.notFound.title')} intro={props.intro}>
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
