package io.switchboard.gateway.client;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.switchboard.gateway.limit.TokenBucket;
import io.switchboard.service.rest.ErrorResponses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The gateway's door to the people API: a call goes on only with a valid, unexpired token of the
 * mesh, and within its caller's rate. The token is checked here (signature, issuer, expiry) so that
 * a call without a good one never reaches identity-service, and the rate is counted per token
 * subject (a token bucket each, {@link ClientApiConfig.RateLimit}), so that nobody can spend
 * another person's calls. identity-service still decides what the caller may do.
 *
 * <p>Buckets live on this replica: behind a load balancer each replica counts its share. A bucket
 * that has filled up again is the same as a new one, so those are dropped about once a minute and
 * the map holds only people who called lately. Tokens are never logged.
 */
@ApplicationScoped
public class CallerLimits {
  private static final long SWEEP_EVERY = TimeUnit.MINUTES.toNanos(1);

  private final JWTParser parser;
  private final ClientApiConfig.RateLimit rate;
  private final LongSupplier clock;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private volatile long sweptAt;

  @Inject
  public CallerLimits(JWTParser parser, ClientApiConfig config) {
    this(parser, config.rateLimit(), System::nanoTime);
  }

  CallerLimits(JWTParser parser, ClientApiConfig.RateLimit rate, LongSupplier clock) {
    this.parser = parser;
    this.rate = rate;
    this.clock = clock;
    this.sweptAt = clock.getAsLong();
  }

  /**
   * Why the call with this {@code Authorization} header may not go on: {@code 401 unauthorized}
   * (with {@code WWW-Authenticate: Bearer}) without a valid, unexpired bearer token, {@code 429
   * rate_limited} (with {@code Retry-After} in seconds) when its subject called too often; empty
   * when it may.
   */
  public Optional<Response> refusal(String authorization) {
    String subject = subject(authorization);
    if (subject == null) {
      return Optional.of(
          Response.fromResponse(
                  ErrorResponses.of(401, "unauthorized", "a valid bearer token is required"))
              .header("WWW-Authenticate", "Bearer")
              .build());
    }
    long now = clock.getAsLong();
    sweep(now);
    TokenBucket bucket =
        buckets.computeIfAbsent(subject, s -> new TokenBucket(rate.perSecond(), rate.burst(), now));
    if (bucket.take(now)) {
      return Optional.empty();
    }
    long seconds = Math.max(1, (bucket.nanosUntilToken(now) + 999_999_999) / 1_000_000_000);
    return Optional.of(
        Response.fromResponse(
                ErrorResponses.of(
                    429, "rate_limited", "too many calls: try again in " + seconds + " s"))
            .header("Retry-After", Long.toString(seconds))
            .build());
  }

  /** People with a bucket on this replica now. */
  int tracked() {
    return buckets.size();
  }

  private String subject(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    JsonWebToken token;
    try {
      token = parser.parse(authorization.substring(7).trim());
    } catch (ParseException e) {
      return null;
    }
    if (token.getExpirationTime() * 1000 <= System.currentTimeMillis()) {
      return null;
    }
    return token.getSubject();
  }

  private void sweep(long now) {
    long last = sweptAt;
    if (now - last < SWEEP_EVERY) {
      return;
    }
    sweptAt = now;
    buckets.values().removeIf(bucket -> bucket.full(now));
  }
}
