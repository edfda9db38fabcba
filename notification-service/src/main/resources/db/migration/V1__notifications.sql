-- Contact settings of each user; absent row = defaults (token/event address, every kind on).
CREATE TABLE contact_settings (
  user_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
  email            VARCHAR(254) NULL,
  alert_firing     BOOLEAN      NOT NULL DEFAULT TRUE,
  alert_resolved   BOOLEAN      NOT NULL DEFAULT TRUE,
  password_changed BOOLEAN      NOT NULL DEFAULT TRUE,
  server_deleted   BOOLEAN      NOT NULL DEFAULT TRUE,
  operation_failed BOOLEAN      NOT NULL DEFAULT TRUE,
  updated_at       DATETIME(3)  NOT NULL
);

-- One row per (event, recipient, kind): the outbox of mails and the delivery log in one.
-- status: pending (waiting for its next attempt, or being attempted under a lease),
--         sent (the server answered 250 to the end of DATA), failed (5xx or unsendable),
--         expired (only transient failures until the deadline).
CREATE TABLE delivery (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id        CHAR(36)      NOT NULL,
  kind            VARCHAR(32)   NOT NULL,
  recipient       VARCHAR(254)  NOT NULL,
  owner_id        VARCHAR(64)   NOT NULL,
  server_id       VARCHAR(64)   NULL,
  subject         VARCHAR(500)  NOT NULL,
  text_body       MEDIUMTEXT    NOT NULL,
  html_body       MEDIUMTEXT    NOT NULL,
  status          VARCHAR(16)   NOT NULL,
  attempts        INT           NOT NULL DEFAULT 0,
  last_error      VARCHAR(1000) NULL,
  last_reply_code INT           NULL,
  created_at      DATETIME(3)   NOT NULL,
  next_attempt_at DATETIME(3)   NOT NULL,
  deadline_at     DATETIME(3)   NOT NULL,
  sent_at         DATETIME(3)   NULL,
  CONSTRAINT uk_delivery_event_recipient_kind UNIQUE (event_id, recipient, kind),
  INDEX ix_delivery_due (status, next_attempt_at),
  INDEX ix_delivery_owner (owner_id, id)
);
