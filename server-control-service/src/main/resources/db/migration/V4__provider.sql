-- The provider's side: API keys for billing systems and staff tools, customers with their contact
-- and entitlements, and servers suspended by the provider.

-- Only the SHA-256 of a key's secret is kept; the key is shown once when it is made.
CREATE TABLE provider_keys (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(64)  NOT NULL,
  secret_sha256  CHAR(64)     NOT NULL,
  scopes         VARCHAR(128) NOT NULL,
  created_by     VARCHAR(64)  NOT NULL,
  created_at     DATETIME(3)  NOT NULL,
  expires_at     DATETIME(3)  NULL,
  revoked_at     DATETIME(3)  NULL,
  last_used_at   DATETIME(3)  NULL,
  UNIQUE KEY uk_provider_keys_secret (secret_sha256),
  UNIQUE KEY uk_provider_keys_name (name)
);

-- A customer as the provider knows them. Null limits: unlimited.
CREATE TABLE customers (
  id              VARCHAR(64)  NOT NULL PRIMARY KEY,
  email           VARCHAR(254) NULL,
  name            VARCHAR(200) NULL,
  locale          VARCHAR(35)  NULL,
  max_servers     INT          NULL,
  max_cores       INT          NULL,
  max_memory_mib  INT          NULL,
  max_disk_gib    INT          NULL,
  plans           VARCHAR(1000) NULL,
  created_at      DATETIME(3)  NOT NULL,
  updated_at      DATETIME(3)  NOT NULL
);

ALTER TABLE servers
  ADD COLUMN suspended_at   DATETIME(3)  NULL,
  ADD COLUMN suspend_reason VARCHAR(200) NULL;

-- Entries about the provider's own objects (keys, customers) have no server: they name their
-- subject instead (key:<id>, customer:<id>).
ALTER TABLE actions
  MODIFY server_id CHAR(36) NULL,
  ADD COLUMN subject VARCHAR(100) NULL,
  ADD KEY ix_actions_subject (subject, id);
