package io.switchboard.events.sealed;

/**
 * Sealed bytes that cannot be opened: tampered, truncated, addressed to another device or message,
 * sealed by another sender, or in an unknown suite. It is the one way opening fails, so a caller
 * has a single place to drop a message it cannot trust. It is checked because, for data off the
 * wire, failing to open is an expected outcome the caller must decide about, not a bug.
 *
 * <p>Its message names what could not be opened (key ids, the message id) and never carries key
 * material, shared secrets or plaintext; nor does it carry the underlying JDK exception, whose
 * details could help an attacker tell failures apart.
 */
public final class SealedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public SealedMessageException(String message) {
    super(message);
  }
}
