-- Retrieval writes nothing: what a search page showed travels in its signed token.
DROP TABLE "search_items" CASCADE;--> statement-breakpoint
DROP TABLE "searches" CASCADE;
