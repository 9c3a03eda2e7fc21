package dev.latchkey.example.orders;

import dev.latchkey.auth.core.AccessControl;
import dev.latchkey.auth.core.role.Role;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's permissions and the roles that grant them, kept in Latchkey's role store: administrators give users
 * a role with Latchkey's access API ({@code PUT /api/v1/users/{id}/roles/customer}) and change what a role grants
 * with {@code PUT /api/v1/admin/roles/{name}}, without a redeploy. Latchkey administrators hold every permission.
 */
final class OrderAccess {
  /** See one's own orders. */
  static final String READ = "orders:read";
  /** Place and cancel one's own orders. */
  static final String WRITE = "orders:write";
  /** See everyone's orders and ship them. */
  static final String FULFIL = "orders:fulfil";

  /** Customers read, place and cancel their own orders. */
  static final Role CUSTOMER = new Role("customer", null, "Places, reads and cancels their own orders",
      Set.of(READ, WRITE));
  /** Warehouse staff (or a warehouse system's API key) see the queue of every order and ship them. */
  static final Role FULFILMENT = new Role("fulfilment", null, "Sees every order and ships them", Set.of(FULFIL));

  private static final Logger LOG = LoggerFactory.getLogger(OrderAccess.class);

  private OrderAccess() {}

  /**
   * Creates the service's roles that do not exist yet. Existing ones are left as they are: an administrator may have
   * changed what they grant.
   */
  static void installRoles(AccessControl access) {
    for (Role role : List.of(CUSTOMER, FULFILMENT)) {
      if (access.roles().stream().noneMatch(r -> r.service() == null && r.name().equals(role.name()))) {
        access.saveRole(role);
        LOG.info("created role '{}' granting {}", role.name(), role.permissions());
      }
    }
  }
}
