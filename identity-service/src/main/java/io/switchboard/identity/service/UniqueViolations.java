package io.switchboard.identity.service;

import io.vertx.pgclient.PgException;

/**
 * Recognises a unique constraint that refused a write: what a concurrent request that claimed the
 * same account or alias first looks like from the one that lost.
 */
final class UniqueViolations {
  private static final String UNIQUE_VIOLATION = "23505";

  private UniqueViolations() {}

  static boolean test(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
        return true;
      }
      if (t instanceof org.hibernate.exception.ConstraintViolationException c
          && UNIQUE_VIOLATION.equals(c.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }
}
