-- Pickup points in Japanese: a kana reading and Latin (romaji) forms beside the name and address,
-- and a search text in one normalised form with its characters and character pairs under a GIN
-- index (core PostgreSQL, so PGlite needs no extension). The service writes both search columns
-- with every change and fills them in at start for rows from before this migration.
ALTER TABLE "pickup_points" ADD COLUMN "name_kana" text;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD COLUMN "name_romaji" text;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD COLUMN "address_romaji" text;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD COLUMN "search_text" text;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD COLUMN "search_grams" text[];--> statement-breakpoint
CREATE INDEX "pickup_points_search" ON "pickup_points" USING gin ("search_grams");