ALTER TABLE "photo_generations" ADD COLUMN "reference_photo_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "photo_generations" ADD COLUMN "reference_embeddings" jsonb;--> statement-breakpoint
ALTER TABLE "photo_generations" ADD COLUMN "withheld" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "photo_generations" ADD COLUMN "credits_refunded" integer DEFAULT 0 NOT NULL;