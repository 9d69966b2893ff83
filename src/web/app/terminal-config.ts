import { useQuery } from '@tanstack/react-query';
import type { TerminalConfig } from '../../market/terminal-config-routes.ts';
import { api } from './api.ts';

export type { TerminalConfig } from '../../market/terminal-config-routes.ts';

/** The market's currency and delivery's address (GET /terminal-config), read once per page load. */
export function useTerminalConfig() {
  return useQuery({
    queryKey: ['terminal-config'],
    queryFn: ({ signal }) => api<TerminalConfig>('GET', '/terminal-config', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The market's currency (prices are typed and shown in it), once the configuration is read. */
export const useMarketCurrency = (): string | undefined => useTerminalConfig().data?.currency;
