-- The headshot styles users choose from. Upserted so later edits can ship as new migrations
-- that re-run this pattern; updated_at drives the styles list's ETag.
-- Models: black-forest-labs/flux-kontext-pro is commercially licensed for API outputs; styles
-- must not use models with non-commercial weights (FLUX.1-dev, InsightFace) in a paid product.
-- preview_url stays NULL until preview images are produced and hosted; the apps show a placeholder.
INSERT INTO "style_templates" ("id", "name", "description", "preview_url", "industry_focus", "formality_level", "subscription_required", "sort_order", "is_active", "prompt", "negative_prompt", "background", "attire", "model", "render_params") VALUES
('corporate-classic', 'Corporate Classic', 'Navy suit, soft grey studio backdrop, even light. The safe choice for finance, consulting and law.', NULL, ARRAY['finance','consulting','law','enterprise'], 'formal', false, 10, true,
 'Professional corporate headshot of the same person, wearing a tailored navy suit and white shirt, neutral soft grey studio backdrop, soft even key light, sharp focus on the eyes, natural skin texture, head and shoulders, LinkedIn profile photo', 'cartoon, illustration, distorted face, extra fingers, heavy makeup, plastic skin, watermark, text', 'soft grey studio', 'navy suit, white shirt', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#9aa3ad","backgroundBottom":"#5f6872","warmth":0,"contrast":1.05,"saturation":0.95,"faceWidth":0.42}'),
('modern-tech', 'Modern Tech', 'Smart-casual, bright office with soft bokeh. Startups, engineering and product.', NULL, ARRAY['technology','startups','engineering','product'], 'smart_casual', false, 20, true,
 'Modern tech-industry headshot of the same person, smart casual crew-neck sweater, bright modern office background with soft bokeh, natural window light, friendly confident expression, head and shoulders', 'cartoon, suit and tie, dark background, distorted face, watermark, text', 'bright office bokeh', 'smart casual knit', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#dfe7ee","backgroundBottom":"#aebfcc","warmth":0.15,"contrast":1.0,"saturation":1.05,"faceWidth":0.4}'),
('creative-studio', 'Creative Studio', 'Colour backdrop and directional light for designers, artists and marketers.', NULL, ARRAY['design','marketing','media','arts'], 'casual', false, 30, true,
 'Creative studio portrait of the same person, solid deep teal paper backdrop, directional soft light with gentle shadow, stylish casual outfit, confident relaxed expression, head and shoulders', 'corporate suit, cluttered background, distorted face, watermark, text', 'teal paper backdrop', 'stylish casual', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#2f6f73","backgroundBottom":"#174347","warmth":0.1,"contrast":1.15,"saturation":1.15,"faceWidth":0.42}'),
('executive', 'Executive', 'Dark backdrop, dramatic but flattering light. Board bios and leadership pages.', NULL, ARRAY['leadership','finance','enterprise'], 'formal', true, 40, true,
 'Executive portrait of the same person, charcoal suit, dark graduated studio backdrop, low-key Rembrandt lighting, composed authoritative expression, head and shoulders, magazine quality', 'cartoon, bright background, casual clothes, distorted face, watermark, text', 'dark graduated backdrop', 'charcoal suit', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#3a3d42","backgroundBottom":"#16181b","warmth":0.05,"contrast":1.2,"saturation":0.9,"faceWidth":0.4}'),
('healthcare', 'Healthcare', 'Clean white-coat or scrubs look with a light clinical background.', NULL, ARRAY['healthcare','medicine','dentistry','nursing'], 'professional', false, 50, true,
 'Healthcare professional headshot of the same person, white coat over a light blue shirt, clean bright clinic background softly blurred, warm approachable smile, head and shoulders', 'blood, hospital bed, distorted face, watermark, text', 'bright clinic', 'white coat', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#f1f5f8","backgroundBottom":"#cdd9e2","warmth":0.1,"contrast":1.0,"saturation":0.95,"faceWidth":0.42}'),
('legal-finance', 'Legal & Finance', 'Conservative suit, bookshelf or panelled background, trustworthy light.', NULL, ARRAY['law','finance','accounting','banking'], 'formal', true, 60, true,
 'Conservative professional headshot of the same person, dark suit, softly blurred wood-panelled library background, even flattering light, trustworthy expression, head and shoulders', 'casual clothes, bright colours, distorted face, watermark, text', 'wood-panelled library', 'dark suit', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#6b5443","backgroundBottom":"#3b2c22","warmth":0.3,"contrast":1.1,"saturation":0.9,"faceWidth":0.4}'),
('real-estate', 'Real Estate', 'Warm, outdoorsy and welcoming: the face on your listings and signs.', NULL, ARRAY['real estate','sales','hospitality'], 'smart_casual', false, 70, true,
 'Warm welcoming headshot of the same person, blazer over open-collar shirt, softly blurred bright residential street background, golden-hour light, big genuine smile, head and shoulders', 'dark background, stern expression, distorted face, watermark, text', 'sunny street bokeh', 'blazer, open collar', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#e9d7b9","backgroundBottom":"#b89d74","warmth":0.45,"contrast":1.0,"saturation":1.1,"faceWidth":0.42}'),
('academic', 'Academic', 'Understated and credible: faculty pages, conference programmes, grant applications.', NULL, ARRAY['academia','research','education','science'], 'professional', false, 80, true,
 'Understated academic portrait of the same person, knit blazer or cardigan, softly blurred university library background, natural daylight, thoughtful friendly expression, head and shoulders', 'flashy, heavy retouching, distorted face, watermark, text', 'university library', 'knit blazer', 'black-forest-labs/flux-kontext-pro',
 '{"backgroundTop":"#c9c1b1","backgroundBottom":"#8c8273","warmth":0.2,"contrast":1.0,"saturation":0.9,"faceWidth":0.4}')
ON CONFLICT ("id") DO UPDATE SET
  "name" = EXCLUDED."name", "description" = EXCLUDED."description", "preview_url" = EXCLUDED."preview_url",
  "industry_focus" = EXCLUDED."industry_focus", "formality_level" = EXCLUDED."formality_level",
  "subscription_required" = EXCLUDED."subscription_required", "sort_order" = EXCLUDED."sort_order",
  "is_active" = EXCLUDED."is_active", "prompt" = EXCLUDED."prompt", "negative_prompt" = EXCLUDED."negative_prompt",
  "background" = EXCLUDED."background", "attire" = EXCLUDED."attire", "model" = EXCLUDED."model",
  "render_params" = EXCLUDED."render_params", "updated_at" = now();
