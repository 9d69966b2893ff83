-- The value rides in the key's index, so a release reads a run of cells from the index alone
-- (an index-only scan) instead of visiting a table page per cell: a month's cells were updated
-- day by day and lie scattered over the table. Drizzle's schema cannot say INCLUDE; the key's
-- name and columns stay as src/market/analytics/tables.ts declares them.
ALTER TABLE "analytics_cells" DROP CONSTRAINT "analytics_cells_kind_id_metric_scope_currency_seller_id_grain_day_key_pk";--> statement-breakpoint
ALTER TABLE "analytics_cells" ADD CONSTRAINT "analytics_cells_kind_id_metric_scope_currency_seller_id_grain_day_key_pk" PRIMARY KEY ("kind_id", "metric", "scope", "currency", "seller_id", "grain", "day", "key") INCLUDE ("value");
