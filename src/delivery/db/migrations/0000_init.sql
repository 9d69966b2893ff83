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
CREATE TABLE "operator_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pickup_points" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"opening_hours" text NOT NULL,
	"capacity" integer NOT NULL,
	"retention_days" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pickup_points_code_unique" UNIQUE("code"),
	CONSTRAINT "pickup_points_capacity" CHECK ("pickup_points"."capacity" > 0),
	CONSTRAINT "pickup_points_retention" CHECK ("pickup_points"."retention_days" BETWEEN 1 AND 60),
	CONSTRAINT "pickup_points_position" CHECK ("pickup_points"."latitude" BETWEEN -90 AND 90 AND "pickup_points"."longitude" BETWEEN -180 AND 180)
);
--> statement-breakpoint
CREATE INDEX "pickup_points_active" ON "pickup_points" USING btree ("active");