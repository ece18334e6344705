// Package migrations runs its own migrations through Exec: it is a
// migration package because its import path says so.
package migrations

// Constants declared in one file and executed in another: findings point
// into the literal here.
const createAccounts = `
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    owner text NOT NULL
);`

const addBalance = `ALTER TABLE accounts ADD COLUMN balance numeric NOT NULL;` // want `require-lock-timeout: ALTER TABLE "accounts"` `add-column-required: adding column "balance" to "accounts" as NOT NULL without a default`

const prefix = "ALTER TABLE accounts " // want `drop-column: dropping column "owner" of "accounts"`

// A constant built by concatenation still maps to its literals.
const dropOwner = prefix + "DROP COLUMN owner"
