package io.switchboard.identity.rest;

import io.switchboard.identity.entity.PersonBlock;
import java.time.Instant;

/**
 * A person this person blocked.
 *
 * @param personId the blocked person
 * @param createdAt when the block was made
 */
public record BlockView(String personId, Instant createdAt) {
  static BlockView of(PersonBlock block) {
    return new BlockView(block.key.blockedPersonId().toString(), block.createdAt);
  }
}
