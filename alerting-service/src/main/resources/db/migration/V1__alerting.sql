-- Times are epoch milliseconds (UTC) in BIGINT columns: exact, zone-free, fast to compare.

CREATE TABLE alert_rule (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(100) NOT NULL,
  metric         VARCHAR(20)  NOT NULL,
  operator       VARCHAR(2)   NOT NULL,
  threshold      DOUBLE       NOT NULL,
  for_seconds    INT          NOT NULL,
  repeat_seconds INT          NOT NULL,
  send_resolved  BOOLEAN      NOT NULL,
  enabled        BOOLEAN      NOT NULL,
  mute_until     BIGINT       NULL,
  scope          VARCHAR(10)  NOT NULL,
  owner_id       VARCHAR(64)  NULL,
  server_id      VARCHAR(64)  NULL,
  created_by     VARCHAR(64)  NULL,
  created_at     BIGINT       NOT NULL,
  updated_at     BIGINT       NOT NULL,
  KEY idx_alert_rule_owner (owner_id),
  KEY idx_alert_rule_server (server_id)
);

-- The three defaults of the previous system, now comparing percentages (0..100) with 90.
INSERT INTO alert_rule (id, name, metric, operator, threshold, for_seconds, repeat_seconds,
                        send_resolved, enabled, mute_until, scope, owner_id, server_id,
                        created_by, created_at, updated_at)
VALUES (1, 'CPU above 90 %', 'cpu', '>', 90, 300, 3600, TRUE, TRUE, NULL, 'global', NULL, NULL, NULL, 0, 0),
       (2, 'Memory above 90 %', 'memory', '>', 90, 300, 3600, TRUE, TRUE, NULL, 'global', NULL, NULL, NULL, 0, 0),
       (3, 'Disk above 90 %', 'disk', '>', 90, 300, 3600, TRUE, TRUE, NULL, 'global', NULL, NULL, NULL, 0, 0);

-- State of each (rule, server) pair that ever left "inactive".
CREATE TABLE rule_state (
  server_id         VARCHAR(64) NOT NULL,
  rule_id           BIGINT      NOT NULL,
  phase             VARCHAR(10) NOT NULL,
  active_since      BIGINT      NOT NULL,
  alert_id          CHAR(36)    NULL,
  last_announced_at BIGINT      NOT NULL,
  last_sample_at    BIGINT      NOT NULL,
  last_event_id     CHAR(36)    NULL,
  last_value        DOUBLE      NOT NULL,
  PRIMARY KEY (server_id, rule_id),
  KEY idx_rule_state_rule (rule_id)
);

-- Alert history: one row per firing episode.
CREATE TABLE alert (
  id         CHAR(36)     NOT NULL PRIMARY KEY,
  rule_id    BIGINT       NOT NULL,
  rule_name  VARCHAR(100) NOT NULL,
  server_id  VARCHAR(64)  NOT NULL,
  owner_id   VARCHAR(64)  NULL,
  metric     VARCHAR(20)  NOT NULL,
  operator   VARCHAR(2)   NOT NULL,
  threshold  DOUBLE       NOT NULL,
  value      DOUBLE       NULL,
  state      VARCHAR(10)  NOT NULL,
  starts_at  BIGINT       NOT NULL,
  ends_at    BIGINT       NULL,
  updated_at BIGINT       NOT NULL,
  KEY idx_alert_owner (owner_id, starts_at),
  KEY idx_alert_server (server_id, starts_at),
  KEY idx_alert_rule_open (rule_id, state)
);

-- Who owns which server, learnt from samples (ownerId) and server.inventory.
CREATE TABLE server_owner (
  server_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
  owner_id    VARCHAR(64)  NOT NULL,
  owner_email VARCHAR(255) NULL,
  server_name VARCHAR(255) NULL,
  updated_at  BIGINT       NOT NULL,
  KEY idx_server_owner_owner (owner_id)
);
