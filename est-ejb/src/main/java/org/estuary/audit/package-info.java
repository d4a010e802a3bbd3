/**
 * The audit trail: one row per EST outcome, with the typed action codes operators filter on.
 * Successes are written in the transaction of the work they record; refusals in a transaction of
 * their own, so that they survive the rollback of the work they refused. No key bytes, passwords
 * or other secrets ever reach a row.
 */
package org.estuary.audit;
