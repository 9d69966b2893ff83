import { createContext, useContext } from 'react';
import { ApiError } from '../app/api.ts';
import type { ClerkPickupPoint } from './clerk-api.ts';

/** The signed-in counter: its key, its pickup point, and how to leave. */
export interface ClerkSession {
  key: string;
  pickupPoint: ClerkPickupPoint;
  signOut(): void;
  /** Signs out when delivery refused the key (revoked); true when it did. */
  refusedKey(error: unknown): boolean;
}

const ClerkContext = createContext<ClerkSession | null>(null);

export const ClerkSessionProvider = ClerkContext.Provider;

export function useClerk(): ClerkSession {
  const session = useContext(ClerkContext);
  if (!session) throw new Error('useClerk outside the signed-in counter');
  return session;
}

/** Query keys of everything a clerk key reads, so that signing out forgets all of it. */
export const CLERK_QUERY = 'clerk';

export const keyRefused = (error: unknown) => error instanceof ApiError && error.status === 401;
