package postgres_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

const teamText = "Canada froze the assets of Wang Junzheng and the Xinjiang bureau."

// asRole returns dbURL with role (and password, when not empty) as its user.
func asRole(dbURL, role, password string) string {
	u, _ := url.Parse(dbURL)
	u.User = url.User(role)
	if password != "" {
		u.User = url.UserPassword(role, password)
	}
	return u.String()
}

// teamDB is a database with one article, annotators <p>_alice and
// <p>_bob and curator <p>_carol (role names are the server's: each test
// has its own prefix p), each with a span, and blind mode on.
type teamDB struct {
	owner              *postgres.DB
	url                string
	alice, bob, carol  string
	article            int64
	aliceSpan, bobSpan annotate.Span
}

func newTeamDB(t *testing.T, prefix string) *teamDB {
	t.Helper()
	ctx := context.Background()
	owner, u := mustOpen(t)
	t.Cleanup(func() { owner.Close() })
	td := &teamDB{owner: owner, url: u, alice: prefix + "_alice", bob: prefix + "_bob", carol: prefix + "_carol"}
	tx, err := owner.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(ctx, &annotate.Record{Article: annotate.Article{ExtID: "a", Text: teamText}}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	list, err := owner.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil || len(list) != 1 {
		t.Fatal(list, err)
	}
	td.article = list[0].ID
	for _, m := range [][2]string{{td.alice, postgres.RoleAnnotator}, {td.bob, postgres.RoleAnnotator}, {td.carol, postgres.RoleCurator}} {
		if err := owner.AddMember(ctx, m[0], m[1], nil); err != nil {
			t.Fatalf("AddMember %s: %v", m[0], err)
		}
	}
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatalf("SetBlind: %v", err)
	}
	td.aliceSpan = td.addSpan(t, td.alice, "Canada", "JURISDICTION")
	td.bobSpan = td.addSpan(t, td.bob, "Wang Junzheng", "PERSON")
	return td
}

// open opens the store as role.
func (td *teamDB) open(t *testing.T, role string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), asRole(td.url, role, ""))
	if err != nil {
		t.Fatalf("open as %s: %v", role, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// addSpan adds a span as role, through the store, labelled by role.
func (td *teamDB) addSpan(t *testing.T, role, sub, label string) annotate.Span {
	t.Helper()
	db := td.open(t, role)
	if db.User() != role {
		t.Fatalf("User() = %q, want %q", db.User(), role)
	}
	sp := storetest.SpanOf(teamText, sub, label)
	sp.ArticleID, sp.Annotator = td.article, role
	if err := db.AddSpan(context.Background(), &sp); err != nil {
		t.Fatalf("AddSpan as %s: %v", role, err)
	}
	return sp
}

// sql connects as role with plain pgx, as anyone with psql could.
func (td *teamDB) sql(t *testing.T, role string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), asRole(td.url, role, ""))
	if err != nil {
		t.Fatalf("connect as %s: %v", role, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func count(t *testing.T, conn *pgx.Conn, q string, args ...any) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func affected(t *testing.T, conn *pgx.Conn, q string, args ...any) (int64, error) {
	t.Helper()
	tag, err := conn.Exec(context.Background(), q, args...)
	return tag.RowsAffected(), err
}

// TestBlindAnnotator: in blind mode an annotator connected with plain SQL
// reads and changes only their own spans, relations and statuses;
// PostgreSQL refuses the rest, whatever the program.
func TestBlindAnnotator(t *testing.T) {
	td := newTeamDB(t, "ba")
	alice := td.sql(t, td.alice)
	if n := count(t, alice, `SELECT count(*) FROM spans`); n != 1 {
		t.Errorf("alice reads %d spans, want her 1", n)
	}
	if n := count(t, alice, `SELECT count(*) FROM spans WHERE annotator = $1`, td.bob); n != 0 {
		t.Errorf("alice reads %d of bob's spans", n)
	}
	for _, q := range []string{
		`UPDATE spans SET label = 'ORG' WHERE annotator = $1`,
		`DELETE FROM spans WHERE annotator = $1`,
		`UPDATE article_status SET status = 'done' WHERE annotator = $1`,
	} {
		if n, err := affected(t, alice, q, td.bob); n != 0 || err != nil {
			t.Errorf("%s as alice: %d rows, %v; want none", q, n, err)
		}
	}
	_, err := affected(t, alice, `INSERT INTO spans (article_id, start, span_end, label, annotator, created, updated)
		VALUES ($1, 0, 6, 'ORG', $2, 0, 0)`, td.article, td.bob)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("alice inserting a span as bob: %v, want refused by row-level security", err)
	}
	_, err = affected(t, alice, `UPDATE spans SET annotator = $1 WHERE annotator = $2`, td.bob, td.alice)
	if err == nil {
		t.Error("alice could give her span to bob")
	}
	for _, q := range []string{`UPDATE schema SET body = '{}'`, `DELETE FROM articles`, `INSERT INTO assignments VALUES (1, 'x', 0)`} {
		if _, err := affected(t, alice, q); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as alice: %v, want permission denied", q, err)
		}
	}
	if n := count(t, alice, `SELECT count(*) FROM articles`); n != 1 {
		t.Errorf("alice reads %d articles, want 1", n)
	}

	// The store, as alice: the same from the program's side.
	ctx := context.Background()
	db := td.open(t, td.alice)
	if spans, err := db.Spans(ctx, td.article, td.bob); err != nil || len(spans) != 0 {
		t.Errorf("Spans of bob as alice: %v %v", spans, err)
	}
	sp := storetest.SpanOf(teamText, "Xinjiang bureau", "ORG")
	sp.ArticleID, sp.Annotator = td.article, td.bob
	if err := db.AddSpan(ctx, &sp); !errors.Is(err, postgres.ErrDenied) {
		t.Errorf("AddSpan as bob by alice: %v, want ErrDenied", err)
	}
	if err := db.DeleteSpan(ctx, td.bobSpan.ID); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("DeleteSpan of bob's span by alice: %v, want ErrNotFound (she cannot see it)", err)
	}
	if err := db.SetSchema(ctx, annotate.DefaultSchema()); !errors.Is(err, postgres.ErrDenied) {
		t.Errorf("SetSchema by alice: %v, want ErrDenied", err)
	}
	if err := db.SetStatus(ctx, td.article, td.alice, annotate.StatusDone); err != nil {
		t.Errorf("SetStatus of her own: %v", err)
	}

	// Blind mode off: alice reads bob's spans again.
	if err := td.owner.SetBlind(ctx, false); err != nil {
		t.Fatal(err)
	}
	if n := count(t, alice, `SELECT count(*) FROM spans`); n != 2 {
		t.Errorf("blind off: alice reads %d spans, want 2", n)
	}
}

