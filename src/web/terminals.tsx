import { type ComponentType, lazy } from 'react';

/**
 * The terminals, one folder each. A terminal is a component with its own nested routes (wouter
 * `nest`), so adding a page touches only its folder; adding a terminal adds a line here and its
 * path to the serving service's pages (the market's MARKET_TERMINAL_PAGES, or delivery's /clerk).
 * One bundle serves them all; the shell shows the terminals of the service a page came from.
 */
export interface Terminal {
  path: string;
  title: string;
  audience: string;
  description: string;
  /** Which service serves it, and so answers its same-origin API calls. */
  service: 'market' | 'delivery';
  component: ComponentType;
}

export const TERMINALS: Terminal[] = [
  {
    path: '/buy',
    title: 'Buy',
    audience: 'Purchasers',
    description:
      'Describe what you need, pick an offer and buy it. No account, no name, no address: you keep an order ID and a secret.',
    service: 'market',
    component: lazy(() => import('./purchaser/terminal.tsx')),
  },
  {
    path: '/sell',
    title: 'Sell',
    audience: 'Salespeople',
    description:
      'Register commodities, keep prices and stock current, import a catalogue, and see orders arrive live.',
    service: 'market',
    component: lazy(() => import('./salesperson/terminal.tsx')),
  },
  {
    path: '/operate',
    title: 'Operate',
    audience: 'Operators',
    description: 'Define kinds and their attributes, look after sellers, and watch the services.',
    service: 'market',
    component: lazy(() => import('./operator/terminal.tsx')),
  },
  {
    path: '/clerk',
    title: 'Pickup counter',
    audience: 'Pickup point clerks',
    description:
      'Take parcels in from sellers and the carrier, and hand them over to whoever shows the order ID and its pickup code.',
    service: 'delivery',
    component: lazy(() => import('./clerk/terminal.tsx')),
  },
];

/** The service that served this page: the one whose terminal's path the address is under. */
export function serviceAt(location: string): Terminal['service'] {
  const terminal = TERMINALS.find((t) => location === t.path || location.startsWith(`${t.path}/`));
  return terminal?.service ?? 'market';
}
