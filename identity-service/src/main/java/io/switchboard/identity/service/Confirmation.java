package io.switchboard.identity.service;

import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.Person;
import io.switchboard.service.rest.ApiException;
import java.util.List;

/** What confirming a link code came to. */
public sealed interface Confirmation {
  /** The account is now the person's. */
  record Linked(Person person, List<Account> accounts) implements Confirmation {}

  /**
   * Refused, but the attempt counts: answered as a response rather than thrown, so the transaction
   * that spent the attempt commits.
   */
  record Counted(ApiException refusal) implements Confirmation {}
}
