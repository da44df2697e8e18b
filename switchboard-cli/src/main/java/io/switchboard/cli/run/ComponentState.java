package io.switchboard.cli.run;

import java.util.List;

/**
 * A running component as recorded in the state file.
 *
 * @param name the component
 * @param pid its process, or null when it runs elsewhere (an external Kafka or database)
 * @param pidStartedAt when that process started (epoch ms), so a reused pid is never mistaken
 * @param health what to probe: an {@code http://} readiness URL or a {@code tcp://host:port}
 * @param links what it offers
 * @param log its log file, relative to the repository root
 */
public record ComponentState(
    String name, Long pid, Long pidStartedAt, String health, List<Link> links, String log) {}
