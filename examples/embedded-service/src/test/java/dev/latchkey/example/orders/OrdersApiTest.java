package dev.latchkey.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.auth.testkit.Race;
import dev.latchkey.example.orders.TestService.Answer;
import dev.latchkey.example.orders.TestService.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service as its clients see it, over HTTP: accounts (with email verification through the mailed link) and role
 * grants go through Latchkey's API, orders through the service's own routes, each guarded by a permission.
 */
class OrdersApiTest {
  @RegisterExtension
  static final TestService SERVICE = new TestService(config -> config.withRequiredEmailVerification(true));

  private static final String SOMEONES_ORDER = "/api/v1/orders/" + UUID.randomUUID();
  private static final Map<String, Object> BOOK = Map.of("item", "The Pragmatic Programmer", "quantity", 2);

  /** Every route of the service, as (method, path). */
  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of("POST", "/api/v1/orders"),
        Arguments.of("GET", "/api/v1/orders"),
        Arguments.of("GET", SOMEONES_ORDER),
        Arguments.of("POST", SOMEONES_ORDER + "/cancel"),
        Arguments.of("GET", "/api/v1/fulfilment/orders"),
        Arguments.of("POST", "/api/v1/fulfilment/orders/" + UUID.randomUUID() + "/ship"));
  }

  private static Answer call(String method, String path, String token) {
    return method.equals("GET") ? SERVICE.get(path, token) : SERVICE.post(path, token, BOOK);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void withoutAValidTokenEveryRouteIs401(String method, String path) {
    for (String token : new String[] {null, "not-a-token", "eyJhbGciOiJub25lIn0.e30."}) {
      Answer answer = call(method, path, token);
      answer.problem(401, "invalid_token");
      assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void aSignedInUserWithoutARoleIs403(String method, String path) {
    call(method, path, nobody().accessToken).problem(403, "forbidden");
  }

  private static User nobody;

  /** One user without roles for every route (sign-ups per address are rate-limited). */
  private static synchronized User nobody() {
    if (nobody == null) {
      nobody = SERVICE.signUp("nobody");
    }
    return nobody;
  }

  @Test
  void aUserWithoutTheWritePermissionPlacesNothing() {
    User shopper = SERVICE.signUp("shopper");
    SERVICE.post("/api/v1/orders", shopper.accessToken, BOOK).problem(403, "forbidden");
    SERVICE.grant(shopper, "customer");
    SERVICE.refresh(shopper);
    assertThat(SERVICE.get("/api/v1/orders", shopper.accessToken).json().path("orders")).isEmpty();
  }

  @Test
  void aCustomerPlacesListsReadsAndCancelsTheirOrders() {
    User alice = SERVICE.signUp("alice");
    String before = alice.accessToken;
    SERVICE.grant(alice, "customer");
    // A role change refuses the access tokens issued before it: the client refreshes and gets the new roles.
    SERVICE.get("/api/v1/orders", before).problem(401, "invalid_token");
    SERVICE.refresh(alice);

    Answer placed = SERVICE.post("/api/v1/orders", alice.accessToken, BOOK);
    assertThat(placed.status()).as(placed.response().body()).isEqualTo(201);
    String id = placed.json().path("id").asText();
    assertThat(placed.header("Location")).isEqualTo("/api/v1/orders/" + id);
    assertThat(placed.header("Cache-Control")).isEqualTo("no-store");
    assertThat(placed.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(placed.json().path("item").asText()).isEqualTo("The Pragmatic Programmer");
    assertThat(placed.json().path("quantity").asInt()).isEqualTo(2);
    assertThat(placed.json().path("status").asText()).isEqualTo("placed");
    assertThat(placed.json().has("owner_id")).isFalse();
    Answer second = SERVICE.post("/api/v1/orders", alice.accessToken, Map.of("item", "  Tea  ", "quantity", 1));
    assertThat(second.json().path("item").asText()).isEqualTo("Tea");

    Answer mine = SERVICE.get("/api/v1/orders", alice.accessToken);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(ids(mine)).containsExactly(second.json().path("id").asText(), id); // newest first
    assertThat(ids(SERVICE.get("/api/v1/orders?limit=1", alice.accessToken))).hasSize(1);

    Answer one = SERVICE.get("/api/v1/orders/" + id, alice.accessToken);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json()).isEqualTo(placed.json());

    Answer cancelled = SERVICE.post("/api/v1/orders/" + id + "/cancel", alice.accessToken, null);
    assertThat(cancelled.status()).as(cancelled.response().body()).isEqualTo(200);
    assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
    SERVICE.post("/api/v1/orders/" + id + "/cancel", alice.accessToken, null).problem(409, "conflict");
    assertThat(ids(SERVICE.get("/api/v1/orders?status=cancelled", alice.accessToken))).containsExactly(id);
    assertThat(ids(SERVICE.get("/api/v1/orders?status=placed", alice.accessToken)))
        .containsExactly(second.json().path("id").asText());
  }

  @Test
  void aUserCannotReadOrCancelAnotherUsersOrderAndCannotTellItExists() {
    User alice = customer("alice");
    User bob = customer("bob");
    String id = SERVICE.post("/api/v1/orders", alice.accessToken, BOOK).json().path("id").asText();

    // Someone else's order answers exactly as an order that does not exist: no 403 telling bob that it does.
    JsonNode theirs = SERVICE.get("/api/v1/orders/" + id, bob.accessToken).problem(404, "not_found");
    JsonNode nobodys = SERVICE.get(SOMEONES_ORDER, bob.accessToken).problem(404, "not_found");
    assertThat(theirs).isEqualTo(nobodys);
    JsonNode cancelTheirs = SERVICE.post("/api/v1/orders/" + id + "/cancel", bob.accessToken, null)
        .problem(404, "not_found");
    assertThat(cancelTheirs).isEqualTo(SERVICE.post(SOMEONES_ORDER + "/cancel", bob.accessToken, null)
        .problem(404, "not_found"));
    assertThat(ids(SERVICE.get("/api/v1/orders", bob.accessToken))).doesNotContain(id);

    assertThat(SERVICE.get("/api/v1/orders/" + id, alice.accessToken).json().path("status").asText())
        .isEqualTo("placed");
  }

  @Test
  void fulfilmentSeesEveryOrderAndShipsItButCannotOrder() {
    User customer = customer("customer");
    User warehouse = SERVICE.signUp("warehouse");
    SERVICE.grant(warehouse, "fulfilment");
    SERVICE.refresh(warehouse);
    String id = SERVICE.post("/api/v1/orders", customer.accessToken, BOOK).json().path("id").asText();

    // Customers do not see the queue.
    SERVICE.get("/api/v1/fulfilment/orders", customer.accessToken).problem(403, "forbidden");
    SERVICE.post("/api/v1/fulfilment/orders/" + id + "/ship", customer.accessToken, null).problem(403, "forbidden");

    Answer queue = SERVICE.get("/api/v1/fulfilment/orders?status=placed", warehouse.accessToken);
    assertThat(queue.status()).isEqualTo(200);
    JsonNode listed = find(queue, id);
    assertThat(listed.path("owner_id").asText()).isEqualTo(customer.id);

    Answer shipped = SERVICE.post("/api/v1/fulfilment/orders/" + id + "/ship", warehouse.accessToken, null);
    assertThat(shipped.status()).as(shipped.response().body()).isEqualTo(200);
    assertThat(shipped.json().path("status").asText()).isEqualTo("shipped");
    SERVICE.post("/api/v1/fulfilment/orders/" + id + "/ship", warehouse.accessToken, null).problem(409, "conflict");
    SERVICE.post("/api/v1/orders/" + id + "/cancel", customer.accessToken, null).problem(409, "conflict");
    SERVICE.post("/api/v1/fulfilment/orders/" + UUID.randomUUID() + "/ship", warehouse.accessToken, null)
        .problem(404, "not_found");
    assertThat(SERVICE.get("/api/v1/orders/" + id, customer.accessToken).json().path("status").asText())
        .isEqualTo("shipped");

    // The fulfilment role grants only orders:fulfil: the warehouse account neither orders nor has orders to read.
    SERVICE.post("/api/v1/orders", warehouse.accessToken, BOOK).problem(403, "forbidden");
    SERVICE.get("/api/v1/orders", warehouse.accessToken).problem(403, "forbidden");
  }

  @Test
  void aCancelAndAShipmentRacingForOneOrderCannotBothSucceed() {
    User customer = customer("racer");
    User warehouse = SERVICE.signUp("packer");
    SERVICE.grant(warehouse, "fulfilment");
    SERVICE.refresh(warehouse);
    for (int round = 0; round < 5; round++) {
      String id = SERVICE.post("/api/v1/orders", customer.accessToken, BOOK).json().path("id").asText();
      List<Answer> answers = Race.run(2, i -> i == 0
          ? SERVICE.post("/api/v1/orders/" + id + "/cancel", customer.accessToken, null)
          : SERVICE.post("/api/v1/fulfilment/orders/" + id + "/ship", warehouse.accessToken, null));
      List<Answer> won = answers.stream().filter(a -> a.status() == 200).toList();
      assertThat(won).as("exactly one of cancel and ship succeeds").hasSize(1);
      answers.stream().filter(a -> a.status() != 200).forEach(a -> a.problem(409, "conflict"));
      assertThat(SERVICE.get("/api/v1/orders/" + id, customer.accessToken).json().path("status").asText())
          .isEqualTo(won.get(0).json().path("status").asText());
    }
  }

  @Test
  void aWarehouseSystemUsesAnApiKeyCarryingTheFulfilmentRole() {
    User customer = customer("customer");
    String id = SERVICE.post("/api/v1/orders", customer.accessToken, BOOK).json().path("id").asText();
    Answer key = SERVICE.post("/api/v1/admin/api-keys", SERVICE.adminToken(),
        Map.of("name", "warehouse robot", "roles", List.of("fulfilment")));
    assertThat(key.status()).as(key.response().body()).isEqualTo(201);
    String secret = key.json().path("secret").asText();

    assertThat(find(SERVICE.get("/api/v1/fulfilment/orders", secret), id).path("status").asText())
        .isEqualTo("placed");
    assertThat(SERVICE.post("/api/v1/fulfilment/orders/" + id + "/ship", secret, null).status()).isEqualTo(200);
    SERVICE.post("/api/v1/orders", secret, BOOK).problem(403, "forbidden");

    // A deleted key stops working at once.
    assertThat(SERVICE.delete("/api/v1/admin/api-keys/" + key.json().path("id").asText(), SERVICE.adminToken())
        .status()).isEqualTo(204);
    SERVICE.get("/api/v1/fulfilment/orders", secret).problem(401, "invalid_token");
  }

  @Test
  void aRoleTakenAwayAppliesAtOnce() {
    User customer = customer("customer");
    assertThat(SERVICE.get("/api/v1/orders", customer.accessToken).status()).isEqualTo(200);
    SERVICE.revoke(customer, "customer");
    SERVICE.get("/api/v1/orders", customer.accessToken).problem(401, "invalid_token");
    SERVICE.refresh(customer);
    SERVICE.get("/api/v1/orders", customer.accessToken).problem(403, "forbidden");
  }

  @Test
  void anAdministratorHoldsEveryPermission() {
    assertThat(SERVICE.get("/api/v1/fulfilment/orders", SERVICE.adminToken()).status()).isEqualTo(200);
    assertThat(SERVICE.post("/api/v1/orders", SERVICE.adminToken(), BOOK).status()).isEqualTo(201);
  }

  @Test
  void theServiceCreatedItsRolesInLatchkey() {
    Answer roles = SERVICE.get("/api/v1/admin/roles", SERVICE.adminToken());
    assertThat(roles.status()).isEqualTo(200);
    Map<String, List<String>> granted = new java.util.TreeMap<>();
    roles.json().forEach(r -> {
      List<String> permissions = new ArrayList<>();
      r.path("permissions").forEach(p -> permissions.add(p.asText()));
      granted.put(r.path("name").asText(), permissions);
    });
    assertThat(granted).containsEntry("customer", List.of("orders:read", "orders:write"))
        .containsEntry("fulfilment", List.of("orders:fulfil"));
  }

  private static User customer(String name) {
    User user = SERVICE.signUp(name);
    SERVICE.grant(user, "customer");
    SERVICE.refresh(user);
    return user;
  }

  private static List<String> ids(Answer answer) {
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    answer.json().path("orders").forEach(o -> ids.add(o.path("id").asText()));
    return ids;
  }

  private static JsonNode find(Answer answer, String id) {
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    for (JsonNode order : answer.json().path("orders")) {
      if (order.path("id").asText().equals(id)) {
        return order;
      }
    }
    throw new AssertionError("order " + id + " not in " + answer.response().body());
  }
}
