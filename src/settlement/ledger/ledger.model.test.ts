import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Result } from '../../platform/result.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { useSettlementDatabase } from '../testing/settlement-fixtures.ts';
import { ledgerBreaches } from './invariants.ts';
import { getAccount, openAccount, resolvePending, type TransferRequest, transfer } from './ledger.ts';

/**
 * A model of the ledger in plain JavaScript, run side by side with the real one on random
 * operation sequences: every outcome must agree, every balance must agree, and the database's
 * invariants must hold after every step.
 */
type Totals = { dp: bigint; dpe: bigint; cp: bigint; cpe: bigint };
type ModelAccount = Totals & { currency: string; noOverdraft: boolean; creditLimit: bigint | null };
type ModelTransfer = {
  kind: 'posted' | 'pending' | 'post_pending' | 'void_pending';
  from: string;
  to: string;
  amount: bigint;
  currency: string;
  pendingId: string | null;
};

const NAMES = ['card', 'credit', 'escrow', 'payable', 'issuance', 'usd'] as const;
type Name = (typeof NAMES)[number];

type Op =
  | { type: 'transfer'; from: Name; to: Name; amount: bigint; pending: boolean; reuse: number | null }
  | { type: 'resolve'; pick: number; action: 'post' | 'void'; reuse: number | null }
  | { type: 'replay'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('transfer' as const),
      from: fc.constantFrom(...NAMES),
      to: fc.constantFrom(...NAMES),
      amount: fc.oneof(fc.bigInt({ min: -2n, max: 3_000n }), fc.constantFrom(5_000n, 10_000n, 20_000n)),
      pending: fc.boolean(),
      reuse: fc.option(fc.nat(), { freq: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('resolve' as const),
      pick: fc.nat(),
      action: fc.constantFrom('post' as const, 'void' as const),
      reuse: fc.option(fc.nat(), { freq: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('replay' as const), pick: fc.nat() }) },
);

type Request =
  | { type: 'transfer'; request: TransferRequest }
  | { type: 'resolve'; request: { id: string; pendingId: string; action: 'post' | 'void' } };

class Model {
  accounts = new Map<string, ModelAccount>();
  transfers = new Map<string, ModelTransfer>();
  resolved = new Map<string, string>();

  transfer(r: TransferRequest): string {
    if (r.amount <= 0n) return 'amount_not_positive';
    if (r.debitAccountId === r.creditAccountId) return 'same_account';
    const existing = this.transfers.get(r.id);
    if (existing) {
      const same =
        existing.kind === (r.pending ? 'pending' : 'posted') &&
        existing.from === r.debitAccountId &&
        existing.to === r.creditAccountId &&
        existing.amount === r.amount &&
        existing.currency === r.currency;
      return same ? 'replayed' : 'id_reused';
    }
    const from = this.accounts.get(r.debitAccountId) as ModelAccount;
    const to = this.accounts.get(r.creditAccountId) as ModelAccount;
    if (from.currency !== r.currency || to.currency !== r.currency) return 'currency_mismatch';
    if (from.noOverdraft && from.cp - from.dp - from.dpe < r.amount) return 'exceeds_balance';
    if (from.creditLimit !== null && from.dp + from.dpe - from.cp + r.amount > from.creditLimit) {
      return 'exceeds_credit_limit';
    }
    const kind = r.pending ? 'pending' : 'posted';
    this.transfers.set(r.id, {
      kind,
      from: r.debitAccountId,
      to: r.creditAccountId,
      amount: r.amount,
      currency: r.currency,
      pendingId: null,
    });
    if (r.pending) {
      from.dpe += r.amount;
      to.cpe += r.amount;
    } else {
      from.dp += r.amount;
      to.cp += r.amount;
    }
    return 'ok';
  }

  resolve(r: { id: string; pendingId: string; action: 'post' | 'void' }): string {
    const pending = this.transfers.get(r.pendingId);
    if (pending?.kind !== 'pending') return 'pending_not_found';
    const kind = r.action === 'post' ? 'post_pending' : 'void_pending';
    const existing = this.transfers.get(r.id);
    if (existing)
      return existing.kind === kind && existing.pendingId === r.pendingId ? 'replayed' : 'id_reused';
    if (this.resolved.has(r.pendingId)) return 'already_resolved';
    this.resolved.set(r.pendingId, r.id);
    this.transfers.set(r.id, { ...pending, kind, pendingId: r.pendingId });
    const from = this.accounts.get(pending.from) as ModelAccount;
    const to = this.accounts.get(pending.to) as ModelAccount;
    from.dpe -= pending.amount;
    to.cpe -= pending.amount;
    if (kind === 'post_pending') {
      from.dp += pending.amount;
      to.cp += pending.amount;
    }
    return 'ok';
  }
}

describeEachDatabase('ledger model', (dbKind) => {
  let db: Db;
  useSettlementDatabase(dbKind, (opened) => {
    db = opened;
  });

  it('agrees with a plain model on random operation sequences, invariants holding after every step', async () => {
    const now = new Date();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const model = new Model();
        const ids = {} as Record<Name, string>;
        const specs: Record<
          Name,
          { kind: any; currency: string; noOverdraft?: boolean; creditLimit?: bigint }
        > = {
          card: { kind: 'prepaid_card', currency: 'JPY', noOverdraft: true },
          credit: { kind: 'credit_line', currency: 'JPY', creditLimit: 10_000n },
          escrow: { kind: 'escrow', currency: 'JPY' },
          payable: { kind: 'seller_payable', currency: 'JPY' },
          issuance: { kind: 'prepaid_issuance', currency: 'JPY' },
          usd: { kind: 'escrow', currency: 'USD' },
        };
        for (const name of NAMES) {
          const spec = specs[name];
          const account = await openAccount(db, spec, now);
          ids[name] = account.id;
          model.accounts.set(account.id, {
            dp: 0n,
            dpe: 0n,
            cp: 0n,
            cpe: 0n,
            currency: spec.currency,
            noOverdraft: spec.noOverdraft ?? false,
            creditLimit: spec.creditLimit ?? null,
          });
        }
        const history: Request[] = [];
        const transferIds: string[] = [];
        const pendingIds = () =>
          [...model.transfers].filter(([, t]) => t.kind === 'pending').map(([id]) => id);

        for (const op of ops) {
          let request: Request;
          if (op.type === 'replay') {
            if (!history.length) continue;
            request = history[op.pick % history.length] as Request;
          } else if (op.type === 'transfer') {
            const id =
              op.reuse !== null && transferIds.length
                ? (transferIds[op.reuse % transferIds.length] as string)
                : newId();
            request = {
              type: 'transfer',
              request: {
                id,
                debitAccountId: ids[op.from],
                creditAccountId: ids[op.to],
                amount: op.amount,
                currency: op.from === 'usd' || op.to === 'usd' ? (op.from === op.to ? 'USD' : 'JPY') : 'JPY',
                pending: op.pending,
              },
            };
          } else {
            const pendings = pendingIds();
            const pendingId = pendings.length ? (pendings[op.pick % pendings.length] as string) : newId();
            const id =
              op.reuse !== null && transferIds.length
                ? (transferIds[op.reuse % transferIds.length] as string)
                : newId();
            request = { type: 'resolve', request: { id, pendingId, action: op.action } };
          }
          history.push(request);

          const expected =
            request.type === 'transfer' ? model.transfer(request.request) : model.resolve(request.request);
          const actual = await db.transaction(
            async (tx): Promise<Result<{ id: string; replayed: boolean }, { code: string }>> =>
              request.type === 'transfer'
                ? transfer(tx, request.request, now)
                : resolvePending(tx, request.request, now),
          );
          const outcome = actual.ok ? (actual.value.replayed ? 'replayed' : 'ok') : actual.error.code;
          expect(
            outcome,
            JSON.stringify(request, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
          ).toBe(expected);
          if (actual.ok && !actual.value.replayed) transferIds.push(actual.value.id);

          for (const name of NAMES) {
            const real = await getAccount(db, ids[name]);
            const m = model.accounts.get(ids[name]) as ModelAccount;
            expect(
              [real?.debitsPosted, real?.debitsPending, real?.creditsPosted, real?.creditsPending],
              name,
            ).toEqual([m.dp, m.dpe, m.cp, m.cpe]);
          }
          expect(await ledgerBreaches(db)).toEqual([]);
        }
      }),
      { numRuns: dbKind === 'pglite' ? 40 : 25, verbose: true },
    );
  });
});
