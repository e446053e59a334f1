-- Every style now has a preview image, served by the API itself: the public-domain portrait
-- shipped in worker/headshots/ through the style's own local preview pipeline, rendered once
-- into R2 (worker/headshots/style-previews.ts). preview_url holds the path; a full URL would
-- point at an image hosted elsewhere. This migration also moves the style catalogue's version
-- (the newest migration), so cached catalogues pick the URLs up.
UPDATE "style_templates" SET "preview_url" = '/v1/headshots/styles/' || "id" || '/preview.jpg', "updated_at" = now() WHERE "preview_url" IS NULL;
