-- Accounts: a password (Argon2id, in Spring Security's encoded form) and login attempts per user, the last use of each API key,
-- and the HTTP sessions of the embedded mode (Spring Session JDBC's schema for H2; the distributed profile
-- keeps sessions in Redis).
ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);
-- Login throttling: failed attempts in the window that started at failed_window_start.
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_window_start TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE spring_session (
    primary_id             CHAR(36)      NOT NULL,
    session_id             CHAR(36)      NOT NULL,
    creation_time          BIGINT        NOT NULL,
    last_access_time       BIGINT        NOT NULL,
    max_inactive_interval  INT           NOT NULL,
    expiry_time            BIGINT        NOT NULL,
    principal_name         VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id  CHAR(36)        NOT NULL,
    attribute_name      VARCHAR(200)    NOT NULL,
    attribute_bytes     VARBINARY       NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- Deleted accounts: events of the account that were still in the pipeline when it was deleted (received up to
-- deleted_ms) are dropped when they reach the store, instead of being stored without an owner.
CREATE TABLE deleted_users (
    user_name   VARCHAR(64)  PRIMARY KEY,
    deleted_ms  BIGINT       NOT NULL
);
