package io.switchboard.whatsapp.keys;

/**
 * Which device key ids a sealed push may name: the current keys of linked persons, as this replica
 * knows them from {@code identity.links}.
 */
public interface DeviceKeyCheck {
  /**
   * Whether the answers can be trusted: the view holds at least everything {@code identity.links}
   * held when the service started. Before that, an unknown key may only be one not read yet.
   */
  boolean ready();

  /** Whether {@code keyId} is a current device key of any linked person. */
  boolean isCurrent(String keyId);
}
