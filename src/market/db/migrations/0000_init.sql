CREATE TABLE "commodities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind_id" text NOT NULL,
	"model_key" text NOT NULL,
	"model" text NOT NULL,
	"name" text NOT NULL,
	"attributes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "kinds" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"attributes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"commodity_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"kind_id" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"stock" integer NOT NULL,
	"status" text NOT NULL,
	"seller_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"n1" double precision,
	"n2" double precision,
	"n3" double precision,
	"n4" double precision,
	"n5" double precision,
	"n6" double precision,
	"n7" double precision,
	"n8" double precision,
	"e1" text,
	"e2" text,
	"e3" text,
	"e4" text,
	"e5" text,
	"e6" text,
	"b1" boolean,
	"b2" boolean,
	"b3" boolean,
	"b4" boolean,
	"t1" text,
	"t2" text,
	"t3" text,
	"t4" text,
	CONSTRAINT "offers_stock_nonnegative" CHECK ("offers"."stock" >= 0),
	CONSTRAINT "offers_price_range" CHECK ("offers"."price_minor" > 0 AND "offers"."price_minor" <= 9007199254740991)
);
--> statement-breakpoint
CREATE TABLE "operator_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"seller_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"commodity_id" uuid NOT NULL,
	"kind_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"state" text NOT NULL,
	"secret_verifier" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "purchaser_preferences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind_id" text NOT NULL,
	"currency" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"requested_hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind_id" text NOT NULL,
	"commodity_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"sold_hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_items" (
	"search_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"commodity_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "search_items_search_id_offer_id_pk" PRIMARY KEY("search_id","offer_id")
);
--> statement-breakpoint
CREATE TABLE "searches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind_id" text NOT NULL,
	"request" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seller_api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seller_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "seller_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"seller_id" uuid NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sellers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commodities" ADD CONSTRAINT "commodities_kind_id_kinds_id_fk" FOREIGN KEY ("kind_id") REFERENCES "public"."kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_commodity_id_commodities_id_fk" FOREIGN KEY ("commodity_id") REFERENCES "public"."commodities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_items" ADD CONSTRAINT "search_items_search_id_searches_id_fk" FOREIGN KEY ("search_id") REFERENCES "public"."searches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_api_keys" ADD CONSTRAINT "seller_api_keys_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commodities_kind_model" ON "commodities" USING btree ("kind_id","model_key");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_commodity_seller" ON "offers" USING btree ("commodity_id","seller_id");--> statement-breakpoint
CREATE INDEX "offers_seller" ON "offers" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_seller" ON "orders" USING btree ("seller_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_awaiting_expiry" ON "orders" USING btree ("expires_at") WHERE "orders"."state" = 'awaiting_payment';--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("available_at") WHERE "outbox"."delivered_at" IS NULL AND "outbox"."failed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "purchaser_preferences_kind_hour" ON "purchaser_preferences" USING btree ("kind_id","requested_hour");--> statement-breakpoint
CREATE INDEX "sales_history_kind_hour" ON "sales_history" USING btree ("kind_id","sold_hour");--> statement-breakpoint
CREATE INDEX "searches_expiry" ON "searches" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "seller_events_seller" ON "seller_events" USING btree ("seller_id","seq");--> statement-breakpoint
-- Hand-written (drizzle has no INCLUDE): the retrieval index. Sellable offers only, in the
-- default order (price, then id for the keyset cursor), covering every slot so that each
-- condition of a purchase request is checked inside the index.
CREATE INDEX "offers_retrieval" ON "offers" USING btree ("kind_id","currency","price_minor","id")
  INCLUDE ("commodity_id","seller_id","stock","n1","n2","n3","n4","n5","n6","n7","n8","e1","e2","e3","e4","e5","e6","b1","b2","b3","b4")
  WHERE "status" = 'active' AND "seller_active" AND "stock" > 0;
