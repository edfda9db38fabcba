-- A service's own schema, standing in for control's or alerting's: no outbox DDL here.
CREATE TABLE things (
  id   BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL
);
