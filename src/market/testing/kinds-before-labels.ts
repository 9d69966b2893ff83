import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { wordMessage } from '../../platform/http/messages.ts';
import { DEMO_KINDS } from '../demo/demo-kinds.ts';
import { assignSlots, oneText, toLocalizedText } from '../kinds/attribute-schema.ts';

/**
 * A kind as markets stored it before migration 0010 (kind_labels): one text each, in English,
 * for its name and description and its attributes' labels and units, and enum values without
 * labels.
 */
export function kindBeforeLabels(kind: (typeof DEMO_KINDS)[number]) {
  const slotted = assignSlots([], kind.attributes);
  if (!slotted.ok) throw new Error(wordMessage(slotted.error, 'en'));
  const attributes = slotted.value.map((definition) => {
    const { labels, ...rest } = definition;
    const old: Record<string, unknown> = { ...rest, label: oneText(labels) };
    if (definition.type === 'number') {
      delete old.units;
      if (definition.units) old.unit = oneText(definition.units);
    }
    delete old.valueLabels;
    return old;
  });
  return {
    id: kind.id,
    name: oneText(toLocalizedText(kind.name)),
    description: oneText(kind.description),
    attributes,
  };
}

/** The demo kinds written the old way, into a database migrated no further than 0009. */
export async function insertDemoKindsBeforeLabels(db: Executor, now: Date): Promise<void> {
  for (const kind of DEMO_KINDS.map(kindBeforeLabels)) {
    await db.execute(sql`INSERT INTO kinds (id, name, description, attributes, created_at, updated_at)
      VALUES (${kind.id}, ${kind.name}, ${kind.description}, ${JSON.stringify(kind.attributes)}::jsonb,
        ${now.toISOString()}, ${now.toISOString()})`);
  }
}
