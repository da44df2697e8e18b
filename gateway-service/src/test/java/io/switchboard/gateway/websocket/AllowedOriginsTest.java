package io.switchboard.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {
  private final AllowedOrigins origins =
      new AllowedOrigins(List.of("https://app.switchboard.example", "http://localhost:*"));

  @Test
  void allowsClientsThatAreNotBrowsersAndTheGatewaysOwnOrigin() {
    assertThat(origins.allows(null, "gateway.example")).isTrue();
    assertThat(origins.allows("https://gateway.example", "gateway.example")).isTrue();
    assertThat(origins.allows("http://127.0.0.1:8085", "127.0.0.1:8085")).isTrue();
  }

  @Test
  void allowsListedOriginsAndAnyPortOfAWildcardHost() {
    assertThat(origins.allows("https://APP.switchboard.example", "gateway.example")).isTrue();
    assertThat(origins.allows("http://localhost:3000", "gateway.example")).isTrue();
    assertThat(origins.allows("http://localhost", "gateway.example")).isTrue();
  }

  @Test
  void refusesEveryOtherOrigin() {
    assertThat(origins.allows("https://evil.example", "gateway.example")).isFalse();
    assertThat(origins.allows("http://app.switchboard.example", "gateway.example")).isFalse();
    assertThat(origins.allows("http://localhost.evil.example:80", "gateway.example")).isFalse();
    assertThat(origins.allows("http://localhost:3000@evil.example", "gateway.example")).isFalse();
    assertThat(origins.allows("https://localhost:3000", "gateway.example")).isFalse();
    assertThat(origins.allows("null", "gateway.example")).isFalse();
  }
}
