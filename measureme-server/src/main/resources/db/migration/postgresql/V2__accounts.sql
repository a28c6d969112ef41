-- Accounts: a password (Argon2id, in Spring Security's encoded form) per user and the last use of each API
-- key. Sessions live in Redis in the distributed profile.
ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);
-- Login throttling: failed attempts in the window that started at failed_window_start.
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_window_start TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;

-- Deleted accounts: events of the account that were still in the pipeline when it was deleted (received up to
-- deleted_ms) are dropped when they reach the store, instead of being stored without an owner.
CREATE TABLE deleted_users (
    user_name   VARCHAR(64)  PRIMARY KEY,
    deleted_ms  BIGINT       NOT NULL
);
