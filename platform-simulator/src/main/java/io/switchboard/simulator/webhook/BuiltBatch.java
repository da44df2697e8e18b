package io.switchboard.simulator.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A webhook batch in the platform's format.
 *
 * @param body the JSON to post
 * @param mids the ids of the messages the batch creates, in order
 */
record BuiltBatch(ObjectNode body, List<String> mids) {}
