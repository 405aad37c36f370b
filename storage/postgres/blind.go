package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// blindTables are the tables whose rows belong to one annotator (the
// decisions on suggestions too; the suggestions themselves are shared).
var blindTables = []string{"spans", "relations", "article_status", "suggestion_decisions"}

// blindPolicies are the row-level security policies of blind mode, on
// each of blindTables (%[1]s), created by SetBlind(true). Permissive
// policies add up: an annotator reads and writes their own rows only; a
// curator reads every row and writes the gold annotator's and their own.
// The owner of the tables is not subject to them (PostgreSQL's rule for a
// table's owner), and a role in neither group sees no row at all.
var blindPolicies = []string{
	`CREATE POLICY tagdesk_own ON %[1]s TO tagdesk_annotator
		USING (annotator = current_user::text) WITH CHECK (annotator = current_user::text)`,
	`CREATE POLICY tagdesk_read ON %[1]s FOR SELECT TO tagdesk_curator USING (true)`,
	`CREATE POLICY tagdesk_gold ON %[1]s TO tagdesk_curator
		USING (annotator IN ('` + Gold + `', current_user::text)) WITH CHECK (annotator IN ('` + Gold + `', current_user::text))`,
}

// SetBlind turns blind mode on or off: with it on, PostgreSQL's row-level
// security lets each annotator see and change only their own spans,
// relations, statuses and decisions on suggestions (see blindPolicies). It must be run by the owner
// of the tables.
func (db *DB) SetBlind(ctx context.Context, on bool) error {
	return db.asOwner(ctx, func(tx pgx.Tx) error {
		return setBlind(ctx, tx, on)
	})
}

func setBlind(ctx context.Context, tx pgx.Tx, on bool) error {
	for _, t := range blindTables {
		stmts := []string{}
		if on {
			for _, p := range []string{"tagdesk_own", "tagdesk_read", "tagdesk_gold"} {
				stmts = append(stmts, `DROP POLICY IF EXISTS `+p+` ON `+t)
			}
			for _, p := range blindPolicies {
				stmts = append(stmts, fmt.Sprintf(p, t))
			}
			stmts = append(stmts, `ALTER TABLE `+t+` ENABLE ROW LEVEL SECURITY`)
		} else {
			stmts = append(stmts, `ALTER TABLE `+t+` DISABLE ROW LEVEL SECURITY`)
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q); err != nil {
				return denied(fmt.Errorf("blind mode on %s (run this as the owner of the tables): %w", t, err))
			}
		}
	}
	stmts := []string{`DROP POLICY IF EXISTS tagdesk_imported ON spans`}
	if on {
		stmts = append(stmts, importedPolicy)
	}
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q); err != nil {
			return denied(fmt.Errorf("blind mode on spans (run this as the owner of the tables): %w", err))
		}
	}
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, `{"kind":"unknown"}`)
	return err
}

// importedPolicy lets an annotator in blind mode read the spans imported
// without an annotator: no one's work, they are every annotator's
// suggestions of source "imported". Reading only: such a span is not
// theirs to change.
const importedPolicy = `CREATE POLICY tagdesk_imported ON spans FOR SELECT TO tagdesk_annotator USING (annotator = '')`

// Blind reports whether blind mode is on.
func (db *DB) Blind(ctx context.Context) (bool, error) {
	var on bool
	err := db.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT relrowsecurity FROM pg_class WHERE oid = 'spans'::regclass`).Scan(&on)
	})
	return on, err
}

// Member is one person of the team as Team lists them.
type Member struct {
	Name  string
	Role  string // RoleAnnotator, RoleCurator, "owner", or "" for an annotator with no role of their own (imported work, gold)
	Spans int    // their spans
	Done  int    // articles they marked done
}

// Team lists the owner, every member of the team's group roles and every
// annotator with spans or statuses, by name, with their spans and done
// articles (as far as the caller may see them: in blind mode an annotator
// sees their own).
func (db *DB) Team(ctx context.Context) ([]Member, error) {
	var out []Member
	err := db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			WITH roles AS (
				SELECT r.rolname::text AS name, substr(g.rolname, 9) AS role
				FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
				WHERE g.rolname IN ('tagdesk_annotator', 'tagdesk_curator')
				UNION
				SELECT pg_get_userbyid(relowner)::text, 'owner' FROM pg_class WHERE oid = 'spans'::regclass
			), names AS (
				SELECT name FROM roles
				UNION SELECT annotator FROM spans
				UNION SELECT annotator FROM article_status
			)
			SELECT n.name, coalesce((SELECT string_agg(role, ',' ORDER BY role) FROM roles r WHERE r.name = n.name), ''),
				(SELECT count(*) FROM spans s WHERE s.annotator = n.name),
				(SELECT count(*) FROM article_status st WHERE st.annotator = n.name AND st.status = 'done')
			FROM names n ORDER BY n.name COLLATE "C"`)
		if err != nil {
			return err
		}
		var m Member
		_, err = pgx.ForEachRow(rows, []any{&m.Name, &m.Role, &m.Spans, &m.Done}, func() error { out = append(out, m); return nil })
		return err
	})
	return out, err
}
