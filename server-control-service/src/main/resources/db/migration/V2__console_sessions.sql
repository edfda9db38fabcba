-- One-time console sessions the gateway's relay redeems. Only a hash of the session id is
-- stored. A VM's VNC ticket is taken when the session is made (the browser needs its password
-- first) and deleted with the session; a container's terminal ticket is taken at redemption.
CREATE TABLE console_sessions (
  token_hash  CHAR(64)     NOT NULL PRIMARY KEY,
  server_id   CHAR(36)     NOT NULL,
  user_id     VARCHAR(64)  NOT NULL,
  console     VARCHAR(8)   NOT NULL,
  pve_user    VARCHAR(128) NULL,
  pve_ticket  VARCHAR(512) NULL,
  pve_port    INT          NULL,
  created_at  DATETIME(3)  NOT NULL,
  expires_at  DATETIME(3)  NOT NULL,
  used_at     DATETIME(3)  NULL,
  KEY ix_console_expiry (expires_at)
);
