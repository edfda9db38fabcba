-- One-time console sessions the gateway's relay redeems. Only a hash of the token is stored.
CREATE TABLE console_sessions (
  token_hash  CHAR(64)     NOT NULL PRIMARY KEY,
  server_id   CHAR(36)     NOT NULL,
  user_id     VARCHAR(64)  NOT NULL,
  console     VARCHAR(8)   NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  expires_at  DATETIME(3)  NOT NULL,
  used_at     DATETIME(3)  NULL,
  KEY ix_console_expiry (expires_at)
);
