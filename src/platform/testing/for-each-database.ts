import { describe } from 'vitest';
import { type TestDatabaseKind, testDatabaseKinds } from './databases.ts';

/**
 * Runs a suite once per database kind: PGlite always, PostgreSQL when configured. A skipped
 * kind is named in the suite title and on the console, never silently left out.
 */
export function describeEachDatabase(title: string, suite: (kind: TestDatabaseKind['name']) => void) {
  for (const db of testDatabaseKinds) {
    if (db.available) {
      describe(`${title} [${db.name}]`, () => suite(db.name));
    } else {
      console.warn(`SKIPPED on ${db.name}: ${title} (${db.skipReason})`);
      describe.skip(`${title} [${db.name}: skipped, ${db.skipReason}]`, () => suite(db.name));
    }
  }
}
