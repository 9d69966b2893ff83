import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { expectReady } from '../../platform/health.ts';
import { type Problem, problemSchema, wordedIn } from '../../platform/http/problem.ts';
import { signedFetch } from '../../platform/http/signed-requests.ts';
import { forwardedHeaders } from '../../platform/request-context.ts';
import { type ServiceStatus, serviceStatusSchema } from '../../platform/service-status.ts';
import {
  type PARCEL_SIZES,
  type Shipment,
  type ShipmentBooking,
  shipmentSchema,
} from '../../protocol/delivery.ts';

/** Delivery cannot be reached, timed out, failed (5xx) or refused the market's signature. */
export class DeliveryUnavailable extends Error {
  override name = 'DeliveryUnavailable';
}

/** Delivery answered something the contract does not allow: a bug on one side, not a refusal. */
export class DeliveryContractError extends Error {
  override name = 'DeliveryContractError';
}

/** Read at each call, so a changed configuration (a test's, a rotated key) takes effect. */
export interface DeliveryClientSettings {
  /** Delivery's public address, without a trailing slash. */
  deliveryUrl: string;
  /** The key the market and delivery share; every call but the public ones is signed with it. */
  deliveryKey: string;
  deliveryTimeoutMs: number;
}

/** What the market needs of a pickup point: that it exists, and whether it takes parcels. */
const pickupPointStatusSchema = z.object({ code: z.string(), active: z.boolean() });
export type PickupPointStatus = z.infer<typeof pickupPointStatusSchema>;

export type LabelFormat = 'pdf' | 'png';
export type LabelSize = 'a6' | '4x6';
export type ParcelSize = (typeof PARCEL_SIZES)[number];

/**
 * Delivery's refusal, to be passed on as it came (its status and problem body), worded in the
 * language the market's caller asked for: the market passes that on with every call.
 */
export interface DeliveryRefusal {
  ok: false;
  status: number;
  problem: Problem;
}

export interface Label {
  contentType: string;
  disposition: string;
  bytes: Buffer;
}

/**
 * The market's typed client for delivery's API (B9), across the public network: answers are
 * read with the protocol's schemas, anything else is a DeliveryContractError, and every way of
 * not getting an answer is a DeliveryUnavailable.
 */
export class DeliveryClient {
  private readonly settings: DeliveryClientSettings;
  private readonly clock: Clock;

