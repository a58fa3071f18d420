/*
 * A small SQLite client (SQLite itself is built from the amalgamation in better-sqlite3's npm
 * package, see build.mjs): opens the database file given as argv[1], creates a table, inserts
 * rows inside a transaction (a rollback journal next to the database), adds more in a second
 * transaction, queries them back and prints what it read. Any SQLite error is printed with its
 * message and ends the program with exit code 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include "sqlite3.h"

static sqlite3 *db;

static void fail(const char *what) {
  fprintf(stderr, "sqlite-notes: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
  exit(1);
}

static void exec(const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite-notes: %s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sqlite-notes DATABASE\n");
    return 2;
  }
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    fail("open");
  exec("PRAGMA journal_mode=DELETE");
  exec("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  exec("BEGIN");
  sqlite3_stmt *insert;
  if (sqlite3_prepare_v2(db, "INSERT INTO notes(body) VALUES (?1)", -1, &insert, NULL) != SQLITE_OK)
    fail("prepare insert");
  char body[64];
  for (int i = 1; i <= 500; i++) {
    snprintf(body, sizeof body, "note number %d", i);
    sqlite3_bind_text(insert, 1, body, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(insert) != SQLITE_DONE) fail("insert");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  exec("COMMIT");
  exec("BEGIN; UPDATE notes SET body = body || ' (edited)' WHERE id % 100 = 0; COMMIT");
  sqlite3_stmt *query;
  if (sqlite3_prepare_v2(db, "SELECT count(*), sum(length(body)), (SELECT body FROM notes WHERE id = 300) FROM notes", -1, &query, NULL) != SQLITE_OK)
    fail("prepare query");
  if (sqlite3_step(query) != SQLITE_ROW) fail("query");
  printf("rows=%d bytes=%d row300=%s\n", sqlite3_column_int(query, 0), sqlite3_column_int(query, 1),
         (const char *)sqlite3_column_text(query, 2));
  sqlite3_finalize(query);
  if (sqlite3_close(db) != SQLITE_OK) fail("close");
  printf("sqlite %s ok\n", sqlite3_libversion());
  return 0;
}
