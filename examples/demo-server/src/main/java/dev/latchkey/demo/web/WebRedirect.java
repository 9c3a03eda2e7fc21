package dev.latchkey.demo.web;

/** Thrown by a page handler to answer with a redirect (for example to the login page); never an error. */
final class WebRedirect extends RuntimeException {
  final String location;

  WebRedirect(String location) {
    super(null, null, false, false);
    this.location = location;
  }
}
