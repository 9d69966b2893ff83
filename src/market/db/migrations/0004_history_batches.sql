-- The history stores are filled by a daily batch now (src/market/history/stores.ts): a purchase
-- or a search only stages its rows in history_pending. Rows already stored were written in
-- their orders' and searches' own transactions and lie in their order, so they are copied into
-- new tables in random order, with fresh random IDs and the day cut from the hour, and the old
-- tables are dropped: no transaction ID, position or ID of theirs survives. A condition on an
-- attribute that is not known as a number, enumeration or yes/no (or the price) loses its value,
-- as storedConditions() does, so no free text stays. Unmatched rows from before have no record
-- of what failed: their "failed" is [].
CREATE TABLE "history_pending" (
	"day" date NOT NULL,
	"store" text NOT NULL,
	"row" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "history_pending_day" ON "history_pending" USING btree ("day");--> statement-breakpoint
ALTER TABLE "sales_history" RENAME TO "sales_history_0003";--> statement-breakpoint
ALTER INDEX "sales_history_pkey" RENAME TO "sales_history_0003_pkey";--> statement-breakpoint
ALTER TABLE "purchaser_preferences" RENAME TO "purchaser_preferences_0003";--> statement-breakpoint
ALTER INDEX "purchaser_preferences_pkey" RENAME TO "purchaser_preferences_0003_pkey";--> statement-breakpoint
CREATE TABLE "sales_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind_id" text NOT NULL,
	"commodity_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"sold_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchaser_preferences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind_id" text NOT NULL,
	"currency" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"failed" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"requested_on" date NOT NULL
);
--> statement-breakpoint
-- The copies go in under a savepoint: rows written in a subtransaction carry its own ID, so they
-- share no transaction ID even with whatever else this migration run rewrites.
SAVEPOINT "history_copy";--> statement-breakpoint
INSERT INTO "sales_history" ("id", "kind_id", "commodity_id", "seller_id", "quantity", "unit_price_minor", "currency", "sold_on")
	SELECT gen_random_uuid(), "kind_id", "commodity_id", "seller_id", "quantity", "unit_price_minor", "currency",
		("sold_hour" AT TIME ZONE 'UTC')::date
	FROM "sales_history_0003" ORDER BY random();--> statement-breakpoint
INSERT INTO "purchaser_preferences" ("id", "kind_id", "currency", "conditions", "failed", "outcome", "requested_on")
	SELECT gen_random_uuid(), p."kind_id", p."currency",
		(SELECT coalesce(jsonb_agg(
			CASE WHEN c->>'attribute' = 'price' OR EXISTS (
				SELECT 1 FROM "kinds" k, jsonb_array_elements(k."attributes") a
				WHERE k."id" = p."kind_id" AND a->>'name' = c->>'attribute' AND a->>'type' IN ('number', 'enum', 'boolean'))
			THEN c ELSE c - 'value' END ORDER BY e.n), '[]'::jsonb)
		FROM jsonb_array_elements(p."conditions") WITH ORDINALITY AS e(c, n)),
		'[]'::jsonb, p."outcome", (p."requested_hour" AT TIME ZONE 'UTC')::date
	FROM "purchaser_preferences_0003" p ORDER BY random();--> statement-breakpoint
RELEASE SAVEPOINT "history_copy";--> statement-breakpoint
DROP TABLE "sales_history_0003";--> statement-breakpoint
DROP TABLE "purchaser_preferences_0003";--> statement-breakpoint
CREATE INDEX "purchaser_preferences_kind_day" ON "purchaser_preferences" USING btree ("kind_id","requested_on");--> statement-breakpoint
CREATE INDEX "sales_history_kind_day" ON "sales_history" USING btree ("kind_id","sold_on");
