-- The control service's own database: servers and what they are made from, their snapshots,
-- asynchronous operations and the audit log. The outbox's table comes from service-outbox.

CREATE TABLE plans (
  id              VARCHAR(64)  NOT NULL PRIMARY KEY,
  name            VARCHAR(100) NOT NULL,
  cores           INT          NOT NULL,
  memory_mib      INT          NOT NULL,
  swap_mib        INT          NOT NULL,
  disk_gib        INT          NOT NULL,
  snapshot_quota  INT          NOT NULL,
  disk_from_agent BOOLEAN      NOT NULL DEFAULT FALSE,
  active          BOOLEAN      NOT NULL DEFAULT TRUE,
  created_at      DATETIME(3)  NOT NULL,
  updated_at      DATETIME(3)  NOT NULL
);

CREATE TABLE templates (
  id          VARCHAR(64)  NOT NULL PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  os_type     VARCHAR(32)  NOT NULL,
  volume_id   VARCHAR(255) NOT NULL,
  active      BOOLEAN      NOT NULL DEFAULT TRUE,
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL
);

CREATE TABLE servers (
  id           CHAR(36)     NOT NULL PRIMARY KEY,
  owner_id     VARCHAR(64)  NOT NULL,
  owner_email  VARCHAR(254) NULL,
  cluster      VARCHAR(64)  NOT NULL,
  node         VARCHAR(64)  NOT NULL,
  vmid         INT          NOT NULL,
  guest_type   VARCHAR(8)   NOT NULL,
  hostname     VARCHAR(63)  NOT NULL,
  plan_id      VARCHAR(64)  NULL,
  template_id  VARCHAR(64)  NULL,
  status       VARCHAR(16)  NOT NULL,
  ip           VARCHAR(64)  NULL,
  created_at   DATETIME(3)  NOT NULL,
  updated_at   DATETIME(3)  NOT NULL,
  UNIQUE KEY uk_servers_guest (cluster, vmid),
  KEY ix_servers_owner (owner_id)
);

CREATE TABLE snapshots (
  id           CHAR(36)     NOT NULL PRIMARY KEY,
  server_id    CHAR(36)     NOT NULL,
  name         VARCHAR(40)  NOT NULL,
  description  VARCHAR(255) NOT NULL DEFAULT '',
  parent       VARCHAR(40)  NULL,
  created_at   DATETIME(3)  NOT NULL,
  UNIQUE KEY uk_snapshots_name (server_id, name)
);

CREATE TABLE operations (
  id           CHAR(36)     NOT NULL PRIMARY KEY,
  server_id    CHAR(36)     NOT NULL,
  kind         VARCHAR(32)  NOT NULL,
  state        VARCHAR(16)  NOT NULL,
  upid         VARCHAR(255) NULL,
  error        VARCHAR(1000) NULL,
  requested_by VARCHAR(64)  NOT NULL,
  started_at   DATETIME(3)  NOT NULL,
  finished_at  DATETIME(3)  NULL,
  -- Non-null only while the operation is queued or running: the unique key makes "one running
  -- operation per server" a database guarantee, not a race between two requests.
  active_lock  CHAR(36)     NULL,
  UNIQUE KEY uk_operations_active (active_lock),
  KEY ix_operations_server (server_id, started_at)
);

CREATE TABLE actions (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  server_id   CHAR(36)     NOT NULL,
  actor_id    VARCHAR(64)  NOT NULL,
  action      VARCHAR(48)  NOT NULL,
  result      VARCHAR(16)  NOT NULL,
  detail      VARCHAR(1000) NULL,
  at          DATETIME(3)  NOT NULL,
  KEY ix_actions_server (server_id, id)
);
