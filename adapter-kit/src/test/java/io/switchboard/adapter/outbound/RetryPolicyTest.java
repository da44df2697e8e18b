package io.switchboard.adapter.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Duration INITIAL = Duration.ofMillis(200);
  private static final Duration MAX = Duration.ofSeconds(5);

  @Test
  void backoffCapDoublesFromTheInitialWaitUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(10, INITIAL, MAX, () -> 0.5);

    assertThat(policy.cap(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.cap(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.cap(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.cap(6)).isEqualTo(MAX);
    assertThat(policy.cap(60)).isEqualTo(MAX);
  }

  @Test
  void fullJitterWaitsAnywhereBetweenAMillisecondAndTheCap() {
    // A timer cannot wait less than a millisecond, so the shortest jitter is one.
    assertThat(new RetryPolicy(5, INITIAL, MAX, () -> 0.0).backoff(3))
        .isEqualTo(Duration.ofMillis(1));
    assertThat(new RetryPolicy(5, INITIAL, MAX, () -> 0.25).backoff(3))
        .isEqualTo(Duration.ofMillis(200));
    assertThat(new RetryPolicy(5, INITIAL, MAX, () -> 0.999_999).backoff(3))
        .isLessThan(Duration.ofMillis(800))
        .isGreaterThan(Duration.ofMillis(799));

    RetryPolicy random = RetryPolicy.of(retry(5));
    for (int attempt = 1; attempt < 8; attempt++) {
      assertThat(random.backoff(attempt))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1))
          .isLessThanOrEqualTo(random.cap(attempt));
    }
  }

  @Test
  void countsAttemptsUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(3, INITIAL, MAX, () -> 0.5);

    assertThat(policy.attemptsLeft(1)).isTrue();
    assertThat(policy.attemptsLeft(2)).isTrue();
    assertThat(policy.attemptsLeft(3)).isFalse();
  }

  @Test
  void retriesRateLimitsServerErrorsAndMissingAnswers() {
    RetryPolicy policy = new RetryPolicy(3, INITIAL, MAX, () -> 0.5);

    assertThat(policy.retryable(meta(429, 613, 0))).isTrue();
    assertThat(policy.retryable(meta(500, 1, 0))).isTrue();
    assertThat(policy.retryable(meta(503, 2, 0))).isTrue();
    assertThat(policy.retryable(meta(400, 613, 0))).as("rate limit answered as 400").isTrue();
    assertThat(policy.retryable(SendApiResponse.noAnswer("timeout"))).isTrue();
    assertThat(policy.retryable(SendApiResponse.noAnswer("connection"))).isTrue();
  }

  @Test
  void neverRetriesWhatARetryCannotFix() {
    RetryPolicy policy = new RetryPolicy(3, INITIAL, MAX, () -> 0.5);

    assertThat(policy.retryable(meta(400, 100, 2018001))).as("unknown recipient").isFalse();
    assertThat(policy.retryable(meta(400, 10, 2018278))).as("outside window").isFalse();
    assertThat(policy.retryable(meta(401, 190, 0))).as("token").isFalse();
    assertThat(policy.retryable(meta(400, 100, 0))).as("bad parameter").isFalse();
    assertThat(policy.retryable(SendApiResponse.noAnswer(SendApiResponse.NO_ACCESS_TOKEN)))
        .isFalse();
    assertThat(policy.retryable(SendApiResponse.of(200, new JsonObject()))).isFalse();
  }

  @Test
  void retriesWhatsAppRateLimitsAndNeverItsPermanentRefusals() {
    RetryPolicy policy = new RetryPolicy(3, INITIAL, MAX, () -> 0.5);

    assertThat(policy.retryable(meta(429, 130429, 0))).as("throughput").isTrue();
    assertThat(policy.retryable(meta(400, 130429, 0))).as("throughput as 400").isTrue();
    assertThat(policy.retryable(meta(400, 131056, 0))).as("pair rate as 400").isTrue();
    assertThat(policy.retryable(meta(400, 80007, 0))).as("account rate").isTrue();
    assertThat(policy.retryable(meta(400, 131026, 0))).as("undeliverable").isFalse();
    assertThat(policy.retryable(meta(400, 131047, 0))).as("re-engagement").isFalse();
    assertThat(policy.retryable(meta(500, 131047, 0))).as("re-engagement as 500").isFalse();
  }

  @Test
  void waitsAtLeastTheSlowCapForSlowCodesAndFullJitterForTheOthers() {
    RetryPolicy policy =
        new RetryPolicy(5, INITIAL, MAX, () -> 0.5)
            .withSlowRetry(Set.of(131056), Duration.ofSeconds(6), Duration.ofSeconds(30));

    assertThat(policy.backoff(1, meta(429, 131056, 0))).isEqualTo(Duration.ofMillis(7500));
    assertThat(policy.backoff(2, meta(429, 131056, 0))).isEqualTo(Duration.ofMillis(15000));
    assertThat(policy.backoff(4, meta(429, 131056, 0))).isEqualTo(Duration.ofMillis(37500));
    assertThat(policy.backoff(1, meta(429, 130429, 0))).isEqualTo(Duration.ofMillis(100));
    assertThat(
            new RetryPolicy(5, INITIAL, MAX, () -> 0.0)
                .withSlowRetry(Set.of(131056), Duration.ofSeconds(6), Duration.ofSeconds(30))
                .backoff(1, meta(429, 131056, 0)))
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(policy.retryable(meta(400, 131056, 0))).isTrue();
  }

  @Test
  void readsWhatsAppAnswers() {
    JsonObject sent =
        new JsonObject()
            .put("messaging_product", "whatsapp")
            .put(
                "messages",
                new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", "wamid.X")));

    assertThat(SendApiResponse.of(200, sent).messageId()).isEqualTo("wamid.X");
    assertThat(SendApiResponse.of(200, new JsonObject().put("success", true)).messageId()).isNull();
    assertThat(meta(400, 131047, 0).outsideWindow()).isTrue();
    assertThat(meta(400, 10, 2018278).outsideWindow()).isTrue();
    assertThat(meta(400, 10, 0).outsideWindow()).isFalse();
    assertThat(
            SendApiResponse.of(
                    400, new JsonObject().put("error", new JsonObject().put("code", "x")))
                .errorCode())
        .as("a code that is not a number")
        .isZero();
  }

  static SendApiResponse meta(int status, int code, int subcode) {
    JsonObject error = new JsonObject().put("message", "(#" + code + ") …").put("code", code);
    if (subcode != 0) {
      error.put("error_subcode", subcode);
    }
    return SendApiResponse.of(status, new JsonObject().put("error", error));
  }

  private static SendApiConfig.Retry retry(int attempts) {
    return new SendApiConfig.Retry() {
      @Override
      public int maxAttempts() {
        return attempts;
      }

      @Override
      public Duration initialBackoff() {
        return INITIAL;
      }

      @Override
      public Duration maxBackoff() {
        return MAX;
      }
    };
  }
}
