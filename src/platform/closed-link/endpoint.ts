import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The closed link between the market and settlement (seed 004's second network, or dedicated
 * line): a Unix domain socket on one host, or TCP with mutual TLS on a private address.
 */
export type ClosedLinkEndpoint =
  | { kind: 'socket'; path: string }
  | { kind: 'tls'; host: string; port: number; tls: TlsMaterial };

/** Where the link is when nothing else is configured: a socket beside the services' data. */
export const DEFAULT_CLOSED_LINK_SOCKET = './data/closed-link/settlement.sock';

/** PEM texts: this side's certificate and key, and the private CA that signed both sides. */
export interface TlsMaterial {
  cert: string;
  key: string;
  ca: string;
}

/** SHA-256 fingerprints compare as lowercase hex without separators, however they were written. */
export const normalizeFingerprint = (fingerprint: string) => fingerprint.replaceAll(':', '').toLowerCase();

export const fingerprintList = z
  .string()
  .transform((text) => text.split(',').map((f) => normalizeFingerprint(f.trim())))
  .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/, 'each must be a SHA-256 fingerprint (64 hex digits)')));

/** `host:port` of a TCP address; IPv6 hosts in brackets. */
export const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'expected host:port')
  .transform((text) => {
    const at = text.lastIndexOf(':');
    return { host: text.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(text.slice(at + 1)) };
  });

/** Reads the three PEM files a TLS endpoint needs, naming the variable of a missing one. */
export function readTlsMaterial(files: Record<keyof TlsMaterial, { variable: string; path?: string }>) {
  const read = ({ variable, path }: { variable: string; path?: string }) => {
    if (!path) throw new Error(`${variable} must be set for the closed link over TLS`);
    return readFileSync(path, 'utf8');
  };
  return { cert: read(files.cert), key: read(files.key), ca: read(files.ca) };
}
