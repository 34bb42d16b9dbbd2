-- Fleet agents (issue 12): the last hello of every agent name, so the API lists agents that are
-- not connected now, and when they were last seen. Runs on H2 2.x and PostgreSQL 12+.
CREATE TABLE agents (
  name          VARCHAR(100)  NOT NULL PRIMARY KEY,
  hello         TEXT          NOT NULL,
  token_id      VARCHAR(40),
  first_seen_ms BIGINT        NOT NULL,
  last_seen_ms  BIGINT        NOT NULL,
  connected     BOOLEAN       NOT NULL
);
