-- Issue 26, item 1: a shop's profile on its storefront page: a description,
-- a logo and a cover photo (storage key prefixes; the files are
-- `${key}-logo.webp` / `${key}-cover.webp` in the image storage).
ALTER TABLE shops
  ADD COLUMN description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
  ADD COLUMN logo_key text CHECK (logo_key IS NULL OR char_length(logo_key) <= 300),
  ADD COLUMN cover_key text CHECK (cover_key IS NULL OR char_length(cover_key) <= 300);
