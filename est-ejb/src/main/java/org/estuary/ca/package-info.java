/**
 * Issuers: the CAs that sign. The local CA signs with a key from a PKCS#12 file; every issuer
 * builds leaf certificates the same way (subject and SANs from the reviewed template, key usage
 * fitting the key, SKI/AKI, random serials, validity capped at the CA's own) and every
 * certificate it signs is recorded as an {@link org.estuary.ca.entity.IssuedCertificate}.
 */
package org.estuary.ca;
