package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes the calls of one {@link OutboundPlan.Send}, in order: each waits for the page's rate limit,
 * is retried with backoff while it fails transiently, and is sent once more with the HUMAN_AGENT
 * tag when the platform says the 24-hour window has closed and tagging is allowed. The first call
 * that fails for good ends the event; later calls are not made, so the recipient never sees an
 * attachment without the text before it.
 */
public final class OutboundSender {
  private static final Logger LOG = Logger.getLogger(OutboundSender.class);
  static final String HUMAN_AGENT = "HUMAN_AGENT";

  private final SendApiClient client;
  private final RateLimiter limiter;
  private final RetryPolicy retries;
  private final boolean humanAgentTag;

  public OutboundSender(
      SendApiClient client, RateLimiter limiter, RetryPolicy retries, boolean humanAgentTag) {
    this.client = client;
    this.limiter = limiter;
    this.retries = retries;
    this.humanAgentTag = humanAgentTag;
  }

  public Uni<SendOutcome> send(OutboundPlan.Send plan) {
    return sendFrom(plan, 0, new ArrayList<>(), 0);
  }

  private Uni<SendOutcome> sendFrom(
      OutboundPlan.Send plan, int index, List<String> ids, int spent) {
    if (index == plan.requests().size()) {
      return Uni.createFrom().item(new SendOutcome.Sent(ids, spent));
    }
    SendRequest request = plan.requests().get(index);
    return call(plan.pageId(), request, 1, false)
        .chain(
            result -> {
              int attempts = spent + result.attempts();
              if (!result.last().ok()) {
                return Uni.createFrom()
                    .item(SendOutcome.failed(result.last(), attempts, result.exhausted()));
              }
              if (result.last().messageId() != null) {
                ids.add(result.last().messageId());
              }
              return sendFrom(plan, index + 1, ids, attempts);
            });
  }

  private Uni<Attempted> call(String pageId, SendRequest request, int attempt, boolean tagged) {
    return limiter
        .acquire(pageId, request.rateClass())
        .chain(() -> client.send(pageId, request.body()))
        .chain(response -> next(pageId, request, attempt, tagged, response));
  }

  private Uni<Attempted> next(
      String pageId, SendRequest request, int attempt, boolean tagged, SendApiResponse response) {
    if (response.ok()) {
      return Uni.createFrom().item(new Attempted(response, attempt, false));
    }
    if (retries.retryable(response)) {
      if (!retries.attemptsLeft(attempt)) {
        return Uni.createFrom().item(new Attempted(response, attempt, true));
      }
      var wait = retries.backoff(attempt);
      LOG.debugf(
          "Send API call for page %s: %s; attempt %d, retrying in %d ms",
          pageId, response.describe(), attempt, wait.toMillis());
      return Uni.createFrom()
          .voidItem()
          .onItem()
          .delayIt()
          .by(wait)
          .chain(() -> call(pageId, request, attempt + 1, tagged));
    }
    if (response.outsideWindow() && humanAgentTag && request.isMessage() && !tagged) {
      LOG.debugf("page %s: outside the 24-hour window, sending with %s", pageId, HUMAN_AGENT);
      return call(pageId, request.tagged(HUMAN_AGENT), attempt + 1, true);
    }
    return Uni.createFrom().item(new Attempted(response, attempt, false));
  }

  /** The last answer for one request and how many calls it took. */
  private record Attempted(SendApiResponse last, int attempts, boolean exhausted) {}
}
