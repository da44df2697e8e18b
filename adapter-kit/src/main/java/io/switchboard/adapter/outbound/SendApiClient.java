package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.util.concurrent.TimeoutException;

/**
 * Posts one request body to a Graph Send API ({@code <base-url>/<version>/<page-id>/messages}) with
 * the access token as a bearer header (never in the URL, which ends up in logs). Every outcome is
 * an answer: an error status is a {@link SendApiResponse}, and so is a timeout or a refused
 * connection (status 0), so that the caller decides about retries in one place.
 */
public final class SendApiClient {
  private final HttpClient http;
  private final SendApiConfig config;
  private final String base;

  public SendApiClient(Vertx vertx, SendApiConfig config) {
    this.config = config;
    this.base = config.baseUrl().replaceAll("/+$", "");
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setKeepAlive(true));
  }

  /** The call's answer; never fails. */
  public Uni<SendApiResponse> send(String pageId, JsonObject body) {
    if (config.accessToken().isEmpty()) {
      return Uni.createFrom().item(SendApiResponse.noAnswer(SendApiResponse.NO_ACCESS_TOKEN));
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(base + "/" + config.version() + "/" + pageId + "/messages")
            .putHeader("Authorization", "Bearer " + config.accessToken().get())
            .putHeader("Content-Type", "application/json")
            .putHeader("Accept", "application/json");
    return http.request(options)
        .chain(request -> request.send(Buffer.buffer(body.encode())))
        .chain(response -> response.body().map(payload -> answer(response, payload)))
        .ifNoItem()
        .after(config.timeout())
        .failWith(TimeoutException::new)
        .onFailure()
        .recoverWithItem(SendApiClient::noAnswer);
  }

  private static SendApiResponse answer(HttpClientResponse response, Buffer payload) {
    JsonObject json;
    try {
      json = payload.length() == 0 ? new JsonObject() : new JsonObject(payload.toString());
    } catch (DecodeException | ClassCastException e) {
      json = new JsonObject();
    }
    return SendApiResponse.of(response.statusCode(), json);
  }

  private static SendApiResponse noAnswer(Throwable failure) {
    if (failure instanceof TimeoutException
        || failure instanceof io.netty.handler.timeout.TimeoutException) {
      return SendApiResponse.noAnswer("timeout");
    }
    return SendApiResponse.noAnswer("connection");
  }
}
