/**
 * Issuers: the CAs that certify. The local CA signs with a key from a PKCS#12 file and can roll that
 * key over (RFC 7030 §4.1.3, RFC 4210 §4.4: {@link org.estuary.ca.control.CaRollover}, after which each
 * {@link org.estuary.ca.control.CaKey} signs the CRL and OCSP answers for what it signed); a
 * {@link org.estuary.ca.control.Pkcs11Token} issuer signs with a key that never leaves its token; an
 * {@link org.estuary.ca.control.UpstreamEstIssuer} holds no key and forwards admitted requests to an
 * upstream EST server (RA mode). Issuers that sign here build leaf certificates the same way (subject
 * and SANs from the reviewed template, key usage fitting the key, SKI/AKI, random serials, validity
 * capped at the CA's own); every certificate, wherever signed, is recorded as an
 * {@link org.estuary.ca.entity.IssuedCertificate}.
 */
package org.estuary.ca;
