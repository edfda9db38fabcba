-- The transactional outbox (service-outbox): written with the state change, relayed to Kafka,
-- marked sent after the broker's ack. Applied by OutboxSchema with its own history table
-- (flyway_outbox_history), so these versions never meet the service's own.
CREATE TABLE outbox (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id    CHAR(36)     NOT NULL,
  topic       VARCHAR(128) NOT NULL,
  message_key VARCHAR(64)  NOT NULL,
  payload     LONGTEXT     NULL,          -- null: a tombstone for a compacted topic
  created_at  DATETIME(3)  NOT NULL,
  sent_at     DATETIME(3)  NULL,
  UNIQUE KEY uk_outbox_event (event_id, topic),
  KEY ix_outbox_pending (sent_at, id)
);
