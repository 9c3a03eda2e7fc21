package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.ImportedUser;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Importing a seed-style users table (the Flask stack's shape: bcrypt {@code $2b$} hashes) into Latchkey. */
class SeedImportIT {
  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();

  @Test
  @DisplayName("imported users log in with their old passwords and are re-hashed to Argon2id")
  void importsSeedTable() throws Exception {
    BCryptPasswordEncoder flaskStyle = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 10);
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("create table public.seed_users (id serial primary key, username varchar(80) unique not null, "
          + "email varchar(120) unique not null, password_hash varchar(255) not null, is_admin boolean not null "
          + "default false, is_active boolean not null default true, created_at timestamp not null default now())");
      try (PreparedStatement insert = c.prepareStatement(
          "insert into public.seed_users (username, email, password_hash, is_admin) values (?, ?, ?, ?)")) {
        String[][] rows = {{"admin", "admin@example.com", "old admin passphrase", "true"},
            {"jdoe", "jdoe@example.com", "john's old passphrase", "false"},
            {"mira", "Mira@Example.com", "mira's old passphrase", "false"}};
        for (String[] row : rows) {
          insert.setString(1, row[0]);
          insert.setString(2, row[1]);
          insert.setString(3, flaskStyle.encode(row[2]));
          insert.setBoolean(4, Boolean.parseBoolean(row[3]));
          insert.executeUpdate();
        }
      }
      MutableClock clock = MutableClock.standard();
      Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
          .stores(DB.stores(clock)).build();
      List<User> imported = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "select username, email, password_hash, is_admin, is_active, created_at from public.seed_users")) {
        while (rs.next()) {
          assertThat(rs.getString("password_hash")).startsWith("$2b$10$");
          imported.add(auth.admin().importUser(new ImportedUser(rs.getString("username"), rs.getString("email"),
              true, null, rs.getString("password_hash"), rs.getBoolean("is_admin"), rs.getBoolean("is_active"),
              rs.getTimestamp("created_at").toInstant())));
        }
      }
      assertThat(imported).hasSize(3);
      assertThat(auth.login("jdoe", "john's old passphrase", ClientInfo.unknown()))
          .isInstanceOf(LoginResult.Success.class);
      assertThat(auth.login("MIRA@example.com", "mira's old passphrase", ClientInfo.unknown()))
          .isInstanceOf(LoginResult.Success.class);
      assertThat(auth.login("admin", "wrong passphrase", ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
      var admin = (LoginResult.Success) auth.login("admin", "old admin passphrase", ClientInfo.unknown());
      assertThat(admin.tokens().roles()).contains("admin");
      assertThat(auth.admin().user(imported.get(1).id()).orElseThrow().passwordHash())
          .startsWith("{argon2}$argon2id$");
      assertThatThrownBy(() -> auth.admin().importUser(new ImportedUser("eve", "eve@example.com", true, null,
          "plaintext-password", false, true, clock.instant()))).isInstanceOf(ValidationException.class);
    }
  }
}
