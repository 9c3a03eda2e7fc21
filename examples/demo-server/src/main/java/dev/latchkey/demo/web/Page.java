package dev.latchkey.demo.web;

import dev.latchkey.auth.core.password.PasswordPolicy;
import org.jspecify.annotations.Nullable;

/**
 * What every page's layout needs: its title, the CSRF token its forms carry (this browser's, masked anew for each page
 * view: see {@link Web}), who is signed in (null when nobody), the flash message to show once, the path (for the
 * navigation's {@code aria-current}) and which optional parts are on.
 */
public record Page(
    String title,
    String csrf,
    @Nullable Viewer viewer,
    @Nullable Flash flash,
    String path,
    boolean devMailbox,
    boolean selfRegistration,
    PasswordPolicy passwordPolicy) {

  /** Whether someone is signed in. */
  public boolean signedIn() {
    return viewer != null;
  }

  /** Whether the signed-in user is an administrator. */
  public boolean admin() {
    return viewer != null && viewer.admin();
  }

  /** Whether the navigation item for {@code prefix} is the current page (exact for "/", prefix otherwise). */
  public boolean current(String prefix) {
    return prefix.equals("/") ? path.equals("/") : path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
