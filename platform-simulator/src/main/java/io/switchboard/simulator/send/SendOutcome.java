package io.switchboard.simulator.send;

/**
 * How the simulator answers one Send API call.
 *
 * @param status the HTTP status
 * @param body the JSON body: a success body or a {@link MetaError}
 */
public record SendOutcome(int status, Object body) {
  public static SendOutcome ok(Object body) {
    return new SendOutcome(200, body);
  }

  public static SendOutcome error(int status, MetaError error) {
    return new SendOutcome(status, error);
  }
}
