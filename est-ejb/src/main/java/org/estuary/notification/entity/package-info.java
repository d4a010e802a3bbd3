/** The record of expiry notifications: one row per certificate, threshold and webhook. */
package org.estuary.notification.entity;
