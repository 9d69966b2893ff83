CREATE TABLE "parcel_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "parcel_state" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "parcel_deadline" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "parcel_events_order" ON "parcel_events" USING btree ("order_id","at");