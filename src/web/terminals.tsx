import { type ComponentType, lazy } from 'react';

/**
 * The terminals the market serves, one folder each. A terminal is a component with its own
 * nested routes (wouter `nest`), so adding a page touches only its folder; adding a terminal adds
 * a line here and its path to MARKET_TERMINAL_PAGES on the server.
 */
export interface Terminal {
  path: string;
  title: string;
  audience: string;
  description: string;
  component: ComponentType;
}

export const TERMINALS: Terminal[] = [
  {
    path: '/buy',
    title: 'Buy',
    audience: 'Purchasers',
    description:
      'Describe what you need, pick an offer and buy it. No account, no name, no address: you keep an order ID and a secret.',
    component: lazy(() => import('./purchaser/terminal')),
  },
  {
    path: '/sell',
    title: 'Sell',
    audience: 'Salespeople',
    description:
      'Register commodities, keep prices and stock current, import a catalogue, and see orders arrive live.',
    component: lazy(() => import('./salesperson/terminal')),
  },
  {
    path: '/operate',
    title: 'Operate',
    audience: 'Operators',
    description: 'Define kinds and their attributes, look after sellers, and watch the services.',
    component: lazy(() => import('./operator/terminal')),
  },
];
