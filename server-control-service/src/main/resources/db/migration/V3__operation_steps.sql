-- Operations are sequences of steps (a create places, creates and starts its guest), resumable by
-- any instance from what is stored: the step it is at, what it was asked to do (never a secret),
-- and when it last moved.
ALTER TABLE operations
  ADD COLUMN step       INT          NOT NULL DEFAULT 0,
  ADD COLUMN params     TEXT         NULL,
  ADD COLUMN updated_at DATETIME(3)  NULL;
UPDATE operations SET updated_at = COALESCE(finished_at, started_at);
ALTER TABLE operations MODIFY updated_at DATETIME(3) NOT NULL;
ALTER TABLE operations ADD KEY ix_operations_unfinished (finished_at, updated_at);

-- A server is recorded before Proxmox is asked for anything: node and vmid are known once the
-- create's first step placed it.
ALTER TABLE servers
  MODIFY node VARCHAR(64) NULL,
  MODIFY vmid INT NULL;
