-- Who polls Proxmox. Several collector instances may run; the one holding the lease polls and
-- renews it every cycle, the others stand by and take it once it has expired (PollerLease).
CREATE TABLE poller_lease (
  name VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  holder VARCHAR(160) NOT NULL,
  expires_at DATETIME(3) NOT NULL
) ENGINE = InnoDB;
