import { describe } from 'vitest';
import { type TestDatabaseKind, testDatabaseKinds } from './databases.ts';
import { suiteTitle } from './suite-labels.ts';

/**
 * Runs a suite once per database kind: PGlite always, PostgreSQL when configured. A skipped
 * kind is named in the suite title and counted in the run's closing line, never silently left out.
 */
export function describeEachDatabase(
  title: string,
  suite: (kind: TestDatabaseKind['name']) => void,
  kinds: readonly TestDatabaseKind[] = testDatabaseKinds,
) {
  for (const db of kinds) {
    if (db.available) describe(suiteTitle(title, db.name), () => suite(db.name));
    else describe.skip(suiteTitle(title, db.name, db.skipReason), () => suite(db.name));
  }
}

/** A suite only PostgreSQL can run: several processes or connections on one database. */
export const describeOnPostgres = (title: string, suite: () => void) =>
  describeEachDatabase(
    title,
    suite,
    testDatabaseKinds.filter((k) => k.name === 'postgres'),
  );
