package postgres

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Team roles. An annotator reads the articles, the schema, the
// assignments, the pattern sets and the suggestions and writes spans,
// relations, statuses and their decisions on suggestions; a curator may
// also plan the work (tagdesk assign), store pattern sets and run
// suggestions (tagdesk patterns, tagdesk suggest). Importing, changing the schema and
// managing the team are the owner's: the role that owns the tables (the
// one that ran tagdesk init). Each is a group role, NOLOGIN, of which
// members are made; role names are the server's, so the same group serves
// every corpus database on it, with grants per database.
const (
	RoleAnnotator = "annotator"
	RoleCurator   = "curator"
	// Gold is the annotator whose spans a curator writes in blind mode
	// besides their own: the adjudicated version.
	Gold = "gold"
)

// groupRole is the server's group role of a team role.
func groupRole(role string) string { return "tagdesk_" + role }

// roleName is what a member's name may be: a plain SQL identifier, so
// that the name people type is the role's name and the annotator's.
var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// ErrDenied wraps what the server refused for want of a privilege or a
// row-level security policy (blind mode).
var ErrDenied = errors.New("not allowed")

// User returns the connection's PostgreSQL role (current_user): the
// annotator of what is done through this store.
func (db *DB) User() string { return db.user }

// AddMember makes name (a new or existing login role) an annotator or a
// curator of this database and grants the team's group roles what they
// need. A role that does not exist is created (LOGIN); password, when not
// empty, becomes its password, sent to the server as a SCRAM-SHA-256
// verifier only. It must be run by the owner, with CREATEROLE.
func (db *DB) AddMember(ctx context.Context, name, role string, password []byte) error {
	if role != RoleAnnotator && role != RoleCurator {
		return fmt.Errorf("role %q: want %s or %s", role, RoleAnnotator, RoleCurator)
	}
	if !roleName.MatchString(name) {
		return fmt.Errorf("name %q: use lower-case letters, digits and _ (a PostgreSQL role name that needs no quotes), at most 63", name)
	}
	if name == Gold {
		return fmt.Errorf("name %q is the curators' adjudicated annotator, not a person", name)
	}
	var verifier string
	if len(password) > 0 {
		var err error
		if verifier, err = scramVerifier(password); err != nil {
			return err
		}
	}
	return db.asOwner(ctx, func(tx pgx.Tx) error {
		return addMember(ctx, tx, name, role, verifier)
	})
}

func addMember(ctx context.Context, tx pgx.Tx, name, role, verifier string) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	id := pgx.Identifier{name}.Sanitize()
	switch {
	case !exists:
		q := `CREATE ROLE ` + id + ` LOGIN`
		if verifier != "" {
			q += ` PASSWORD ` + quoteLiteral(verifier)
		}
		if _, err := tx.Exec(ctx, q); err != nil {
			return denied(fmt.Errorf("create role %s: %w", name, err))
		}
	case verifier != "":
		if _, err := tx.Exec(ctx, `ALTER ROLE `+id+` PASSWORD `+quoteLiteral(verifier)); err != nil {
			return denied(fmt.Errorf("set the password of %s: %w", name, err))
		}
	}
	other := RoleCurator
	if role == RoleCurator {
		other = RoleAnnotator
	}
	if _, err := tx.Exec(ctx, `REVOKE `+groupRole(other)+` FROM `+id); err != nil {
		return denied(err)
	}
	if _, err := tx.Exec(ctx, `GRANT `+groupRole(role)+` TO `+id); err != nil {
		return denied(fmt.Errorf("make %s a %s: %w", name, role, err))
	}
	return nil
}

// asOwner runs fn in one transaction after grantTeam, and commits.
func (db *DB) asOwner(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.begin(ctx, pgx.TxOptions{})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := db.grantTeam(ctx, tx); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// quoteLiteral quotes s as an SQL string literal. Used for a SCRAM
// verifier only (base64, '$', ':' and digits): DDL takes no parameters.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// grantTeam creates the group roles if missing and grants them what they
// need in this database; run again at every AddMember and SetBlind, it
// also covers tables that later migrations add.
func (db *DB) grantTeam(ctx context.Context, tx pgx.Tx) error {
	var dbName, schema string
	if err := tx.QueryRow(ctx, `SELECT current_database(), current_schema()`).Scan(&dbName, &schema); err != nil {
		return err
	}
	a, c := groupRole(RoleAnnotator), groupRole(RoleCurator)
	both := a + ", " + c
	stmts := []string{}
	for _, g := range []string{a, c} {
		stmts = append(stmts, `DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '`+g+`') THEN CREATE ROLE `+g+` NOLOGIN; END IF;
		END $$`)
	}
	stmts = append(stmts,
		`GRANT CONNECT ON DATABASE `+pgx.Identifier{dbName}.Sanitize()+` TO `+both,
		`GRANT USAGE ON SCHEMA `+pgx.Identifier{schema}.Sanitize()+` TO `+both,
		`GRANT SELECT ON articles, schema, assignments, generation, migrations TO `+both,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON spans, relations, article_status TO `+both,
		`GRANT INSERT, UPDATE ON generation TO `+both,
		`GRANT SELECT, INSERT, DELETE ON review_decisions TO `+both,
		`GRANT SELECT ON pattern_sets, suggestions TO `+both,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON suggestion_decisions TO `+both,
		`GRANT INSERT, UPDATE, DELETE ON pattern_sets, suggestions TO `+c,
		`GRANT INSERT, UPDATE, DELETE ON assignments TO `+c,
	)
	for _, t := range []string{"spans", "relations"} {
		var seq string
		if err := tx.QueryRow(ctx, `SELECT pg_get_serial_sequence($1, 'id')`, t).Scan(&seq); err != nil {
			return err
		}
		stmts = append(stmts, `GRANT USAGE ON SEQUENCE `+seq+` TO `+both)
	}
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q); err != nil {
			return denied(fmt.Errorf("grant the team its rights (run this as the owner of the tables, a role with CREATEROLE): %w", err))
		}
	}
	return nil
}

// denied wraps err in ErrDenied when the server refused it for want of a
// privilege.
func denied(err error) error {
	var pe interface{ SQLState() string }
	if errors.As(err, &pe) && pe.SQLState() == "42501" {
		return fmt.Errorf("%w: %w", ErrDenied, err)
	}
	return err
}
