-- History of samples. Both tables are partitioned by time (ts = epoch seconds) so that retention
-- drops whole partitions instead of running DELETEs; PartitionMaintenance splits new partitions
-- off pmax ahead of time and drops expired ones. Rows are keyed (server_id, ts): one server's
-- range is one index range scan.

-- Per-cycle samples, kept about an hour (the 1 h graph). Hourly partitions.
CREATE TABLE metric_raw (
  server_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ts INT UNSIGNED NOT NULL,
  cpu FLOAT NULL,
  mem FLOAT NULL,
  disk FLOAT NULL,
  net_in FLOAT NULL,
  net_out FLOAT NULL,
  PRIMARY KEY (server_id, ts)
) ENGINE = InnoDB
PARTITION BY RANGE (ts) (
  PARTITION p0 VALUES LESS THAN (1),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

-- 1-minute rollups (average and max of the cycle samples of that minute), kept 7 days by default.
-- Daily partitions. cpu/mem/disk in percent, net in bytes/s.
CREATE TABLE metric_rollup (
  server_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ts INT UNSIGNED NOT NULL,
  samples SMALLINT UNSIGNED NOT NULL,
  cpu_avg FLOAT NULL,
  cpu_max FLOAT NULL,
  mem_avg FLOAT NULL,
  mem_max FLOAT NULL,
  disk_avg FLOAT NULL,
  disk_max FLOAT NULL,
  net_in_avg FLOAT NULL,
  net_in_max FLOAT NULL,
  net_out_avg FLOAT NULL,
  net_out_max FLOAT NULL,
  PRIMARY KEY (server_id, ts)
) ENGINE = InnoDB
PARTITION BY RANGE (ts) (
  PARTITION p0 VALUES LESS THAN (1),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);
