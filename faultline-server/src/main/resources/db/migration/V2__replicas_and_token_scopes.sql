-- Faultline control plane, schema version 2: replicas on one PostgreSQL database (run leases),
-- team scopes and expiry of tokens, and the indexes the run list reads with. Runs unchanged on
-- H2 2.x and PostgreSQL 12+.

-- The replica executing a run holds it with a lease it renews; a lease left to expire means the
-- replica died, and another one reverts the run's faults and marks it interrupted.
ALTER TABLE runs ADD COLUMN executor VARCHAR(100);
ALTER TABLE runs ADD COLUMN lease_until_ms BIGINT;
-- A run accepted by a replica with no free slot waits unclaimed (executor NULL) for any replica
-- with one; what executing it needs beyond the stored document (the variables, unmasked) waits
-- here and is cleared when a replica claims it.
ALTER TABLE runs ADD COLUMN handover TEXT;
-- A run belongs to the team of its experiment (or of the token that submitted it inline).
ALTER TABLE runs ADD COLUMN team VARCHAR(100);
ALTER TABLE experiments ADD COLUMN team VARCHAR(100);

-- How to undo a fault from the record alone (the proxy, the toxic's generated name, ...), written
-- once the fault is in effect, so a replica that did not apply it can still remove exactly it.
ALTER TABLE faults ADD COLUMN undo TEXT;

ALTER TABLE tokens ADD COLUMN team VARCHAR(100);
ALTER TABLE tokens ADD COLUMN expires_ms BIGINT;

-- The run list pages newest first with a tie-break on id: one index walk, no sort of every run.
CREATE INDEX runs_by_time_id ON runs (submitted_ms, id);
CREATE INDEX runs_by_team_time ON runs (team, submitted_ms, id);
-- What each replica watches several times a second: its own live runs.
CREATE INDEX runs_by_executor ON runs (executor, status);
