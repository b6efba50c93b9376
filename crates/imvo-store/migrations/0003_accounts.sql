-- Accounts, sessions, API tokens and failed logins for `imvo serve`. The server hashes
-- passwords (argon2), session ids and tokens; the store only keeps the hashes.
-- Ids are assigned by the store (last + 1 in a write transaction). Times: microseconds UTC.
CREATE TABLE accounts (
    id              BIGINT  PRIMARY KEY,
    username        TEXT    NOT NULL UNIQUE,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL
        CHECK (role IN ('admin', 'ministry', 'secretariat', 'company', 'stakeholder')),
    organisation_id TEXT,
    password_hash   TEXT    NOT NULL,
    active          BOOLEAN NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT   PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    csrf_token TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id           BIGINT PRIMARY KEY,
    token_hash   TEXT   NOT NULL UNIQUE,
    account_id   BIGINT NOT NULL REFERENCES accounts (id),
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_by_account ON api_tokens (account_id);

CREATE TABLE failed_logins (
    username TEXT   NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX failed_logins_by_username ON failed_logins (username, at);
