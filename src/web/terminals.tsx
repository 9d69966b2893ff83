import { type ComponentType, lazy } from 'react';
import type { MessageId } from './i18n/i18n.tsx';

/**
 * The terminals, one folder each. A terminal is a component with its own nested routes (wouter
 * `nest`), so adding a page touches only its folder; adding a terminal adds a line here and its
 * path to the serving service's pages (the market's MARKET_TERMINAL_PAGES, or delivery's /clerk).
 * One bundle serves them all; the shell shows the terminals of the service a page came from.
 */
export interface Terminal {
  path: string;
  /** Messages in the app catalogue, shown in the chosen language. */
  title: MessageId;
  audience: MessageId;
  description: MessageId;
  /** Which service serves it, and so answers its same-origin API calls. */
  service: 'market' | 'delivery';
  component: ComponentType;
}

export const TERMINALS: Terminal[] = [
  {
    path: '/buy',
    title: 'app.terminals.buy.title',
    audience: 'app.terminals.buy.audience',
    description: 'app.terminals.buy.description',
    service: 'market',
    component: lazy(() => import('./purchaser/terminal.tsx')),
  },
  {
    path: '/sell',
    title: 'app.terminals.sell.title',
    audience: 'app.terminals.sell.audience',
    description: 'app.terminals.sell.description',
    service: 'market',
    component: lazy(() => import('./salesperson/terminal.tsx')),
  },
  {
    path: '/operate',
    title: 'app.terminals.operate.title',
    audience: 'app.terminals.operate.audience',
    description: 'app.terminals.operate.description',
    service: 'market',
    component: lazy(() => import('./operator/terminal.tsx')),
  },
  {
    path: '/clerk',
    title: 'app.terminals.clerk.title',
    audience: 'app.terminals.clerk.audience',
    description: 'app.terminals.clerk.description',
    service: 'delivery',
    component: lazy(() => import('./clerk/terminal.tsx')),
  },
  {
    // Delivery's operator pages: its operator key goes to delivery's own origin only.
    path: '/points',
    title: 'app.terminals.points.title',
    audience: 'app.terminals.points.audience',
    description: 'app.terminals.points.description',
    service: 'delivery',
    component: lazy(() => import('./operator/pickup-points/terminal.tsx')),
  },
];

/** The service that served this page: the one whose terminal's path the address is under. */
export function serviceAt(location: string): Terminal['service'] {
  const terminal = TERMINALS.find((t) => location === t.path || location.startsWith(`${t.path}/`));
  return terminal?.service ?? 'market';
}
