import { z } from 'zod';

/** Time is injected so that expiry, retention and deadlines are testable without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests and simulations. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string = '2026-01-05T10:00:00Z') {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** The UTC calendar day of an instant, as PostgreSQL's `date` reads it: `YYYY-MM-DD`. */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * An instant received as ISO 8601 text (UTC, `Z`), as PostgreSQL can store it: a four-digit
 * year from 0001 to 9999. Year 0000 parses in JavaScript but PostgreSQL has no year 0. Every
 * time a client sends goes through this one schema.
 */
export const timestampSchema = z.iso
  .datetime()
  .refine((text) => Number(text.slice(0, 4)) >= 1, 'must be a time between the years 0001 and 9999');
