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
];
