package io.switchboard.cli.run;

import java.util.List;

/**
 * A mesh service as the run command starts it.
 *
 * @param name the component's name, which is also its Maven module
 * @param port its HTTP port
 * @param links what it offers, the most useful first
 */
public record ServiceSpec(String name, int port, List<Link> links) {
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String healthUrl() {
    return baseUrl() + "/q/health/ready";
  }
}
