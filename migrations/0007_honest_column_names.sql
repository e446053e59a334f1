ALTER TABLE "photo_analyses" RENAME COLUMN "photo_url" TO "photo_key";--> statement-breakpoint
ALTER TABLE "photo_generations" RENAME COLUMN "ai_confidence_score" TO "local_quality_score";--> statement-breakpoint
ALTER TABLE "generated_bios" DROP COLUMN "performance_metrics";--> statement-breakpoint
ALTER TABLE "photo_generations" DROP COLUMN "generated_photo_url";--> statement-breakpoint
ALTER TABLE "photo_generations" DROP COLUMN "thumbnail_url";--> statement-breakpoint
ALTER TABLE "success_metrics" DROP COLUMN "photo_set_id";