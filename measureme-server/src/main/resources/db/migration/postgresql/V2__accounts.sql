-- Accounts: a password (Argon2id, in Spring Security's encoded form) per user and the last use of each API
-- key. Sessions live in Redis in the distributed profile.
ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
