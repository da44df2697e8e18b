package io.switchboard.simulator.webhook;

import io.switchboard.simulator.Platform;
import java.time.Instant;
import java.util.List;

/**
 * A webhook batch the simulator drove: which app user wrote to which business, what they did, and
 * the adapter's status for each post.
 */
public record DrivenWebhook(
    long seq,
    Instant time,
    Platform platform,
    String businessId,
    String userId,
    List<WebhookEvent> events,
    List<Integer> status) {}
