package io.switchboard.identity.rest;

import io.switchboard.events.Platform;
import io.switchboard.identity.service.Refusals;

/** Reads a platform's wire name from a request; 400 naming the field otherwise. */
final class Platforms {
  private Platforms() {}

  static Platform parse(String name, String field) {
    if (name == null) {
      throw Refusals.invalid(field, "is required: instagram, messenger, whatsapp or switchboard");
    }
    try {
      return Platform.fromWireName(name);
    } catch (IllegalArgumentException e) {
      throw Refusals.invalid(field, "must be instagram, messenger, whatsapp or switchboard");
    }
  }
}
