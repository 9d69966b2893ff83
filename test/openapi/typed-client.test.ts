import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClosedLinkClient } from '../../src/platform/closed-link/client.ts';
import { type RunningServices, SERVICES, startServices } from './services.ts';

/**
 * Issue #11: a typed client generated from each live document by a maintained generator
 * (openapi-typescript, called through openapi-fetch) type-checks, refuses wrong calls, and
 * works against the real services.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
/** The hand-written client program (typed-client/), type-checked against the generated types. */
const PROGRAM = ['client.ts', 'mistakes.ts'];

function typeCheck(dir: string): string[] {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const program = ts.createProgram(
    PROGRAM.map((file) => join(dir, file)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const file = d.file ? d.file.fileName.slice(dir.length + 1) : '';
    return `${file}:${where ? where.line + 1 : '?'} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('typed clients generated from the OpenAPI documents', () => {
  let s: RunningServices;
  // Inside the project (and out of git: test-output/) so the program resolves openapi-fetch.
  let dir: string;
  let link: ClosedLinkClient;
  beforeAll(async () => {
    s = await startServices();
    mkdirSync(join(root, 'test-output'), { recursive: true });
    dir = mkdtempSync(join(root, 'test-output', 'typed-client-'));
    for (const name of SERVICES) {
      const types = astToString(await openapiTS(s.documents[name] as Parameters<typeof openapiTS>[0]));
      writeFileSync(join(dir, `${name}.ts`), types);
    }
    for (const file of PROGRAM) copyFileSync(join(here, 'typed-client', file), join(dir, file));
    link = new ClosedLinkClient({ kind: 'socket', path: s.settlement.socket });
  });
  afterAll(async () => {
    link?.close();
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks a client program, and refuses each deliberately wrong call', () => {
    // mistakes.ts marks each wrong call with @ts-expect-error: one that is not an error is
    // reported as an unused directive.
    expect(typeCheck(dir)).toEqual([]);
  });

  it('runs that program against the real services', async () => {
    const client = await import(join(dir, 'client.ts'));
    const endpoints = {
      market: s.market.url,
      delivery: s.delivery.url,
      deliveryOperatorKey: s.delivery.operatorKey,
      // The same transport the market uses: the closed link's own client.
      settlementFetch: async (request: Request) => {
        const url = new URL(request.url);
        const body = request.body ? await request.json() : undefined;
        const answer = await link.call(request.method as 'GET' | 'POST', `${url.pathname}${url.search}`, {
          body,
        });
        return Response.json(answer.body, { status: answer.status });
      },
    };
    expect(await client.buyAnOffer(endpoints)).toEqual({
      state: 'awaiting_payment',
      amount: 88_000,
      model: 'TC-1',
      strangerStatus: 404,
      strangerCode: 'order_not_found',
    });
    expect(await client.findAPickupPoint(endpoints)).toEqual([
      { code: 'TC-SHIBUYA-1', kind: 'convenience_store' },
    ]);
    expect(await client.settlementStatus(endpoints)).toEqual({ name: 'settlement', status: 'ok' });
  });
});
