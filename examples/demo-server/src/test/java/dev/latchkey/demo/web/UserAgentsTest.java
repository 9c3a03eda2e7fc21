package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sessions page's names for browsers and systems, from real user-agent strings. */
class UserAgentsTest {
  @ParameterizedTest(name = "{1} on {2}")
  @CsvSource(delimiter = '|', textBlock = """
      Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome 131 | Windows
      Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70 | Edge 131 | Windows
      Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0 | Opera 115 | Windows
      Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox 133 | Windows
      Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko | Internet Explorer 11 | Windows 7
      Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15 | Safari 17 | macOS
      Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome 131 | macOS
      Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox 133 | macOS
      Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox 133 | Linux
      Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox 133 | Ubuntu
      Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36 | Chrome 131 | Linux
      Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome 131 | ChromeOS
      Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 | Safari 17 | iOS 17
      Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1 | Chrome 131 | iOS 18
      Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15 | Firefox 133 | iOS 18
      Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 | Safari 17 | iPadOS 17
      Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 | Chrome 131 | Android 14
      Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36 | Samsung Internet 26 | Android 14
      Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0 | Firefox 133 | Android 14
      Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0 | Edge 131 | Android 10
      Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Vivaldi/7.0.3495.18 | Vivaldi 7 | Windows
      curl/8.5.0 | curl 8 | unknown system
      Java-http-client/25 | Java-http-client 25 | unknown system
      python-requests/2.32.3 | python-requests 2 | unknown system
      """)
  void recognises(String userAgent, String browser, String os) {
    UserAgents.Device device = UserAgents.describe(userAgent.strip());
    assertThat(device.browser()).isEqualTo(browser);
    assertThat(device.os()).isEqualTo(os);
  }

  @Test
  @DisplayName("absent, blank and unrecognised strings are named plainly")
  void unknown() {
    assertThat(UserAgents.describe(null).label()).isEqualTo("Unknown browser on unknown system");
    assertThat(UserAgents.describe("  ").label()).isEqualTo("Unknown browser on unknown system");
    assertThat(UserAgents.describe("<script>alert(1)</script>").label())
        .isEqualTo("Unknown browser on unknown system");
  }

  @Test
  @DisplayName("a huge or pathological string is cut to 512 characters and answered at once (no regex blow-up)")
  void hugeInput() {
    String huge = "Mozilla/5.0 (iPhone " + " OS".repeat(100_000) + " Trident/" + "rv:".repeat(10_000);
    UserAgents.Device device = UserAgents.describe(huge);
    assertThat(device.os()).isEqualTo("unknown system");
    assertThat(UserAgents.describe("x".repeat(600) + " Firefox/133").browser()).isEqualTo("Unknown browser");
  }
}
