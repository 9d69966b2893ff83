import { chmodSync, existsSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { HttpServer } from '../http/server.ts';
import { ensurePrivateDirectory } from '../private-files.ts';
import { type ClosedLinkEndpoint, normalizeFingerprint, type TlsMaterial } from './endpoint.ts';

/**
 * A server factory for Fastify on the TLS closed link: only clients with a certificate from the
 * private CA complete the handshake, and of those only the pinned ones may send a request.
 */
export function mutualTlsServerFactory(tls: TlsMaterial, allowedClients: string[]) {
  const pinned = new Set(allowedClients.map(normalizeFingerprint));
  const isPinned = (socket: TLSSocket) => {
    const fingerprint = socket.getPeerCertificate().fingerprint256;
    return Boolean(fingerprint) && pinned.has(normalizeFingerprint(fingerprint));
  };
  return (handler: RequestListener): Server => {
    // A TLS 1.3 client sends its request with the end of the handshake, so the request itself is
    // checked too: an unpinned client's request must never reach a route, even once.
    const server = createServer(
      { ...tls, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' },
      (request, response) => {
        if (isPinned(request.socket as TLSSocket)) handler(request, response);
        else request.socket.destroy();
      },
    );
    server.prependListener('secureConnection', (socket: TLSSocket) => {
      if (!isPinned(socket)) socket.destroy();
    });
    return server;
  };
}

/**
 * Listens on the closed link and nowhere else. A socket lives in an owner-only directory and
 * is itself owner-only, so only this account's processes (the market beside it) can connect.
 */
export async function listenOnClosedLink(app: HttpServer, endpoint: ClosedLinkEndpoint): Promise<string> {
  if (endpoint.kind === 'tls') return app.listen({ host: endpoint.host, port: endpoint.port });
  // Its own mode is set only after the socket exists: a shared directory such as /tmp would let
  // others reach it (or swap it) in between.
  ensurePrivateDirectory(dirname(endpoint.path));
  if (existsSync(endpoint.path)) {
    if (await socketAnswers(endpoint.path)) {
      throw new Error(`${endpoint.path} is in use: is settlement already running?`);
    }
    rmSync(endpoint.path); // left behind by a process that was killed
  }
  const address = await app.listen({ path: endpoint.path });
  chmodSync(endpoint.path, 0o600);
  return address;
}

const socketAnswers = (path: string) =>
  new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
