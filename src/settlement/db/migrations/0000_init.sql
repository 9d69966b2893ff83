CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"currency" text NOT NULL,
	"no_overdraft" boolean DEFAULT false NOT NULL,
	"credit_limit" bigint,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "accounts_totals_non_negative" CHECK ("accounts"."debits_pending" >= 0 AND "accounts"."debits_posted" >= 0 AND "accounts"."credits_pending" >= 0 AND "accounts"."credits_posted" >= 0),
	CONSTRAINT "accounts_no_overdraft" CHECK (NOT "accounts"."no_overdraft" OR "accounts"."credits_posted" - "accounts"."debits_posted" - "accounts"."debits_pending" >= 0),
	CONSTRAINT "accounts_within_credit_limit" CHECK ("accounts"."credit_limit" IS NULL OR "accounts"."debits_posted" + "accounts"."debits_pending" - "accounts"."credits_posted" <= "accounts"."credit_limit")
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
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"pending_id" uuid,
	"reference" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "transfers_amount_positive" CHECK ("transfers"."amount" > 0),
	CONSTRAINT "transfers_two_accounts" CHECK ("transfers"."debit_account_id" <> "transfers"."credit_account_id"),
	CONSTRAINT "transfers_pending_id_for_resolutions" CHECK (("transfers"."kind" IN ('post_pending', 'void_pending')) = ("transfers"."pending_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_debit_account_id_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_credit_account_id_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_resolve_once" ON "transfers" USING btree ("pending_id");--> statement-breakpoint
CREATE INDEX "transfers_debit_account" ON "transfers" USING btree ("debit_account_id");--> statement-breakpoint
CREATE INDEX "transfers_credit_account" ON "transfers" USING btree ("credit_account_id");--> statement-breakpoint
CREATE INDEX "transfers_reference" ON "transfers" USING btree ("reference");