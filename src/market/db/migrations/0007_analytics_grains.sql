-- The day cells already folded become day-grain cells, and their weeks and months are summed from them.
ALTER TABLE "analytics_cells" DROP CONSTRAINT "analytics_cells_kind_id_metric_scope_currency_day_seller_id_key_pk";--> statement-breakpoint
ALTER TABLE "analytics_cells" ADD COLUMN "grain" text NOT NULL DEFAULT 'day';--> statement-breakpoint
ALTER TABLE "analytics_cells" ALTER COLUMN "grain" DROP DEFAULT;--> statement-breakpoint
INSERT INTO "analytics_cells" ("kind_id", "metric", "scope", "currency", "seller_id", "grain", "day", "key", "value")
SELECT "kind_id", "metric", "scope", "currency", "seller_id", g.grain, date_trunc(g.grain, "day")::date, "key", sum("value")
FROM "analytics_cells" CROSS JOIN (VALUES ('week'), ('month')) AS g(grain)
GROUP BY "kind_id", "metric", "scope", "currency", "seller_id", g.grain, date_trunc(g.grain, "day"), "key";--> statement-breakpoint
ALTER TABLE "analytics_cells" ADD CONSTRAINT "analytics_cells_kind_id_metric_scope_currency_seller_id_grain_day_key_pk" PRIMARY KEY("kind_id","metric","scope","currency","seller_id","grain","day","key");
