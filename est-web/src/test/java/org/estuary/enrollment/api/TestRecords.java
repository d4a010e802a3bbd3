package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the server's tables with plain SQL, inside the server, to check what was committed. */
final class TestRecords {

    private final DataSource database;

    TestRecords(DataSource database) {
        this.database = database;
    }

    /** Asserts the certificate is recorded as issued over EST on the root profile; returns the serial it renews. */
    String assertCertificateRecorded(String serial, byte[] der) throws Exception {
        List<List<String>> rows = query("SELECT status, source, profile, issuer_id, renews_serial FROM issued_certificate"
                + " WHERE serial_number = ?", serial);
        assertEquals(1, rows.size(), "certificate " + serial + " is recorded once");
        assertEquals(List.of("ISSUED", "EST", "default", "iss-local"), rows.get(0).subList(0, 4));
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT der FROM issued_certificate WHERE serial_number = ?")) {
            query.setString(1, serial);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertArrayEquals(der, row.getBytes(1));
            }
        }
        return rows.get(0).get(4);
    }

    /** "action|principal|profile" of each audit row naming {@code serial}. */
    List<String> auditRowsOf(String serial) throws Exception {
        return query("SELECT action, principal, profile FROM audit_event WHERE certificate_serial = ?", serial).stream()
                .map(row -> String.join("|", row)).toList();
    }

    long countAudit(String action, String detail) throws Exception {
        return detail == null
                ? Long.parseLong(query("SELECT COUNT(*) FROM audit_event WHERE action = ?", action).get(0).get(0))
                : Long.parseLong(query("SELECT COUNT(*) FROM audit_event WHERE action = ? AND detail = ?", action, detail)
                        .get(0).get(0));
    }

    List<List<String>> query(String sql, Object... parameters) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int columns = row.getMetaData().getColumnCount();
                while (row.next()) {
                    List<String> values = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        values.add(row.getString(c));
                    }
                    rows.add(values);
                }
                return rows;
            }
        }
    }
}
