-- A kind's description by language, as its name became in 0010: "description" becomes
-- "descriptions", { "en": … } for a description in Latin letters, { "ja": … } for one in
-- Japanese script (kana or kanji, as the demo's Japanese kinds have), and {} for none.
ALTER TABLE "kinds" ADD COLUMN "descriptions" jsonb;--> statement-breakpoint
UPDATE "kinds" SET "descriptions" = CASE
	WHEN btrim("description") = '' THEN '{}'::jsonb
	WHEN "description" ~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]'
		THEN jsonb_build_object('ja', btrim("description"))
	ELSE jsonb_build_object('en', btrim("description"))
END;--> statement-breakpoint
ALTER TABLE "kinds" ALTER COLUMN "descriptions" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "kinds" DROP COLUMN "description";
