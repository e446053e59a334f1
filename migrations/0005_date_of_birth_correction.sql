ALTER TABLE "users" DROP CONSTRAINT "users_age_range";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "date_of_birth_corrected_at" timestamp with time zone;