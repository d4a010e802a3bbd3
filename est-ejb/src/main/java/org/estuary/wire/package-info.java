/**
 * Pure codecs for EST messages, with no Jakarta EE dependency: the tolerant request-body reader
 * (RFC 8951 §3.2 base64, PEM armour, raw DER), PKCS#10 decoding with proof-of-possession, the
 * PKCS#7 certs-only structure (RFC 7030 §4.1.3, §4.2.3), the base64 response text, CsrAttrs
 * (RFC 8951 §4), multipart/mixed, the server-generated-key EnvelopedData (RFC 7030 §4.4.2) and
 * the CMC Full PKI Request and Response of /fullcmc (RFC 7030 §4.3, RFC 5272).
 */
package org.estuary.wire;
