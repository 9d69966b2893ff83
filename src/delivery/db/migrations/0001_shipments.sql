CREATE TABLE "clerk_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pickup_point_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"order_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pickup_codes" (
	"order_id" text PRIMARY KEY NOT NULL,
	"verifier" text,
	"registered_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "pickup_codes_registered" CHECK (("pickup_codes"."verifier" IS NULL) = ("pickup_codes"."registered_at" IS NULL)),
	CONSTRAINT "pickup_codes_used" CHECK ("pickup_codes"."used_at" IS NULL OR "pickup_codes"."verifier" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "pickup_point_failures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pickup_point_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"pickup_point_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"order_id" text PRIMARY KEY NOT NULL,
	"pickup_point_id" uuid NOT NULL,
	"parcel_size" text NOT NULL,
	"state" text NOT NULL,
	"return_reference" text NOT NULL,
	"dropped_off_point_id" uuid,
	"deadline" timestamp with time zone,
	"booked_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shipments_return_reference_unique" UNIQUE("return_reference")
);
--> statement-breakpoint
ALTER TABLE "clerk_keys" ADD CONSTRAINT "clerk_keys_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_point_failures" ADD CONSTRAINT "pickup_point_failures_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_events" ADD CONSTRAINT "shipment_events_order_id_shipments_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shipments"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_events" ADD CONSTRAINT "shipment_events_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_dropped_off_point_id_pickup_points_id_fk" FOREIGN KEY ("dropped_off_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clerk_keys_point" ON "clerk_keys" USING btree ("pickup_point_id");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("available_at") WHERE "outbox"."delivered_at" IS NULL AND "outbox"."failed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_order" ON "outbox" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "pickup_point_failures_point_at" ON "pickup_point_failures" USING btree ("pickup_point_id","at");--> statement-breakpoint
CREATE INDEX "shipment_events_order" ON "shipment_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE INDEX "shipments_point_state" ON "shipments" USING btree ("pickup_point_id","state");--> statement-breakpoint
CREATE INDEX "shipments_dropped_off" ON "shipments" USING btree ("dropped_off_point_id","state");--> statement-breakpoint
CREATE INDEX "shipments_waiting_deadline" ON "shipments" USING btree ("deadline") WHERE "shipments"."state" = 'ready_for_pickup';