package io.switchboard.identity.rest;

/**
 * Another identifier of a WhatsApp account.
 *
 * @param kind wa_id, bsuid or phone
 * @param value the identifier; a phone number in E.164
 */
public record AliasInput(String kind, String value) {
  /** Never prints the value: it may be a phone number. */
  @Override
  public String toString() {
    return "AliasInput[kind=" + kind + "]";
  }
}
