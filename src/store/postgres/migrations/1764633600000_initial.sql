-- Up Migration
-- The first schema of the PostgreSQL store. Every table mirrors a part of the file store
-- (src/store/layout.ts), so `paperboy store copy` is a plain row-for-row move.

-- Issues: the summary columns the index needs, and the whole checked issue as JSON.
CREATE TABLE issues (
  date        text NOT NULL,
  edition     text NOT NULL,
  title       text NOT NULL,
  sections    text[] NOT NULL,
  issue       jsonb NOT NULL,
  imported_at text NOT NULL,
  pushed_at   text,
  PRIMARY KEY (date, edition)
);

-- Chats: the columns listChats filters on, and the whole chat record. `seq` keeps the order chats
-- were first stored in, as the file store lists them.
CREATE TABLE chats (
  id         text PRIMARY KEY,
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  platform   text NOT NULL,
  state      text NOT NULL,
  subscribed boolean NOT NULL,
  chat       jsonb NOT NULL
);
CREATE INDEX chats_platform_state ON chats (platform, state);
CREATE INDEX chats_seq ON chats (seq);

CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Named collections: applications, dialogue state, the audit log, broadcast drafts, ...
CREATE TABLE records (
  collection text NOT NULL,
  id         text NOT NULL,
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  record     jsonb NOT NULL,
  PRIMARY KEY (collection, id)
);

-- The delivery ledger: one row per ledger (a push or a broadcast) and its lines in the order written.
-- Lines are only ever inserted, like the file ledger's JSON Lines; `kind` and `key` are copied out of
-- the line so a person can ask "which chats never got part 2?" in SQL.
CREATE TABLE ledgers (
  id         text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE ledger_lines (
  ledger_id text NOT NULL REFERENCES ledgers (id),
  seq       bigint GENERATED ALWAYS AS IDENTITY,
  kind      text NOT NULL,
  key       text,
  line      jsonb NOT NULL,
  PRIMARY KEY (ledger_id, seq)
);

-- Down Migration
DROP TABLE ledger_lines;
DROP TABLE ledgers;
DROP TABLE records;
DROP TABLE settings;
DROP TABLE chats;
DROP TABLE issues;
