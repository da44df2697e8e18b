package io.switchboard.simulator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.service.rest.ApiException;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.config.SimulatorConfig;
import io.switchboard.simulator.users.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Drives the other direction: builds a webhook batch in the platform's format, signs it with the
 * platform's app secret and posts it to the adapter, as Meta would. The person becomes a known
 * user, and what they wrote opens the messaging window.
 */
@ApplicationScoped
public class WebhookDriver {
  private static final Logger LOG = Logger.getLogger(WebhookDriver.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final SimulatorConfig config;
  private final UserDirectory users;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final DriveLog driven;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Clock clock = Clock.systemUTC();

  public WebhookDriver(
      SimulatorConfig config,
      UserDirectory users,
      ObjectMapper json,
      MeterRegistry registry,
      DriveLog driven) {
    this.config = config;
    this.driven = driven;
    this.users = users;
    this.json = json;
    this.registry = registry;
  }

  public Uni<DriveResult> drive(Platform platform, WebhookDescription description) {
    String secret =
        config
            .appSecrets()
            .of(platform)
            .orElseThrow(
                () ->
                    new ApiException(
                        503,
                        "not_configured",
                        "no app secret is configured for "
                            + platform.id()
                            + " (switchboard.simulator.app-secrets."
                            + platform.id()
                            + ")"));
    Instant now = clock.instant();
    BuiltBatch batch = build(platform, description, now);
    byte[] body = bytes(batch);
    String signature =
        WebhookSigner.signature(description.forged() ? secret + "-forged" : secret, body);
    boolean inbound = description.events().stream().anyMatch(WebhookEvent::isInbound);
    users.remember(platform, description.businessId(), description.userId(), inbound ? now : null);
    String target = config.targets().of(platform);
    return Multi.createFrom()
        .range(0, description.repeatOrOnce())
        .onItem()
        .transformToUniAndConcatenate(attempt -> post(platform, target, signature, body))
        .collect()
        .asList()
        .invoke(statuses -> driven.record(now, platform, description, statuses))
        .map(statuses -> new DriveResult(target, statuses, batch.mids(), signature, batch.body()));
  }

  private BuiltBatch build(Platform platform, WebhookDescription description, Instant now) {
    return platform == Platform.WHATSAPP
        ? new WhatsappBatchBuilder(json).build(description, now)
        : new MessagingBatchBuilder(platform, json).build(description, now);
  }

  private Uni<Integer> post(Platform platform, String target, String signature, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header(WebhookSigner.HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return Uni.createFrom()
        .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
        .map(HttpResponse::statusCode)
        .invoke(status -> count(platform, Integer.toString(status)))
        .onFailure()
        .transform(
            failure -> {
              count(platform, "unreachable");
              LOG.warnf("webhook to %s failed: %s", target, failure.getClass().getSimpleName());
              return new ApiException(
                  502, "adapter_unreachable", "the adapter at " + target + " could not be reached");
            });
  }

  private void count(Platform platform, String status) {
    registry
        .counter("simulator.webhooks.posted", "platform", platform.id(), "status", status)
        .increment();
  }

  private byte[] bytes(BuiltBatch batch) {
    try {
      return json.writeValueAsBytes(batch.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
