package dev.latchkey.example.orders;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One order as the service stores it.
 *
 * @param id its id
 * @param ownerId the Latchkey user who placed it (the access token's {@code sub})
 * @param item what was ordered
 * @param quantity how many, 1 to 100
 * @param status where it is
 * @param createdAt when it was placed
 * @param updatedAt when its status last changed
 */
record Order(UUID id, UUID ownerId, String item, int quantity, Status status, Instant createdAt, Instant updatedAt) {

  /** Requires every field. */
  Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The JSON a customer sees (snake_case, like Latchkey's own API). */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id.toString());
    json.put("item", item);
    json.put("quantity", quantity);
    json.put("status", status.text());
    json.put("created_at", createdAt.toString());
    json.put("updated_at", updatedAt.toString());
    return json;
  }

  /** The JSON fulfilment staff see: the customer's order plus who placed it. */
  Map<String, Object> toFulfilmentJson() {
    Map<String, Object> json = toJson();
    json.put("owner_id", ownerId.toString());
    return json;
  }

  /** Where an order is: placed, then either cancelled by its owner or shipped by fulfilment. */
  enum Status {
    PLACED("placed"),
    CANCELLED("cancelled"),
    SHIPPED("shipped");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    /** The name in JSON and in the database. */
    String text() {
      return text;
    }

    /** The status named {@code text}; an {@link IllegalArgumentException} for any other. */
    static Status parse(String text) {
      for (Status s : values()) {
        if (s.text.equals(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown status");
    }
  }
}
