-- Fleet agents belong to the team of the token they connect with (null: no team): a run of a team
-- aims only at that team's agents, a team-scoped token lists only them. Runs on H2 2.x and
-- PostgreSQL 12+.
ALTER TABLE agents ADD COLUMN team VARCHAR(100);
