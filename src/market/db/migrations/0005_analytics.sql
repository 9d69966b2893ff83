CREATE TABLE "analytics_audit" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"seller_id" uuid NOT NULL,
	"purchase_id" uuid NOT NULL,
	"release_id" uuid NOT NULL,
	"analysis" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"epsilon_micro" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_backfill" (
	"day" date PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_cells" (
	"kind_id" text NOT NULL,
	"metric" text NOT NULL,
	"scope" text NOT NULL,
	"currency" text NOT NULL,
	"day" date NOT NULL,
	"seller_id" text NOT NULL,
	"key" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "analytics_cells_kind_id_metric_scope_currency_day_seller_id_key_pk" PRIMARY KEY("kind_id","metric","scope","currency","day","seller_id","key")
);
--> statement-breakpoint
CREATE TABLE "analytics_policy" (
	"id" integer PRIMARY KEY NOT NULL,
	"global_budget_micro" bigint NOT NULL,
	"seller_budget_micro" bigint NOT NULL,
	"exports_enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_prices" (
	"analysis" text PRIMARY KEY NOT NULL,
	"price_minor" bigint NOT NULL,
	"epsilon_micro" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_releases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"release_key" text NOT NULL,
	"analysis" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"epsilon_micro" integer NOT NULL,
	"months" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_budget" (
	"month" text NOT NULL,
	"holder" text NOT NULL,
	"spent_micro" bigint NOT NULL,
	CONSTRAINT "privacy_budget_month_holder_pk" PRIMARY KEY("month","holder"),
	CONSTRAINT "privacy_budget_spent" CHECK ("privacy_budget"."spent_micro" >= 0)
);
--> statement-breakpoint
CREATE TABLE "report_purchases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seller_id" uuid NOT NULL,
	"analysis" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"release_key" text NOT NULL,
	"release_id" uuid,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"epsilon_micro" integer NOT NULL,
	"state" text NOT NULL,
	"failure" text,
	"created_at" timestamp with time zone NOT NULL,
	"quote_expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_releases_key" ON "analytics_releases" USING btree ("release_key");--> statement-breakpoint
CREATE INDEX "report_purchases_seller" ON "report_purchases" USING btree ("seller_id","created_at","id");--> statement-breakpoint
-- The days already in the stores, for the duties to fold into the aggregates once.
INSERT INTO "analytics_backfill" ("day")
SELECT "sold_on" FROM "sales_history" UNION SELECT "requested_on" FROM "purchaser_preferences";
