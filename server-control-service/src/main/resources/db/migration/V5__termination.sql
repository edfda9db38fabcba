-- A terminated server is suspended until its grace period ends, then deleted; lifting the
-- suspension within the grace restores it.
ALTER TABLE servers
  ADD COLUMN terminate_at DATETIME(3) NULL,
  ADD KEY ix_servers_terminate_at (terminate_at);
