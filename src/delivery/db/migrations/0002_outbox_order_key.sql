-- The outbox is platform's generic one now (src/platform/outbox.ts). Every job already queued is a
-- parcel event for the market: it takes that topic, and its order ID becomes its ordering key.
-- Hand-edited: drizzle-kit left out the DROP NOT NULL and the default existing rows need.
ALTER TABLE "outbox" RENAME COLUMN "order_id" TO "key";--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "key" DROP NOT NULL;--> statement-breakpoint
DROP INDEX "outbox_order";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "topic" text DEFAULT 'market.parcel_event' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "topic" DROP DEFAULT;--> statement-breakpoint
CREATE INDEX "outbox_key_pending" ON "outbox" USING btree ("topic","key","seq") WHERE "outbox"."key" IS NOT NULL AND "outbox"."delivered_at" IS NULL AND "outbox"."failed_at" IS NULL;