  constructor(settings: DeliveryClientSettings, clock: Clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** A pickup point by its code, from delivery's public list; null when delivery knows none. */
  async pickupPoint(code: string): Promise<PickupPointStatus | null> {
    const { deliveryUrl, deliveryTimeoutMs } = this.settings;
    const response = await this.send(() =>
      fetch(`${deliveryUrl}/pickup-points/${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json', ...forwardedHeaders() },
        redirect: 'error',
        signal: AbortSignal.timeout(deliveryTimeoutMs),
      }),
    );
    // 400: not even shaped like a pickup point code, so no such point either.
    if (response.status === 404 || response.status === 400) return null;
    return this.parse(pickupPointStatusSchema, 'pickup point', response, [200]);
  }

  /** Books (or books again, unchanged) an order's parcel; 201 new, 200 the same booking repeated. */
  async book(
    orderId: string,
    booking: ShipmentBooking,
  ): Promise<{ ok: true; created: boolean; shipment: Shipment } | DeliveryRefusal> {
    const response = await this.signed('PUT', `/shipments/${encodeURIComponent(orderId)}`, {
      body: JSON.stringify(booking),
    });
    if (response.status === 409 || response.status === 422) return this.refusal(response);
    const shipment = await this.parse(shipmentSchema, 'booking', response, [200, 201]);
    return { ok: true, created: response.status === 201, shipment };
  }

  /** The shipment of an order, or null when none was booked. */
  async shipment(orderId: string): Promise<Shipment | null> {
    const response = await this.signed('GET', `/shipments/${encodeURIComponent(orderId)}`);
    if (response.status === 404) return null;
    return this.parse(shipmentSchema, 'shipment', response, [200]);
  }

  /** The printable label of a booked shipment, as delivery rendered it; null when none was booked. */
  async label(orderId: string, format: LabelFormat, size: LabelSize): Promise<Label | null> {
    const query = new URLSearchParams({ format, size });
    const response = await this.signed('GET', `/shipments/${encodeURIComponent(orderId)}/label?${query}`, {
      accept: format === 'pdf' ? 'application/pdf' : 'image/png',
    });
    if (response.status === 404) return null;
    this.expect(response, [200], 'label');
    const contentType = response.headers.get('content-type') ?? '';
    if (!/^(application\/pdf|image\/png)\b/.test(contentType))
      throw new DeliveryContractError(`delivery label answered content-type ${contentType}`);
    const bytes = await this.send(async () => Buffer.from(await response.arrayBuffer()));
    const disposition =
      response.headers.get('content-disposition') ?? `attachment; filename="label-${orderId}.${format}"`;
    return { contentType, disposition, bytes };
  }

  /** Resolves when delivery is ready to serve (its database answers); throws naming why not. */
  async ready(): Promise<void> {
    const { deliveryUrl, deliveryTimeoutMs } = this.settings;
    // Not through `send`, which would turn a 503 into "unavailable" without the checks it names.
    const response = await fetch(`${deliveryUrl}/readyz`, {
      headers: forwardedHeaders(),
      redirect: 'error',
      signal: AbortSignal.timeout(deliveryTimeoutMs),
    });
    expectReady('delivery', response.status, await response.json().catch(() => null));
  }

  /** Delivery's own status, for the operator's status page. */
  async status(): Promise<ServiceStatus> {
    const response = await this.signed('GET', '/status');
    return this.parse(serviceStatusSchema, 'status', response, [200]);
  }

  private signed(method: string, path: string, options: { body?: string; accept?: string } = {}) {
    const { deliveryUrl, deliveryKey, deliveryTimeoutMs } = this.settings;
    return this.send(() =>
      signedFetch(deliveryUrl, deliveryKey, {
        method,
        path,
        ...options,
        now: this.clock.now(),
        timeoutMs: deliveryTimeoutMs,
      }),
    );
  }

  /** Runs a request; no connection, a timeout or a broken answer all mean delivery is unavailable. */
  private async send<T>(request: () => Promise<T>): Promise<T> {
    let answer: T;
    try {
      answer = await request();
    } catch (error) {
      throw new DeliveryUnavailable(`delivery unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (answer instanceof Response) {
      if (answer.status >= 500) {
        await answer.body?.cancel();
        throw new DeliveryUnavailable(`delivery answered ${answer.status}`);
      }
      // Delivery refuses our signature: the two keys differ, which only the operator can mend.
      if (answer.status === 401) {
        await answer.body?.cancel();
        throw new DeliveryUnavailable(
          'delivery refused the market’s signature: check TOKUMEI_MARKET_DELIVERY_KEY',
        );
      }
    }
    return answer;
  }

  private expect(response: Response, statuses: number[], what: string): void {
    if (!statuses.includes(response.status)) {
      void response.body?.cancel();
      throw new DeliveryContractError(`delivery ${what} answered ${response.status}`);
    }
  }

  private async parse<T>(schema: z.ZodType<T>, what: string, response: Response, statuses: number[]) {
    this.expect(response, statuses, what);
    const body = await this.send(() => response.json());
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new DeliveryContractError(`delivery ${what}: ${parsed.error.message}`);
    return parsed.data;
  }

  private async refusal(response: Response): Promise<DeliveryRefusal> {
    const problem = await this.parse(problemSchema, 'refusal', response, [response.status]);
    const language = response.headers.get('content-language') ?? 'en';
    return { ok: false, status: response.status, problem: wordedIn(problem, language) };
  }
}
