package io.switchboard.whatsapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** A test's direct view of the bridge's tables. */
public final class Rows {
  private Rows() {}

  /** The first column of every row {@code sql} selects, as text. */
  public static List<String> strings(DataSource db, String sql, Object... args) {
    try (Connection connection = db.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setObject(i + 1, args[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of every table in {@code schema}, each as its JSON text. */
  public static List<String> everyRow(DataSource db, String schema) {
    List<String> rows = new ArrayList<>();
    for (String table :
        strings(
            db,
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                + " FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'BASE TABLE'",
            schema)) {
      rows.addAll(strings(db, "SELECT row_to_json(t)::text FROM " + table + " t"));
    }
    return rows;
  }
}
