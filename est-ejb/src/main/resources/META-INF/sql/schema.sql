CREATE SEQUENCE IF NOT EXISTS issued_certificate_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE IF NOT EXISTS issued_certificate (id BIGINT NOT NULL PRIMARY KEY, serial_number VARCHAR(64) NOT NULL, issuer_id VARCHAR(64) NOT NULL, subject_dn VARCHAR(1024) NOT NULL, common_name VARCHAR(256), subject_alt_names VARCHAR(4000), key_algorithm VARCHAR(32) NOT NULL, not_before TIMESTAMP NOT NULL, not_after TIMESTAMP NOT NULL, issued_at TIMESTAMP NOT NULL, profile VARCHAR(64) NOT NULL, source VARCHAR(16) NOT NULL, requested_from VARCHAR(64), status VARCHAR(16) NOT NULL, der BYTEA NOT NULL, CONSTRAINT uq_issued_certificate_serial UNIQUE (issuer_id, serial_number));
CREATE SEQUENCE IF NOT EXISTS audit_event_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE IF NOT EXISTS audit_event (id BIGINT NOT NULL PRIMARY KEY, occurred_at TIMESTAMP NOT NULL, action VARCHAR(64) NOT NULL, profile VARCHAR(64) NOT NULL, source_ip VARCHAR(64), principal VARCHAR(512), detail VARCHAR(1000), certificate_serial VARCHAR(64));
CREATE INDEX IF NOT EXISTS ix_audit_event_time ON audit_event (occurred_at);
CREATE INDEX IF NOT EXISTS ix_audit_event_serial ON audit_event (certificate_serial);
