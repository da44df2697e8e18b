package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes the calls of one {@link OutboundPlan.Send}, in order: each waits for the page's rate limit,
 * is retried with backoff while it fails transiently, and when the platform says the 24-hour window
 * has closed the platform's {@link WindowFallback} is tried once (Messenger and Instagram: the same
 * message with the HUMAN_AGENT tag; WhatsApp: a template in place of the rest of the event). The
 * first call that fails for good ends the event; later calls are not made, so the recipient never
 * sees an attachment without the text before it.
 */
public final class OutboundSender {
  private static final Logger LOG = Logger.getLogger(OutboundSender.class);
  static final String HUMAN_AGENT = "HUMAN_AGENT";

  private final SendApiClient client;
  private final RateLimiter limiter;
  private final RetryPolicy retries;
  private final WindowFallback windowFallback;

  /**
   * @param humanAgentTag whether a message refused as outside the window is sent again with the
   *     HUMAN_AGENT tag ({@link WindowFallback#HUMAN_AGENT})
   */
  public OutboundSender(
      SendApiClient client, RateLimiter limiter, RetryPolicy retries, boolean humanAgentTag) {
    this(
        client, limiter, retries, humanAgentTag ? WindowFallback.HUMAN_AGENT : WindowFallback.NONE);
  }

  public OutboundSender(
      SendApiClient client,
      RateLimiter limiter,
      RetryPolicy retries,
      WindowFallback windowFallback) {
    this.client = client;
    this.limiter = limiter;
    this.retries = retries;
    this.windowFallback = windowFallback;
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
    return call(plan, request, 1, false)
        .chain(
            result -> {
              int attempts = spent + result.attempts();
              SendApiResponse last = result.last();
              if (!last.ok()) {
                return Uni.createFrom().item(failure(result, attempts));
              }
              if (last.messageId() != null) {
                ids.add(last.messageId());
              }
              if (result.replaced() != null) {
                // The replacement stands for this call and every call after it.
                return Uni.createFrom()
                    .item(new SendOutcome.Sent(ids, attempts, result.replaced().note()));
              }
              return sendFrom(plan, index + 1, ids, attempts);
            });
  }

  private static SendOutcome failure(Attempted result, int attempts) {
    if (result.replaced() == null) {
      return SendOutcome.failed(result.last(), attempts, result.exhausted());
    }
    // The message was refused as outside the window; that its replacement failed too does not
    // change why it was not delivered.
    return new SendOutcome.Failed(
        "outside_window",
        "the Send API answered "
            + result.replaced().refused().describe()
            + "; the window fallback answered "
            + result.last().describe()
            + (result.exhausted() ? " after " + attempts + " attempts" : ""),
        result.last().status(),
        attempts);
  }

  private Uni<Attempted> call(
      OutboundPlan.Send plan, SendRequest request, int attempt, boolean fallback) {
    return limiter
        .acquire(plan.pageId(), request.rateClass())
        .chain(() -> client.send(plan.pageId(), request.body()))
        .chain(response -> next(plan, request, attempt, fallback, response));
  }

  private Uni<Attempted> next(
      OutboundPlan.Send plan,
      SendRequest request,
      int attempt,
      boolean fallback,
      SendApiResponse response) {
    if (response.ok()) {
      return Uni.createFrom().item(new Attempted(response, attempt, false, null));
    }
    if (retries.retryable(response)) {
      if (!retries.attemptsLeft(attempt)) {
        return Uni.createFrom().item(new Attempted(response, attempt, true, null));
      }
      Duration wait = retries.backoff(attempt, response);
      LOG.debugf(
          "Send API call for page %s: %s; attempt %d, retrying in %d ms",
          plan.pageId(), response.describe(), attempt, wait.toMillis());
      return Uni.createFrom()
          .voidItem()
          .onItem()
          .delayIt()
          .by(wait)
          .chain(() -> call(plan, request, attempt + 1, fallback));
    }
    if (response.outsideWindow() && !fallback) {
      Optional<WindowFallback.Step> step = windowFallback.after(plan, request);
      if (step.isPresent()) {
        return outsideWindow(plan, attempt, response, step.get());
      }
    }
    return Uni.createFrom().item(new Attempted(response, attempt, false, null));
  }

  private Uni<Attempted> outsideWindow(
      OutboundPlan.Send plan, int attempt, SendApiResponse refused, WindowFallback.Step step) {
    LOG.debugf(
        "page %s: outside the 24-hour window, sending the fallback (%s)",
        plan.pageId(), step.getClass().getSimpleName());
    if (step instanceof WindowFallback.Step.Replace replace) {
      Replaced replaced = new Replaced(refused, replace.note());
      return call(plan, step.request(), attempt + 1, true)
          .map(result -> result.replacing(replaced));
    }
    return call(plan, step.request(), attempt + 1, true);
  }

  /**
   * The last answer for one request and how many calls it took.
   *
   * @param replaced set when the answer is that of a {@link WindowFallback.Step.Replace}
   */
  private record Attempted(
      SendApiResponse last, int attempts, boolean exhausted, Replaced replaced) {
    Attempted replacing(Replaced replaced) {
      return new Attempted(last, attempts, exhausted, replaced);
    }
  }

  /** A call refused as outside the window, and the note its replacement reports. */
  private record Replaced(SendApiResponse refused, String note) {}
}
