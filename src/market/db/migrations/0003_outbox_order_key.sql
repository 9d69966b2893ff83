-- The outbox is platform's generic one now (src/platform/outbox.ts): existing jobs are numbered
-- as the column is added (bigserial fills them in) and have no ordering key.
ALTER TABLE "outbox" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "key" text;--> statement-breakpoint
CREATE INDEX "outbox_key_pending" ON "outbox" USING btree ("topic","key","seq") WHERE "outbox"."key" IS NOT NULL AND "outbox"."delivered_at" IS NULL AND "outbox"."failed_at" IS NULL;