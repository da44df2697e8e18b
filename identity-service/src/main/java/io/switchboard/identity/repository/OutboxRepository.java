package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.switchboard.identity.entity.OutboxRecord;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxRecord, Long> {}
