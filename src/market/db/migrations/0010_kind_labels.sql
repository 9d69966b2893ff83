-- Kinds' texts in Japanese and English (LocalizedText, src/protocol/localized-text.ts): a kind's
-- name becomes "names", each attribute's "label" becomes "labels" and a number's "unit" becomes
-- "units", each { "en": … } since every text so far was English; enum attributes get an empty
-- "valueLabels" (their values are shown as they are until labelled). Only the kinds table
-- changes: offers, slots and values stay as they are.
ALTER TABLE "kinds" ADD COLUMN "names" jsonb;--> statement-breakpoint
UPDATE "kinds" SET
	"names" = jsonb_build_object('en', "name"),
	"attributes" = (
		SELECT coalesce(jsonb_agg(
			(a - 'label' - 'unit')
			|| jsonb_build_object('labels', jsonb_build_object('en', a -> 'label'))
			|| CASE WHEN a ? 'unit' THEN jsonb_build_object('units', jsonb_build_object('en', a -> 'unit')) ELSE '{}'::jsonb END
			|| CASE WHEN a ->> 'type' = 'enum' THEN jsonb_build_object('valueLabels', '{}'::jsonb) ELSE '{}'::jsonb END
			ORDER BY position), '[]'::jsonb)
		FROM jsonb_array_elements("kinds"."attributes") WITH ORDINALITY AS e(a, position)
	);--> statement-breakpoint
ALTER TABLE "kinds" ALTER COLUMN "names" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "kinds" DROP COLUMN "name";
