package dev.latchkey.example.orders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * The service's own table, {@code orders.orders}, in plain JDBC over the pool it shares with Latchkey. A database
 * failure is an {@link UnavailableException} (a 503 problem). Thread-safe.
 */
final class Orders {
  /** The schema of the service's tables, next to Latchkey's {@code auth}. */
  static final String SCHEMA = "orders";
  private static final String COLUMNS = "id, owner_id, item, quantity, status, created_at, updated_at";

  private final DataSource db;

  Orders(DataSource db) {
    this.db = db;
  }

  /**
   * Applies the service's pending migrations ({@code db/migration/orders}) to its schema, with a history table of
   * its own so that they never mix with Latchkey's.
   */
  static void migrate(DataSource db) {
    Flyway.configure().dataSource(db).schemas(SCHEMA).defaultSchema(SCHEMA).table("orders_schema_history")
        .locations("classpath:db/migration/orders").createSchemas(true).load().migrate();
  }

  /** Stores a new order, placed now. */
  Order place(UUID owner, String item, int quantity, Instant time) {
    Instant now = stored(time);
    Order order = new Order(UUID.randomUUID(), owner, item, quantity, Order.Status.PLACED, now, now);
    update("insert into orders.orders (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)", ps -> {
      ps.setObject(1, order.id());
      ps.setObject(2, order.ownerId());
      ps.setString(3, order.item());
      ps.setInt(4, order.quantity());
      ps.setString(5, order.status().text());
      ps.setTimestamp(6, Timestamp.from(now));
      ps.setTimestamp(7, Timestamp.from(now));
    });
    return order;
  }

  /** The order, if it exists and belongs to {@code owner}: someone else's order is as absent as a missing one. */
  Optional<Order> findOwned(UUID id, UUID owner) {
    return query("select " + COLUMNS + " from orders.orders where id = ? and owner_id = ?", ps -> {
      ps.setObject(1, id);
      ps.setObject(2, owner);
    }).stream().findFirst();
  }

  /** The order, whoever owns it (for fulfilment). */
  Optional<Order> find(UUID id) {
    return query("select " + COLUMNS + " from orders.orders where id = ?", ps -> ps.setObject(1, id)).stream()
        .findFirst();
  }

  /** The owner's orders, newest first, optionally only those in {@code status}. */
  List<Order> ownedBy(UUID owner, Order.@Nullable Status status, int limit) {
    return query("select " + COLUMNS + " from orders.orders where owner_id = ? and (?::varchar is null or status = ?)"
        + " order by created_at desc, id limit ?", ps -> {
          ps.setObject(1, owner);
          ps.setString(2, status == null ? null : status.text());
          ps.setString(3, status == null ? null : status.text());
          ps.setInt(4, limit);
        });
  }

  /** Everyone's orders, oldest first (the fulfilment queue), optionally only those in {@code status}. */
  List<Order> all(Order.@Nullable Status status, int limit) {
    return query("select " + COLUMNS + " from orders.orders where (?::varchar is null or status = ?)"
        + " order by created_at, id limit ?", ps -> {
          ps.setString(1, status == null ? null : status.text());
          ps.setString(2, status == null ? null : status.text());
          ps.setInt(3, limit);
        });
  }

  /**
   * Moves the order from {@code from} to {@code to} in one statement, so that two concurrent requests (a cancel and
   * a shipment) cannot both succeed; restricted to {@code owner}'s orders when given. Empty when the order does not
   * exist, is not the owner's, or is no longer in {@code from}.
   */
  Optional<Order> transition(UUID id, @Nullable UUID owner, Order.Status from, Order.Status to, Instant now) {
    return query("update orders.orders set status = ?, updated_at = ? where id = ? and status = ?"
        + " and (?::uuid is null or owner_id = ?) returning " + COLUMNS, ps -> {
          ps.setString(1, to.text());
          ps.setTimestamp(2, Timestamp.from(stored(now)));
          ps.setObject(3, id);
          ps.setString(4, from.text());
          ps.setObject(5, owner);
          ps.setObject(6, owner);
        }).stream().findFirst();
  }

  /** The instant as PostgreSQL keeps it (microseconds), so that an answer says what a later read will. */
  private static Instant stored(Instant time) {
    return time.truncatedTo(ChronoUnit.MICROS);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Order> query(String sql, Binder binder) {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<Order> orders = new ArrayList<>();
        while (rs.next()) {
          orders.add(new Order(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
              rs.getInt(4), Order.Status.parse(rs.getString(5)), rs.getTimestamp(6).toInstant(),
              rs.getTimestamp(7).toInstant()));
        }
        return orders;
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private void update(String sql, Binder binder) {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** The SQL state only: a driver message may quote the values of the statement. */
  private static UnavailableException unavailable(SQLException e) {
    return new UnavailableException("the orders database failed (SQL state " + e.getSQLState() + ")");
  }

  /** The database could not answer; the message names the SQL state only. */
  static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message) {
      super(message);
    }
  }
}
