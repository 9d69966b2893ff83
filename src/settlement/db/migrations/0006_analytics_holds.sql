CREATE TABLE "analytics_holds" (
	"hold_id" uuid PRIMARY KEY NOT NULL,
	"seller_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"source" text NOT NULL,
	"instrument_id" uuid,
	"terms_hash" text NOT NULL,
	"transfer_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_holds_transfer_id_unique" UNIQUE("transfer_id"),
	CONSTRAINT "analytics_holds_card_instrument" CHECK (("analytics_holds"."source" = 'card') = ("analytics_holds"."instrument_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "payout_charges" (
	"capture_transfer_id" uuid PRIMARY KEY NOT NULL,
	"payout_id" uuid NOT NULL,
	"hold_id" uuid NOT NULL,
	"amount" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics_holds" ADD CONSTRAINT "analytics_holds_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_holds" ADD CONSTRAINT "analytics_holds_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_capture_transfer_id_transfers_id_fk" FOREIGN KEY ("capture_transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_hold_id_analytics_holds_hold_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."analytics_holds"("hold_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_holds_seller" ON "analytics_holds" USING btree ("seller_id");--> statement-breakpoint
-- A seller's payable now pays for analytics reports: like a prepaid card, it may not go below zero.
UPDATE "accounts" SET "no_overdraft" = true WHERE "kind" = 'seller_payable';
