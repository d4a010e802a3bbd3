/**
 * EST profiles: the path label a fleet enrolls under and the issuer it is bound to. With no
 * labelled profiles configured, one profile serves the root {@code /.well-known/est/}. A
 * certificate policy says what a CSR may have under a profile; {@code CsrPolicy} alone decides it,
 * and the baseline policy holds where a profile names none.
 */
package org.estuary.profile;