// TestBlindCurator: a curator reads everyone's spans and writes the gold
// annotator's and their own, but not an annotator's.
func TestBlindCurator(t *testing.T) {
	td := newTeamDB(t, "bc")
	carol := td.sql(t, td.carol)
	if n := count(t, carol, `SELECT count(*) FROM spans`); n != 2 {
		t.Errorf("carol reads %d spans, want 2", n)
	}
	if n, err := affected(t, carol, `UPDATE spans SET label = 'ORG' WHERE annotator = $1`, td.alice); n != 0 || err != nil {
		t.Errorf("carol changing alice's span: %d rows, %v; want none", n, err)
	}
	ctx := context.Background()
	db := td.open(t, td.carol)
	gold := storetest.SpanOf(teamText, "Canada", "JURISDICTION")
	gold.ArticleID, gold.Annotator = td.article, postgres.Gold
	if err := db.AddSpan(ctx, &gold); err != nil {
		t.Fatalf("AddSpan of gold by carol: %v", err)
	}
	r := annotate.Relation{Head: td.aliceSpan.ID, Tail: td.bobSpan.ID, Label: "targets"}
	if err := db.AddRelation(ctx, &r); err == nil {
		t.Error("a relation between alice's and bob's spans was stored")
	}
	if spans, err := db.Spans(ctx, td.article, td.alice); err != nil || len(spans) != 1 {
		t.Errorf("Spans of alice as carol: %v %v", spans, err)
	}
	// The curator's review decisions (blind mode leaves them alone).
	if err := db.SetReviewDecision(ctx, td.article, postgres.Gold, "span 0 6", true); err != nil {
		t.Errorf("a review decision by carol: %v", err)
	}
	if keys, err := db.ReviewDecisions(ctx, td.article, postgres.Gold); err != nil || len(keys) != 1 {
		t.Errorf("review decisions read by carol: %q, %v", keys, err)
	}
	team, err := td.owner.Team(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range team {
		if strings.HasPrefix(m.Name, "bc_") || m.Name == postgres.Gold {
			got = append(got, m.Name+":"+m.Role+":"+string(rune('0'+m.Spans)))
		}
	}
	if want := "bc_alice:annotator:1 bc_bob:annotator:1 bc_carol:curator:0 gold::1"; strings.Join(got, " ") != want {
		t.Errorf("Team: %v, want %s", got, want)
	}
}

// TestTeamPassword: a member's password is set as a SCRAM verifier (the
// server never sees the password) and lets them in; a wrong one does not.
func TestTeamPassword(t *testing.T) {
	ctx := context.Background()
	owner, u := mustOpen(t)
	defer owner.Close()
	const pw = "correct horse battery"
	if err := owner.AddMember(ctx, "pw_dora", postgres.RoleAnnotator, []byte(pw)); err != nil {
		t.Fatal(err)
	}
	if err := srv.RequirePassword(ctx, "pw_dora"); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, asRole(u, "pw_dora", pw))
	if err != nil {
		t.Fatalf("open with the password: %v", err)
	}
	db.Close()
	if _, err := postgres.Open(ctx, asRole(u, "pw_dora", "wrong")); err == nil || strings.Contains(err.Error(), "wrong") {
		t.Errorf("open with a wrong password: %v, want refused without the password shown", err)
	}
	for _, bad := range [][2]string{{"Dora", postgres.RoleAnnotator}, {"x;drop", postgres.RoleAnnotator}, {"eve", "admin"}, {postgres.Gold, postgres.RoleCurator}} {
		if err := owner.AddMember(ctx, bad[0], bad[1], nil); err == nil {
			t.Errorf("AddMember(%q, %q) accepted", bad[0], bad[1])
		}
	}
}
