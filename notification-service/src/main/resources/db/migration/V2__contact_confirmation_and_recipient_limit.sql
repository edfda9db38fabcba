-- Mail bombing (docs/security.md, "Mail"): a chosen address receives nothing but its confirmation
-- mail until confirmed, and every recipient has a mail budget per window.

-- contact_settings.email is from now on the CONFIRMED chosen address (the one mail goes to).
-- A newly chosen address waits in pending_email; of its one-time code only the SHA-256 is kept.
ALTER TABLE contact_settings
  ADD COLUMN pending_email         VARCHAR(254) NULL,
  ADD COLUMN pending_code_sha256   CHAR(64)     NULL,
  ADD COLUMN pending_expires_at    DATETIME(3)  NULL,
  ADD COLUMN pending_failed_tries  INT          NOT NULL DEFAULT 0,
  ADD COLUMN confirmation_sent_at  DATETIME(3)  NULL;

-- Addresses chosen before confirmations existed were never confirmed: they become pending (no code
-- yet; the owner asks for one), and mail goes to the account's own address meanwhile.
UPDATE contact_settings SET pending_email = email, email = NULL WHERE email IS NOT NULL;

-- Mails to one address within its current window (fixed windows starting at the first mail):
-- taken atomically by a conditional UPDATE, so every instance shares one budget per recipient.
CREATE TABLE recipient_budget (
  recipient    VARCHAR(254) NOT NULL PRIMARY KEY,
  window_start DATETIME(3)  NOT NULL,
  used         INT          NOT NULL
);

-- status gains 'deferred': the recipient's budget was spent; next_attempt_at is when its window
-- ends, deferred_reason says why (shown in the delivery log).
ALTER TABLE delivery ADD COLUMN deferred_reason VARCHAR(200) NULL;
