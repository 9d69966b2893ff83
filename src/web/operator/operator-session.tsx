import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { ApiError, api, type CallOptions } from '../app/api.ts';
import { useSessionKey } from '../app/session.ts';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import { SignInPage } from './sign-in-page.tsx';

/** The signed-in operator: calls that carry the key, and the way out. */
export interface OperatorSession {
  call<T>(method: string, path: string, options?: Omit<CallOptions, 'token'>): Promise<T>;
  signOut(): void;
}

/** Every query the operator key reads starts with this, so that signing out forgets all of it. */
export const OPERATOR_QUERY = 'operator';

const OperatorContext = createContext<OperatorSession | null>(null);

export function useOperator(): OperatorSession {
  const session = useContext(OperatorContext);
  if (!session) throw new Error('useOperator outside the signed-in operator terminal');
  return session;
}

/**
 * Shows the sign-in page until there is an operator key in this tab, then the terminal. A key
 * refused later (revoked on the host) signs the operator out and says why.
 */
export function OperatorGate(props: { children: ReactNode }) {
  const { key, signIn, signOut } = useSessionKey('operator');
  const queries = useQueryClient();
  const t = useT();
  // Kept as a message ID, so the reason follows a change of language.
  const [endedBecause, setEndedBecause] = useState<MessageId | null>(null);

  const session = useMemo<OperatorSession | null>(() => {
    if (!key) return null;
    const end = (reason: MessageId | null) => {
      signOut();
      queries.removeQueries({ queryKey: [OPERATOR_QUERY] });
      setEndedBecause(reason);
    };
    return {
      call: <T,>(method: string, path: string, options?: Omit<CallOptions, 'token'>) =>
        api<T>(method, path, { ...options, token: key }).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) end('operator.session.keyRefused');
          throw error;
        }),
      signOut: () => end(null),
    };
  }, [key, signOut, queries]);

  if (!session) {
    return (
      <SignInPage
        endedBecause={endedBecause && t(endedBecause)}
        onSignedIn={(verified) => {
          setEndedBecause(null);
          signIn(verified);
        }}
      />
    );
  }
  return <OperatorContext.Provider value={session}>{props.children}</OperatorContext.Provider>;
}
