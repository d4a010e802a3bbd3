/**
 * MicroProfile Health readiness ({@code /health/ready}): the database answers and every CA key
 * signs. Liveness is the container's default.
 */
package org.estuary.health.api;
