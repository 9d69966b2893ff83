DROP INDEX "purchaser_preferences_kind_day";--> statement-breakpoint
DROP INDEX "sales_history_kind_day";--> statement-breakpoint
CREATE INDEX "purchaser_preferences_kind_day" ON "purchaser_preferences" USING btree ("kind_id","requested_on","id");--> statement-breakpoint
CREATE INDEX "sales_history_kind_day" ON "sales_history" USING btree ("kind_id","sold_on","id");