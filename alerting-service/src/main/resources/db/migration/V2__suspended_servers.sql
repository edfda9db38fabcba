-- A server the provider suspended (billing) raises no alerts: its samples are not evaluated until
-- the suspension ends (server.inventory's `suspended`).
ALTER TABLE server_owner ADD COLUMN suspended BOOLEAN NOT NULL DEFAULT FALSE;
