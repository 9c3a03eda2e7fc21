package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.testkit.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Migrations: from an empty schema, idempotent on re-run, confined to their own schema and history table. */
class MigrationIT {
  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();

  private static List<String> tables(Connection c, String schema) throws Exception {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "select table_name from information_schema.tables where table_schema = '" + schema + "' order by 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Test
  @DisplayName("an empty schema is created and migrated; a second run changes nothing")
  void emptyThenIdempotent() throws Exception {
    String schema = PostgresDatabase.newSchemaName();
    DB.create(MutableClock.standard(), schema);
    try (Connection c = DB.dataSource().getConnection()) {
      List<String> first = tables(c, schema);
      assertThat(first).contains("users", "sessions", "revoked_tokens", "one_time_tokens", "rate_limits", "roles",
          "role_assignments", "services", "api_keys", "signing_keys", "events", "oauth_providers", "oauth_accounts",
          PostgresStores.HISTORY_TABLE);
      PostgresStores.migrate(DB.dataSource(), schema);
      assertThat(tables(c, schema)).isEqualTo(first);
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "select max(cast(version as int)) from " + schema + "." + PostgresStores.HISTORY_TABLE
              + " where success and type = 'SQL'")) {
        rs.next();
        assertThat(Integer.toString(rs.getInt(1))).isEqualTo(PostgresStores.LATEST_MIGRATION);
      }
    }
  }

  @Test
  @DisplayName("LATEST_MIGRATION names the newest migration file, so an up-to-date schema skips Flyway")
  void latestMigrationIsTheNewestFile() throws Exception {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration/latchkey"))) {
      int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
      assertThat(PostgresStores.LATEST_MIGRATION).isEqualTo(Integer.toString(newest));
    }
  }

  @Test
  @DisplayName("a schema behind the newest migration is migrated by Flyway again")
  void behindIsMigrated() throws Exception {
    String schema = PostgresDatabase.newSchemaName();
    DB.create(MutableClock.standard(), schema);
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement()) {
      // Undo the newest migration (V5) by hand, as if this schema had been migrated by the previous release, with
      // providers configured then: V5 trusts only the built-in types and keeps an http loopback issuer usable.
      st.execute("alter table " + schema + ".oauth_providers drop column trust_email_verified");
      st.execute("alter table " + schema + ".oauth_providers drop column is_local");
      for (String row : List.of("'gh', 'GitHub', 'GITHUB', null", "'corp', 'Corp', 'OIDC', 'https://idp.example.com'",
          "'dev', 'Dev', 'OIDC', 'http://localhost:8080/realms/dev'")) {
        st.execute("insert into " + schema + ".oauth_providers (name, display_name, type, issuer, client_id,"
            + " encrypted_client_secret, scopes, enabled, created_at) values (" + row + ", 'c', 'v1.x', '', true,"
            + " now())");
      }
      st.execute("delete from " + schema + "." + PostgresStores.HISTORY_TABLE + " where version = '"
          + PostgresStores.LATEST_MIGRATION + "'");
      PostgresStores.migrate(DB.dataSource(), schema);
      try (ResultSet rs = st.executeQuery("select name, trust_email_verified, is_local from " + schema
          + ".oauth_providers order by name")) {
        List<String> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getBoolean(3));
        }
        assertThat(rows).containsExactly("corp false false", "dev false true", "gh true false");
      }
    }
  }

  @Test
  @DisplayName("the host application's own tables and Flyway history are left alone")
  void sharesADatabase() throws Exception {
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("create table if not exists public.flyway_schema_history (id int)");
      st.execute("create table if not exists public.users (id int, note text)");
      st.execute("insert into public.users values (1, 'host data')");
      String schema = PostgresDatabase.newSchemaName();
      DB.create(MutableClock.standard(), schema);
      try (ResultSet rs = st.executeQuery("select note from public.users")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("host data");
      }
      assertThat(tables(c, "public")).containsExactlyInAnyOrder("flyway_schema_history", "users");
    }
  }
}
