-- Users of the HTTP API and their API tokens. Secrets are never stored: a password is kept as its bcrypt hash, a
-- token as the lowercase hex SHA-256 of its text (tokens are 256 random bits, so a fast hash is enough and lets a
-- request find its token by index).
CREATE TABLE api_user (
    user_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username            text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$'),
    password_hash       text NOT NULL CHECK (password_hash LIKE '$2%'),
    is_admin            boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- Set when the user may no longer sign in; their tokens stop working at once.
    disabled_at         timestamptz
);

-- An API token. It works while not revoked, not expired and its user is not disabled.
CREATE TABLE api_token (
    token_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id             bigint NOT NULL REFERENCES api_user (user_id) ON DELETE CASCADE,
    name                text NOT NULL DEFAULT '',
    token_hash          text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- Written at most once a minute per token, not on every request.
    last_used_at        timestamptz,
    expires_at          timestamptz,
    revoked_at          timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_id, token_id);
