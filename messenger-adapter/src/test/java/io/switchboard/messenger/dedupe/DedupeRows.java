package io.switchboard.messenger.dedupe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads and writes the dedupe table directly, as a test's view of what the store holds. */
public final class DedupeRows {
  private DedupeRows() {}

  /** {@code published} or {@code claimed} for the row of {@code eventId}, or nothing. */
  public static List<String> states(DataSource db, String eventId) {
    try (Connection connection = db.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT published_at IS NOT NULL FROM adapter.webhook_dedupe WHERE event_id = ?")) {
      select.setString(1, eventId);
      List<String> states = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          states.add(rows.getBoolean(1) ? "published" : "claimed");
        }
      }
      return states;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void execute(DataSource db, String sql, String eventId) {
    try (Connection connection = db.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, eventId);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(DataSource db, String sql, String eventId) {
    try (Connection connection = db.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, eventId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
