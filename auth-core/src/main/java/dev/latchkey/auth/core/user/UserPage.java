package dev.latchkey.auth.core.user;

import java.util.List;

/**
 * A page of users, oldest account first.
 *
 * @param items the users on this page
 * @param page the page number, from 1
 * @param size the requested page size
 * @param total how many users match in all
 */
public record UserPage(List<User> items, int page, int size, long total) {
  /** Copies the items. */
  public UserPage {
    items = List.copyOf(items);
  }
}
