package io.switchboard.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo people of a local run: a person on Instagram, one on Messenger and one on WhatsApp, with
 * cross-app messaging on and messages from Switchboard devices to the inbox, each known to the
 * platform simulator as a user of its app. They are made through identity-service's API like anyone
 * else (found again on a later start, never twice), and listed in a JSON file that the gateway's
 * demo endpoints read ({@code docs/web-client.md}).
 */
public final class DemoPeople {
  /** One demo person: a display name and the app account they start with. */
  public record Person(String name, String platform, String accountId) {}

  /** Who the demo starts with. */
  public static final List<Person> PEOPLE =
      List.of(
          new Person("Ada", "instagram", "2000000000000001"),
          new Person("Ben", "messenger", "3000000000000001"),
          new Person("Chloé", "whatsapp", "15550100001"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a local run keeps the list: beside the secrets file. */
  public static Path file(Path secretsFile) {
    return secretsFile.resolveSibling("demo-people.json");
  }

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI identity;
  private final URI simulator;
  private final LocalTokens tokens;
  private final Map<String, String> businessAccounts;

  public DemoPeople(
      URI identity, URI simulator, LocalTokens tokens, Map<String, String> businessAccounts) {
    this.identity = identity;
    this.simulator = simulator;
    this.tokens = tokens;
    this.businessAccounts = businessAccounts;
  }

  /**
   * Makes sure every demo person exists with cross-app messaging on and is a simulator user, then
   * writes the list ({@code [{"personId","name","accounts":[{"platform","accountId"}]}]}) to {@code
   * file}, atomically.
   */
  public ArrayNode seed(List<Person> people, Path file) {
    ArrayNode list = JSON.createArrayNode();
    String service = tokens.service("switchboard-cli", TOKEN_LIFETIME);
    for (Person person : people) {
      String personId = findOrCreate(person, service);
      String token = tokens.person(personId, TOKEN_LIFETIME);
      call(
          "PUT",
          identity.resolve("/api/v1/people/" + personId + "/consent"),
          "{\"crossAppEnabled\":true}",
          token,
          200);
      // The demo people know each other: what they write from Switchboard goes to the inbox (and
      // crosses to the other's app) from the first message. Strangers on an app still land in
      // requests, as identity-service's defaults say.
      call(
          "PUT",
          identity.resolve("/api/v1/people/" + personId + "/controls/switchboard"),
          "{\"known\":\"inbox\",\"unknown\":\"inbox\"}",
          token,
          200);
      ObjectNode user = JSON.createObjectNode();
      user.put("platform", person.platform());
      user.put("businessId", businessAccounts.get(person.platform()));
      user.put("userId", person.accountId());
      call("POST", simulator.resolve("/simulator/users"), user.toString(), null, 200);
      ObjectNode entry = list.addObject();
      entry.put("personId", personId);
      entry.put("name", person.name());
      ObjectNode account = entry.putArray("accounts").addObject();
      account.put("platform", person.platform());
      account.put("accountId", person.accountId());
    }
    write(file, list);
    return list;
  }

  private String findOrCreate(Person person, String service) {
    URI resolve =
        identity.resolve(
            "/api/v1/resolve?platform="
                + person.platform()
                + "&accountId="
                + URLEncoder.encode(person.accountId(), StandardCharsets.UTF_8));
    HttpResponse<String> found = send("GET", resolve, null, service);
    if (found.statusCode() == 200) {
      return read(found).path("personId").asText();
    }
    if (found.statusCode() != 404) {
      throw refused("GET", resolve, found);
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode account = body.putObject("account");
    account.put("platform", person.platform());
    account.put("accountId", person.accountId());
    return read(call("POST", identity.resolve("/api/v1/people"), body.toString(), service, 201))
        .path("id")
        .asText();
  }

  private HttpResponse<String> call(
      String method, URI uri, String body, String token, int expected) {
    HttpResponse<String> answer = send(method, uri, body, token);
    if (answer.statusCode() != expected) {
      throw refused(method, uri, answer);
    }
    return answer;
  }

  private HttpResponse<String> send(String method, URI uri, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + uri.getAuthority(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while seeding the demo people", e);
    }
  }

  private static IllegalStateException refused(
      String method, URI uri, HttpResponse<String> answer) {
    String code = "";
    try {
      code = " " + JSON.readTree(answer.body()).path("error").asText();
    } catch (IOException | RuntimeException e) {
      // no error body
    }
    return new IllegalStateException(
        method + " " + uri.getPath() + " answered " + answer.statusCode() + code);
  }

  private static JsonNode read(HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: the answer of " + answer.uri().getPath(), e);
    }
  }

  private static void write(Path file, ArrayNode list) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
