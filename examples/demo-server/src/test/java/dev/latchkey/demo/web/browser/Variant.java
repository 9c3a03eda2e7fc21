package dev.latchkey.demo.web.browser;

import java.util.List;
import java.util.Locale;

/**
 * One way a person sees a page: a viewport (desktop 1280×900 or phone 390×844) and a colour scheme (light or dark).
 * {@link Browser#variant(Variant)} applies one; {@link #ALL} lists the four every catalogued page is checked in.
 */
public enum Variant {
  /** 1280×900, light. */
  DESKTOP_LIGHT(1280, 900, false, false),
  /** 1280×900, dark ({@code prefers-color-scheme: dark}). */
  DESKTOP_DARK(1280, 900, false, true),
  /** 390×844 (a phone, mobile viewport rules), light. */
  PHONE_LIGHT(390, 844, true, false),
  /** 390×844, dark. */
  PHONE_DARK(390, 844, true, true);

  /**
   * The variants {@link Screenshots#all} goes through: all four, desktop first, unless the system property
   * {@code latchkey.browser.variants} names some (e.g. {@code -Dlatchkey.browser.variants=desktop-light} for a
   * quicker run while working on a page; comma-separated labels).
   */
  public static final List<Variant> ALL = selected(System.getProperty("latchkey.browser.variants", ""));

  /** Viewport width in CSS pixels. */
  public final int width;
  /** Viewport height in CSS pixels. */
  public final int height;
  /** Whether the viewport is a phone's (the page's {@code meta viewport} applies). */
  public final boolean phone;
  /** Whether the page is asked for its dark scheme. */
  public final boolean dark;

  Variant(int width, int height, boolean phone, boolean dark) {
    this.width = width;
    this.height = height;
    this.phone = phone;
    this.dark = dark;
  }

  /** {@code desktop} or {@code phone}. */
  public String device() {
    return phone ? "phone" : "desktop";
  }

  /** {@code light} or {@code dark}. */
  public String scheme() {
    return dark ? "dark" : "light";
  }

  /** {@code desktop-light}, {@code phone-dark}, …: the suffix of screenshot names. */
  public String label() {
    return device() + "-" + scheme();
  }

  static List<Variant> selected(String labels) {
    if (labels.isBlank()) {
      return List.of(values());
    }
    List<Variant> chosen = new java.util.ArrayList<>();
    for (String label : labels.split(",")) {
      chosen.add(java.util.Arrays.stream(values()).filter(v -> v.label().equals(label.strip())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("latchkey.browser.variants: no variant " + label)));
    }
    return List.copyOf(chosen);
  }

  @Override
  public String toString() {
    return label().toLowerCase(Locale.ROOT);
  }
}
