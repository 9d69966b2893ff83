import { createContext, useContext } from 'react';
import type { Seller } from './types.ts';

/** The signed-in seller, its key for API calls, and how to leave. */
export interface SellerSession {
  key: string;
  seller: Seller;
  signOut(): void;
}

const SellerContext = createContext<SellerSession | null>(null);

export const SellerSessionProvider = SellerContext.Provider;

/** The session of the pages behind sign-in; the terminal renders them only with one. */
export function useSeller(): SellerSession {
  const session = useContext(SellerContext);
  if (!session) throw new Error('useSeller outside the signed-in terminal');
  return session;
}

/** Query keys of everything a seller's key reads, so that signing out forgets all of it. */
export const SELL_QUERY = 'sell';
