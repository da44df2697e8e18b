package io.switchboard.simulator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the webhook driver did.
 *
 * @param status the adapter's HTTP status for each post, in order
 * @param mids the ids of the messages the batch created
 * @param signature the {@code X-Hub-Signature-256} sent with every post
 * @param body the JSON posted, byte for byte the same each time
 */
public record DriveResult(
    String target, List<Integer> status, List<String> mids, String signature, JsonNode body) {}
