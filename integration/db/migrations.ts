/**
 * The schema, as an ordered list of migrations kept in code: migration n brings
 * a database from `user_version` n-1 to n. Never edit one that has shipped;
 * append another.
 */
export const migrations: readonly string[] = [
  `
  -- Agent accounts as QueryAgentInfo reports them (docs/vendor/cc-management.md). The softphone
  -- password is sealed with AES-256-GCM (see accounts/secret-box.ts), never stored in clear.
  CREATE TABLE agent_accounts (
    account_code   TEXT PRIMARY KEY,
    work_no        INTEGER NOT NULL,
    sip_account    TEXT NOT NULL,
    sip_pwd_sealed BLOB NOT NULL,
    synced_at      INTEGER NOT NULL,
    removed_at     INTEGER
  ) STRICT;

  -- What the last sync learnt besides the agents (sipServiceIp, sipServicePort, lastSyncAt).
  CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- The CRM's own logins, each bound to one agent account.
  CREATE TABLE users (
    username            TEXT PRIMARY KEY COLLATE NOCASE,
    account_code        TEXT NOT NULL UNIQUE REFERENCES agent_accounts (account_code),
    password_hash       TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
  ) STRICT;

  -- Sessions by the SHA-256 of their cookie value, so a copy of the database opens no session.
  CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;

  -- Bar tokens already accepted by the verification API (one use each), kept until they expire.
  CREATE TABLE used_token_ids (
    jti        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- The CRM's customers: who calls from which number, their account and language (crm/customers.ts).
  CREATE TABLE customers (
    phone      TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    account_no TEXT UNIQUE,
    tier       TEXT NOT NULL DEFAULT 'standard',
    language   TEXT
  ) STRICT;

  -- Every call an agent of the CRM was offered, from the offer to its end (crm/call-log.ts).
  CREATE TABLE call_log (
    callid       TEXT NOT NULL,
    account_code TEXT NOT NULL,
    work_no      INTEGER NOT NULL,
    number       TEXT NOT NULL,
    customer     TEXT,
    offered_at   INTEGER NOT NULL,
    answered_at  INTEGER,
    ended_at     INTEGER,
    duration_sec INTEGER,
    disposition  TEXT,
    PRIMARY KEY (callid, account_code)
  ) STRICT;
  CREATE INDEX call_log_by_time ON call_log (offered_at);
  `,
];
