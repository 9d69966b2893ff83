import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../app/api.ts';
import type { Kind } from './api-types.ts';
import { OPERATOR_QUERY, useOperator } from './operator-session.tsx';

export const kindsKey = [OPERATOR_QUERY, 'kinds'] as const;
export const kindKey = (id: string) => [OPERATOR_QUERY, 'kinds', id] as const;

export function useKinds() {
  const { call } = useOperator();
  return useQuery({
    queryKey: kindsKey,
    queryFn: ({ signal }) => call<{ kinds: Kind[] }>('GET', '/kinds', { signal }).then((r) => r.kinds),
  });
}

export function useKind(id: string) {
  const { call } = useOperator();
  return useQuery({
    queryKey: kindKey(id),
    queryFn: ({ signal }) => call<Kind>('GET', `/kinds/${encodeURIComponent(id)}`, { signal }),
    // A kind that is not there will not appear on a second try.
    retry: (failures, error) => !(error instanceof ApiError && error.status === 404) && failures < 1,
  });
}
