package dev.latchkey.example.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import dev.latchkey.auth.http.javalin.AuthRole;
import dev.latchkey.example.orders.Problem.FieldError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The service's own HTTP routes. Latchkey's plugin checks the bearer token and the route's permission before each
 * handler runs; a handler's refusals are {@link Problem}s, answered by {@link HttpRules}: 400
 * {@code validation_failed}, 404 {@code not_found}, 409 {@code conflict}.
 */
final class OrderRoutes {
  static final String ORDERS = "/api/v1/orders";
  static final String QUEUE = "/api/v1/fulfilment/orders";
  private static final int MAX_ITEM = 100;
  private static final int MAX_QUANTITY = 100;
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 100;
  private static final Pattern UUID_TEXT = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
  /** Strict JSON: one object, no trailing data, no duplicate keys (which a proxy and the service could read apart). */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Orders orders;
  private final Clock clock;

  OrderRoutes(Orders orders, Clock clock) {
    this.orders = orders;
    this.clock = clock;
  }

  /**
   * Registers the routes. Each names the permission it needs; Latchkey's plugin checks it before the handler runs,
   * with the core's {@code AccessControl.authorize} (the caller's roles as they are now, so a role taken away applies
   * at once; administrators hold every permission): 401 {@code invalid_token} without a valid token or API key, 403
   * {@code forbidden} without the permission.
   */
  void register(JavalinConfig cfg) {
    AuthRole read = AuthRole.permission(OrderAccess.READ);
    AuthRole write = AuthRole.permission(OrderAccess.WRITE);
    AuthRole fulfil = AuthRole.permission(OrderAccess.FULFIL);
    cfg.routes.post(ORDERS, this::place, write);
    cfg.routes.get(ORDERS, this::mine, read);
    cfg.routes.get(ORDERS + "/{id}", this::one, read);
    cfg.routes.post(ORDERS + "/{id}/cancel", this::cancel, write);
    cfg.routes.get(QUEUE, this::queue, fulfil);
    cfg.routes.post(QUEUE + "/{id}/ship", this::ship, fulfil);
  }

  /** {@code POST /api/v1/orders {"item": "...", "quantity": n}}: 201 with the order and its Location. */
  private void place(Context ctx) {
    Principal me = caller(ctx);
    JsonNode body = body(ctx);
    List<FieldError> errors = new ArrayList<>();
    String item = item(body.get("item"), errors);
    int quantity = quantity(body.get("quantity"), errors);
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    Order order = orders.place(me.userId().value(), item, quantity, clock.instant());
    ctx.header("Location", ORDERS + "/" + order.id());
    respond(ctx, 201, order.toJson());
  }

  /** {@code GET /api/v1/orders[?status=placed][&limit=n]}: the caller's orders, newest first. */
  private void mine(Context ctx) {
    Principal me = caller(ctx);
    Query query = query(ctx);
    respond(ctx, 200, Map.of("orders", orders.ownedBy(me.userId().value(), query.status(), query.limit()).stream()
        .map(Order::toJson).toList()));
  }

  /** {@code GET /api/v1/orders/{id}}: one of the caller's orders; anyone else's is a 404, as if it did not exist. */
  private void one(Context ctx) {
    Principal me = caller(ctx);
    respond(ctx, 200, orders.findOwned(id(ctx), me.userId().value()).orElseThrow(Problem::orderNotFound).toJson());
  }

  /** {@code POST /api/v1/orders/{id}/cancel}: a placed order of the caller's becomes cancelled. */
  private void cancel(Context ctx) {
    Principal me = caller(ctx);
    UUID id = id(ctx);
    UUID owner = me.userId().value();
    Order order = orders.transition(id, owner, Order.Status.PLACED, Order.Status.CANCELLED, clock.instant())
        .orElseThrow(() -> orders.findOwned(id, owner).map(OrderRoutes::notPlaced)
            .orElseGet(Problem::orderNotFound));
    respond(ctx, 200, order.toJson());
  }

  /** {@code GET /api/v1/fulfilment/orders[?status=placed][&limit=n]}: everyone's orders, oldest first. */
  private void queue(Context ctx) {
    Query query = query(ctx);
    respond(ctx, 200, Map.of("orders", orders.all(query.status(), query.limit()).stream()
        .map(Order::toFulfilmentJson).toList()));
  }

  /** {@code POST /api/v1/fulfilment/orders/{id}/ship}: a placed order becomes shipped. */
  private void ship(Context ctx) {
    UUID id = id(ctx);
    Order order = orders.transition(id, null, Order.Status.PLACED, Order.Status.SHIPPED, clock.instant())
        .orElseThrow(() -> orders.find(id).map(OrderRoutes::notPlaced)
            .orElseGet(Problem::orderNotFound));
    respond(ctx, 200, order.toFulfilmentJson());
  }

  /** Who is calling: the plugin has checked the token and the route's permission before the handler runs. */
  private static Principal caller(Context ctx) {
    return ctx.with(AuthPlugin.class).requirePrincipal();
  }

  private static void respond(Context ctx, int status, Object json) {
    ctx.status(status).json(json);
  }

  /**
   * The body as one JSON object; an empty body reads as {@code {}} (its fields are then reported missing).
   * {@link HttpRules} has already refused a body that is not {@code application/json} (415) or too large (413).
   */
  private static JsonNode body(Context ctx) {
    byte[] bytes = HttpRules.body(ctx);
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // malformed JSON (the parser's message quotes the input, so it goes nowhere) or a body cut short
    }
    throw Problem.validation("body", "must be one JSON object");
  }

  private static String item(@Nullable JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError("item", "is required"));
      return "";
    }
    String item = node.isTextual() ? node.textValue().strip() : null;
    if (item == null || item.isEmpty() || item.length() > MAX_ITEM || CONTROL.matcher(item).find()) {
      errors.add(new FieldError("item", "must be text of 1 to " + MAX_ITEM + " characters without control "
          + "characters"));
      return "";
    }
    return item;
  }

  private static int quantity(@Nullable JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError("quantity", "is required"));
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1
        || node.intValue() > MAX_QUANTITY) {
      errors.add(new FieldError("quantity", "must be a whole number from 1 to " + MAX_QUANTITY));
      return 0;
    }
    return node.intValue();
  }

  /** An order id from the path; anything that is not one names no order (404, as Latchkey's own routes answer). */
  private static UUID id(Context ctx) {
    String text = ctx.pathParam("id");
    if (!UUID_TEXT.matcher(text).matches()) {
      throw Problem.orderNotFound();
    }
    return UUID.fromString(text);
  }

  private record Query(Order.@Nullable Status status, int limit) {}

  private static Query query(Context ctx) {
    List<FieldError> errors = new ArrayList<>();
    Order.Status status = null;
    String statusText = ctx.queryParam("status");
    if (statusText != null) {
      try {
        status = Order.Status.parse(statusText);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("status", "must be placed, cancelled or shipped"));
      }
    }
    int limit = DEFAULT_LIMIT;
    String limitText = ctx.queryParam("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    return new Query(status, limit);
  }

  private static Problem notPlaced(Order order) {
    return Problem.of(409, "conflict", "the order is " + order.status().text() + ": only a placed order can change");
  }
}
